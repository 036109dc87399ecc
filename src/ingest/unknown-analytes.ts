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

/** What the summary keeps of a file's unknown analytes. */
export interface UnknownAnalyteList {
  unknownAnalytes: UnknownAnalyteEntry[];
  unknownAnalyteCounts: UnknownAnalyteCounts;
}

/**
 * The list with unknown names found after the file was read: rows that waited for preparation data meet the
 * catalog only when it comes (at upload for a matched sample, or when a person attaches one). A name past the
 * listed ones is counted as distinct: the summary keeps no set of the names it only counted.
 */
export function withUnknownAnalytes(
  list: { unknownAnalytes: UnknownAnalyteEntry[]; unknownAnalyteCounts?: UnknownAnalyteCounts },
  found: ReadonlyArray<{ name: string; provenance: Provenance; candidates: AnalyteCandidate[] }>,
  limit = LISTED_UNKNOWN_ANALYTES,
): UnknownAnalyteList {
  // Summaries written before the counts existed listed every unknown name.
  const counts = list.unknownAnalyteCounts ?? {
    rows: list.unknownAnalytes.reduce((n, e) => n + e.rows, 0),
    distinct: list.unknownAnalytes.length,
    listed: list.unknownAnalytes.length,
  };
  if (found.length === 0) return { unknownAnalytes: list.unknownAnalytes, unknownAnalyteCounts: counts };
  const entries = list.unknownAnalytes.map((e) => ({ ...e }));
  let { rows, distinct } = counts;
  for (const u of found) {
    rows += 1;
    const seen = entries.find((e) => e.name === u.name);
    if (seen) {
      seen.rows += 1;
      continue;
    }
    distinct += 1;
    if (entries.length < limit) entries.push({ name: u.name, rows: 1, example: u.provenance, candidates: u.candidates });
  }
  return { unknownAnalytes: entries, unknownAnalyteCounts: { rows, distinct, listed: entries.length } };
}
