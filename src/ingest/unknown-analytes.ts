import { resolveAnalyte, type AnalyteCandidate } from '../catalog';
import type { Provenance } from './parsed-batch';

/** Distinct unknown names an import summary lists with an example and candidates; the rest are counted. */
export const LISTED_UNKNOWN_ANALYTES = 100;

/** A name the catalog did not resolve, as the import summary lists it: where it was first seen, and how often. */
export interface UnknownAnalyteEntry {
  name: string;
  /** Rows of the file that named it. */
  rows: number;
  /** The first of those rows. */
  example: Provenance;
  /** The closest catalog analytes (or, for an ambiguous name, the ones it could mean); never chosen for it. */
  candidates: AnalyteCandidate[];
}

export interface UnknownAnalyteCounts {
  /** Rows whose analyte name the catalog did not resolve. */
  rows: number;
  /** Distinct such names. */
  distinct: number;
  /** Of those, how many `unknownAnalytes` lists (the first ones, in file order). */
  listed: number;
}

/**
 * Counts a file's unknown names and keeps the first LISTED_UNKNOWN_ANALYTES of them, so the summary of a file
 * naming 100,000 different analytes stays a few kilobytes while every row is still accounted for.
 */
export class UnknownAnalyteTally {
  private readonly listed = new Map<string, UnknownAnalyteEntry & { panelHint?: string }>();
  private readonly unlisted = new Set<string>();
  private rows = 0;

  constructor(private readonly limit = LISTED_UNKNOWN_ANALYTES) {}

  add(name: string, provenance: Provenance, candidates: AnalyteCandidate[], panelHint?: string): void {
    this.rows += 1;
    const seen = this.listed.get(name);
    if (seen) {
      seen.rows += 1;
    } else if (this.listed.size < this.limit) {
      this.listed.set(name, { name, rows: 1, example: provenance, candidates, panelHint });
    } else {
      this.unlisted.add(name);
    }
  }

  /** The listed names, each with candidates scored now (only these are scored: it is the costly part). */
  entries(): UnknownAnalyteEntry[] {
    return [...this.listed.values()].map(({ panelHint, ...entry }) => {
      if (entry.candidates.length) return entry;
      const scored = resolveAnalyte(entry.name, { panelHint });
      return { ...entry, candidates: scored.ok ? [] : scored.candidates };
    });
  }

  counts(): UnknownAnalyteCounts {
    return { rows: this.rows, distinct: this.listed.size + this.unlisted.size, listed: this.listed.size };
  }
}
