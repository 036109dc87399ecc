import type { AuditEventView } from '../audit/audit.service';
import { PANELS } from '../catalog';
import type { SignatureView } from '../signatures/signature.service';
import type { Sample } from '../samples/sample.entity';
import type { Result } from './result.entity';
import type { ResultSet } from './result-set.entity';
import { toResultView, type ResultView } from './result.mapper';
import { pendingReadings, type Contribution, type ConflictReading } from './review-rules';

export interface ResultSetSampleView {
  id: string;
  labSampleId: string;
  uid: string | null;
  sourceUid: string | null;
  productType: string;
  productName: string | null;
  batch: string | null;
  client: { licenseNumber: string; name: string };
  retestOf: { id: string; labSampleId: string } | null;
}

export interface VersionLink {
  id: string;
  version: number;
  status: string;
}

export interface ConflictView {
  analyte: string;
  resultId: string;
  /** The reading on the result now (`choose: 'existing'` keeps it). */
  existing: Omit<ConflictReading, 'sha256'> & { sha256: string | null };
  /** Competing readings from other sources, by index (`choose: <index>` takes one). */
  readings: Array<ConflictReading & { index: number }>;
}

export interface ResultSetSummaryView {
  id: string;
  sample: ResultSetSampleView;
  version: number;
  status: string;
  origin: string;
  verdict: string | null;
  createdBy: string;
  /** Who contributed results to this version and how; none of them may approve it (two-person rule). */
  contributors: Contribution[];
  submittedBy: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  rejectionReason: string | null;
  amendmentReason: string | null;
  amends: VersionLink | null;
  resultCount: number;
  unresolvedConflicts: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ResultSetView extends Omit<ResultSetSummaryView, 'resultCount'> {
  amendedBy: VersionLink | null;
  evaluation: Record<string, unknown> | null;
  meta: Record<string, unknown> | null;
  results: ResultView[];
  conflicts: ConflictView[];
  history: AuditEventView[];
  /** The files the values came from: sha256 → the name the file was uploaded under. */
  sourceFiles: Record<string, string>;
  /** E-signatures on this version (approve, reject, amend, release), oldest first; always present in the API's answers. */
  signatures?: SignatureView[];
}

export const toResultSetSampleView = (s: Sample): ResultSetSampleView => ({
  id: s.id,
  labSampleId: s.labSampleId,
  uid: s.uid,
  sourceUid: s.sourceUid,
  productType: s.productType,
  productName: s.productName,
  batch: s.batch,
  client: { licenseNumber: s.client.licenseNumber, name: s.client.name },
  retestOf: s.retestOf ? { id: s.retestOf.id, labSampleId: s.retestOf.labSampleId } : null,
});

const link = (rs: ResultSet | null): VersionLink | null => (rs ? { id: rs.id, version: rs.version, status: rs.status } : null);

/** The set's results, loaded. Needs `sample.client`, `sample.retestOf` and `amends` populated. */
export function toResultSetSummaryView(rs: ResultSet): ResultSetSummaryView {
  const results = rs.results.getItems();
  return {
    id: rs.id,
    sample: toResultSetSampleView(rs.sample),
    version: rs.version,
    status: rs.status,
    origin: rs.origin,
    verdict: rs.verdict,
    createdBy: rs.createdBy,
    contributors: rs.contributors,
    submittedBy: rs.submittedBy,
    approvedBy: rs.approvedBy,
    approvedAt: rs.approvedAt?.toISOString() ?? null,
    rejectionReason: rs.rejectionReason,
    amendmentReason: rs.amendmentReason,
    amends: link(rs.amends),
    resultCount: results.filter((r) => !r.derived).length,
    unresolvedConflicts: sortResults(results)
      .filter((r) => pendingReadings(r.conflict).length > 0)
      .map((r) => r.analyte),
    createdAt: rs.createdAt.toISOString(),
    updatedAt: rs.updatedAt.toISOString(),
  };
}

export function toResultSetView(
  rs: ResultSet,
  extra: {
    amendedBy: ResultSet | null;
    history: AuditEventView[];
    sourceFiles: Record<string, string>;
    signatures: SignatureView[];
  },
): ResultSetView {
  const { resultCount: _count, ...summary } = toResultSetSummaryView(rs);
  const results = sortResults(rs.results.getItems());
  return {
    ...summary,
    amendedBy: link(extra.amendedBy),
    signatures: extra.signatures,
    evaluation: rs.evaluation,
    meta: rs.meta,
    results: results.map(toResultView),
    conflicts: results.filter((r) => pendingReadings(r.conflict).length > 0).map(toConflictView),
    history: extra.history,
    sourceFiles: extra.sourceFiles,
  };
}

function toConflictView(r: Result): ConflictView {
  return {
    analyte: r.analyte,
    resultId: r.id,
    existing: {
      value: r.value,
      qualifier: r.qualifier,
      unit: r.unit,
      reportedValue: r.reportedValue,
      reportedUnit: r.reportedUnit,
      sha256: r.sourceFile?.sha256 ?? ('sha256' in r.provenance ? (r.provenance.sha256 ?? null) : null),
      provenance: r.provenance,
    },
    readings: pendingReadings(r.conflict).map((reading, index) => ({ ...reading, index })),
  };
}

const PANEL_ORDER: ReadonlyMap<string, number> = new Map(PANELS.map((p, i) => [p, i]));

/** Panels in catalog order; within a panel, measured results in the order they arrived, computed totals last. */
function sortResults(results: readonly Result[]): Result[] {
  return [...results].sort(
    (a, b) =>
      (PANEL_ORDER.get(a.panel) ?? 99) - (PANEL_ORDER.get(b.panel) ?? 99) ||
      Number(a.derived) - Number(b.derived) ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      a.analyte.localeCompare(b.analyte),
  );
}
