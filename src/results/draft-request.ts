import type { SourceFile } from '../files/source-file.entity';
import type { Sample } from '../samples/sample.entity';
import type { IncomingResult } from './incoming-result';
import type { ResultSet } from './result-set.entity';

export interface DraftSource {
  origin: 'import' | 'manual';
  sourceFile: SourceFile | null;
  /** Certificate / source facts merged into the result set's meta. */
  meta?: Record<string, unknown>;
  /** Date the results were tested (YYYY-MM-DD): selects the limit table. */
  testedOn: string;
}

export interface DraftRequest {
  sample: Sample;
  incoming: IncomingResult[];
  source: DraftSource;
}

export type DraftOutcome =
  | { kind: 'drafted'; resultSet: ResultSet; added: number; duplicates: number; conflicts: string[] }
  | { kind: 'blocked_by_approved'; resultSet: ResultSet };
