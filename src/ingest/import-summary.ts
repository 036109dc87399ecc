import type { NormalizedSample, PendingRow, UnknownAnalyte } from './pipeline';
import type { IncomingResult } from '../results/result-draft.service';
import type { CertificateMeta, SampleReference } from './parsed-batch';

export interface ImportedResult {
  panel: string;
  analyte: string;
  name: string;
  value: number | null;
  qualifier: string | null;
  unit: string;
  reportedValue: string;
  reportedUnit: string;
  loq: string | null;
  limit: string | null;
  status: string;
  conflict: boolean;
  provenance: IncomingResult['provenance'];
}

export interface ImportedResultSet {
  id: string;
  sampleId: string;
  labSampleId: string;
  uid: string | null;
  version: number;
  verdict: string | null;
  results: ImportedResult[];
}

export type UnmatchedReason = 'no_sample' | 'approved_results' | 'missing_prep';

export interface UnmatchedEntry {
  index: number;
  reason: UnmatchedReason;
  message: string;
  ref: SampleReference;
  meta?: CertificateMeta;
  results: IncomingResult[];
  pending: PendingRow[];
  unknown: UnknownAnalyte[];
  /** Set once a person attached the entry to a sample. */
  attached?: { sampleId: string; resultSetId: string; by: string; at: string };
}

export interface ImportSummary {
  id: string;
  status: 'imported' | 'rejected';
  adapter: string;
  template: string;
  templateVersion: string;
  sourceFile: { sha256: string; name: string; size: number };
  createdBy: string;
  createdAt: string;
  resultSets: ImportedResultSet[];
  unmatched: UnmatchedEntry[];
  unknownAnalytes: UnknownAnalyte[];
  qcRowsSkipped: number;
  warnings: string[];
}

export function unmatchedEntry(
  index: number,
  s: NormalizedSample,
  reason: UnmatchedReason,
  message: string,
  pending: PendingRow[] = s.pending,
): UnmatchedEntry {
  return { index, reason, message, ref: s.ref, meta: s.meta, results: s.results, pending, unknown: s.unknown };
}
