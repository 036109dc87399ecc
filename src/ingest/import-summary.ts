import type { NormalizedSample, PendingRow } from './pipeline';
import type { UnknownAnalyteCounts, UnknownAnalyteEntry } from './unknown-analytes';
import type { IncomingResult } from '../results/incoming-result';
import type { CertificateMeta, QcRow, SampleReference } from './parsed-batch';

/**
 * A result set the import put results into, with what the file brought to it. The results themselves, each
 * with its provenance, status and applied limit, are read from GET /api/result-sets/{id}: a summary that
 * repeated them would be tens of megabytes for a 100,000-result export.
 */
export interface ImportedResultSet {
  id: string;
  sampleId: string;
  labSampleId: string;
  uid: string | null;
  version: number;
  verdict: string | null;
  /** Results the file gave for this sample. */
  read: number;
  /** Of those, new to the set. */
  added: number;
  /** Of those, the same reading the set already had. */
  duplicates: number;
  /** Analytes the file read differently from the set: flagged for the reviewer. */
  conflicts: string[];
}

export type UnmatchedReason = 'no_sample' | 'approved_results' | 'missing_prep' | 'missing_unit';

export interface UnmatchedEntry {
  index: number;
  reason: UnmatchedReason;
  message: string;
  ref: SampleReference;
  meta?: CertificateMeta;
  results: IncomingResult[];
  pending: PendingRow[];
  /** Set once a person attached the entry to a sample. */
  attached?: { sampleId: string; resultSetId: string; by: string; at: string };
  /** Set once a person discarded the entry with a reason: it leaves the open-work queue, attached to nothing. */
  discarded?: { reason: string; by: string; at: string };
}

/** The import summary as `POST /api/imports`, `GET /api/imports/:id` and attaching answer it. */
export interface ImportSummary extends StoredImportSummary {
  /** One page of the unmatched samples, in the file's order (`unmatchedPage` says which). */
  unmatched: UnmatchedEntry[];
  unmatchedPage: UnmatchedPage;
}

export interface UnmatchedPage {
  offset: number;
  limit: number;
  /** Unmatched samples of the import, and of those the ones not attached yet. */
  total: number;
  open: number;
}

/** What `imports.summary` holds: the unmatched samples are rows of `import_unmatched`, read a page at a time. */
export interface StoredImportSummary {
  id: string;
  status: 'imported' | 'rejected';
  adapter: string;
  template: string;
  templateVersion: string;
  sourceFile: { sha256: string; name: string; size: number };
  createdBy: string;
  createdAt: string;
  resultSets: ImportedResultSet[];
  /** The first distinct names the catalog did not resolve, each with one example row and candidates. */
  unknownAnalytes: UnknownAnalyteEntry[];
  /** Every unknown row counted, listed or not (summaries stored before 2026-12 lack it). */
  unknownAnalyteCounts?: UnknownAnalyteCounts;
  qcRowsSkipped: number;
  warnings: string[];
  /** The lab method whose unit, defaults and limits the import used. */
  method?: { key: string; version: number };
  /** The run's QC rows by kind (the first QC_ROWS_SHOWN of them), so a reviewer sees the QC, not just a count. */
  qc?: { byKind: Record<string, number>; rows: QcRow[] };
  /** Rows waiting for the measured unit (no method gives it): process the file again with it. */
  awaitingUnit?: number;
  /** The import this one processed again (same bytes, with a unit or prep data the first lacked). */
  reprocessOf?: string;
}

/** QC rows kept in a summary; the count by kind covers them all. */
export const QC_ROWS_SHOWN = 500;

export function qcSummary(rows: QcRow[] | undefined): ImportSummary['qc'] {
  if (!rows || rows.length === 0) return undefined;
  const byKind: Record<string, number> = {};
  for (const r of rows) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
  return { byKind, rows: rows.slice(0, QC_ROWS_SHOWN) };
}

export function unmatchedEntry(
  index: number,
  s: NormalizedSample,
  reason: UnmatchedReason,
  message: string,
  pending: PendingRow[] = s.pending,
): UnmatchedEntry {
  return { index, reason, message, ref: s.ref, meta: s.meta, results: s.results, pending };
}
