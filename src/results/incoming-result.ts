import type { NormalizedResult } from '../catalog';
import type { Provenance } from '../files/provenance';

/** A result as any source hands it to the draft: read from a file or typed by a person, with where it came from. */
export interface IncomingResult extends NormalizedResult {
  provenance: Provenance;
  unsure?: string;
  /** Set when the person entering the value is its confirmation (typed manual entry). */
  confirmed?: { by: string; at: Date };
}

/** Analyte keys of rows whose printed name is not in the catalog start with this. */
export const UNLISTED_PREFIX = 'unlisted:';

export function isUnlisted(analyte: string): boolean {
  return analyte.startsWith(UNLISTED_PREFIX);
}
