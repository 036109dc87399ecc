import { getAnalyte } from '../catalog';
import type { ImportedResultSet, ImportSummary, UnmatchedEntry } from '../ingest/import-summary';
import type { SampleView } from '../samples/sample.mapper';
import { formatDateTime, humanize, statusLabel, type LabTime } from './format';

export interface SampleOption {
  id: string;
  /** What the picker posts: the lab sample id. */
  value: string;
  label: string;
}

export interface UnmatchedView {
  index: number;
  reason: string;
  message: string;
  reference: string;
  /** The run's own name for the sample, which "remember" keeps as an alias; null when it gives none. */
  name: string | null;
  /** A few of its values, so a person can tell which sample it is. */
  preview: Array<{ name: string; value: string }>;
  more: number;
  waitingForPrep: number;
  attached: { href: string; by: string; at: LabTime } | null;
  discarded: { reason: string; by: string; at: LabTime } | null;
}

export interface ImportSummaryView {
  title: string;
  /** Why the file was refused, for an import that was rejected (nothing else was stored). */
  rejection: string | null;
  id: string;
  file: { name: string; sha256: string; size: string };
  template: string;
  adapter: string;
  createdBy: string;
  createdAt: LabTime;
  status: string;
  resultSets: Array<{
    href: string;
    labSampleId: string;
    uid: string | null;
    version: number;
    results: number;
    verdict: string;
    conflicts: number;
  }>;
  unmatched: UnmatchedView[];
  openUnmatched: number;
  /** Which unmatched samples this page shows, and links to the pages before and after. */
  unmatchedPaging: { first: number; last: number; total: number; previous: string | null; next: string | null };
  samples: SampleOption[];
  sampleQuery: string;
  unknownAnalytes: Array<{ name: string; rows: number; candidates: string }>;
  /** Unknown rows in all, and distinct names beyond those listed. */
  unknownAnalyteRows: number;
  unknownAnalytesNotListed: number;
  qcRowsSkipped: number;
  warnings: string[];
  /** The run's QC rows grouped by kind, with their values. */
  qc: Array<{ kind: string; count: number; rows: Array<{ sample: string; name: string; value: string; cell: string }> }>;
  qcNotShown: number;
  /** Rows waiting for the unit (the page asks for it once for the file) and for prep data. */
  awaitingUnit: number;
  awaitingPrep: number;
  unitChoices: string[];
  /** Samples whose rows wait for prep data: entered per sample on the import page, kept on the sample. */
  prepSamples: Array<{ sample: string; reference: string; rows: number }>;
  method: string | null;
  reprocessOf: string | null;
}

const PREVIEW = 6;

function reference(u: UnmatchedEntry): string {
  const r = u.ref;
  return (
    [
      r.labSampleId && `lab sample ${r.labSampleId}`,
      r.uid && `UID ${r.uid}`,
      r.batch && `batch ${r.batch}`,
      r.sampleName && `“${r.sampleName}”`,
    ]
      .filter(Boolean)
      .join(' · ') || 'no sample reference'
  );
}

export const sampleOption = (s: SampleView): SampleOption => ({
  id: s.id,
  value: s.labSampleId,
  label: [s.labSampleId, s.uid && s.uid !== s.labSampleId ? `UID ${s.uid}` : null, s.productName, s.client.name]
    .filter(Boolean)
    .join(' — '),
});

/** ImportService.get returns the stored record: a summary, or for a refused file the reason it was refused. */
export const isImportSummary = (s: unknown): s is ImportSummary =>
  Array.isArray((s as Partial<ImportSummary> | null)?.resultSets);

export function toRejectedImportView(id: string, record: { message?: unknown }): ImportSummaryView {
  return {
    title: 'Refused upload',
    rejection: typeof record.message === 'string' ? record.message : 'the file was refused',
    id,
    file: { name: '', sha256: '', size: '' },
    template: '',
    adapter: '',
    createdBy: '',
    createdAt: formatDateTime(null),
    status: 'Rejected',
    resultSets: [],
    unmatched: [],
    openUnmatched: 0,
    unmatchedPaging: { first: 0, last: 0, total: 0, previous: null, next: null },
    samples: [],
    sampleQuery: '',
    unknownAnalytes: [],
    unknownAnalyteRows: 0,
    unknownAnalytesNotListed: 0,
    qcRowsSkipped: 0,
    warnings: [],
    qc: [],
    qcNotShown: 0,
    awaitingUnit: 0,
    awaitingPrep: 0,
    unitChoices: [],
    prepSamples: [],
    method: null,
    reprocessOf: null,
  };
}

/** Units an instrument reports a concentration in, offered when a file prints none. */
export const UNIT_CHOICES = ['ug/mL', 'ng/mL', 'mg/L', 'ug/L', 'ppm', 'ppb', 'ng/uL', 'ug/g', 'mg/kg', 'mg/g', '%'];

const QC_KIND_LABELS: Record<string, string> = {
  blank: 'Blanks',
  calibration: 'Calibration',
  check: 'Checks',
  spike: 'Spikes',
  duplicate: 'Duplicates',
  control: 'Controls',
  qc: 'QC samples',
  reference_material: 'Reference materials',
  sample_type: 'QC by sample type',
  internal_standard: 'Internal standards',
};

/** The registered sample a prep-waiting entry was matched to: its lab sample ID, as the import named it. */
function waitingSample(u: ImportSummary['unmatched'][number]): string {
  return (
    /^sample (.+) lacks preparation data/.exec(u.message)?.[1] ?? u.ref.labSampleId ?? u.ref.uid ?? u.ref.sampleName?.trim() ?? ''
  );
}

export function toImportSummaryView(
  summary: ImportSummary,
  samples: SampleView[],
  sampleQuery: string | undefined,
): ImportSummaryView {
  const unmatched = summary.unmatched.map((u) => {
    const values = u.results.map((r) => ({
      name: getAnalyte(r.analyte)?.name ?? r.name,
      value: `${r.value ?? r.qualifier ?? ''} ${r.unit}`.trim(),
    }));
    return {
      index: u.index,
      reason: humanize(u.reason),
      message: u.message,
      reference: reference(u),
      name: u.ref.labSampleId ?? u.ref.sampleName?.trim() ?? null,
      preview: values.slice(0, PREVIEW),
      more: Math.max(0, values.length - PREVIEW),
      waitingForPrep: u.pending.length,
      attached: u.attached
        ? { href: `/review/${u.attached.resultSetId}`, by: u.attached.by, at: formatDateTime(u.attached.at) }
        : null,
      discarded: u.discarded ? { ...u.discarded, at: formatDateTime(u.discarded.at) } : null,
    };
  });
  return {
    title: `Import of ${summary.sourceFile.name}`,
    rejection: null,
    id: summary.id,
    file: {
      name: summary.sourceFile.name,
      sha256: summary.sourceFile.sha256,
      size: `${Math.ceil(summary.sourceFile.size / 1024)} KiB`,
    },
    template: `${summary.template} ${summary.templateVersion ?? ''}`.trim(),
    adapter: summary.adapter === 'coa' ? 'certificate (PDF)' : 'instrument export',
    createdBy: summary.createdBy,
    createdAt: formatDateTime(summary.createdAt),
    status: statusLabel(summary.status),
    resultSets: summary.resultSets.map((s) => ({
      href: `/review/${s.id}`,
      labSampleId: s.labSampleId,
      uid: s.uid,
      version: s.version,
      ...resultCounts(s),
      verdict: statusLabel(s.verdict),
    })),
    unmatched,
    // Imports answered before their unmatched samples were paged carry no page: all of them are listed.
    openUnmatched: summary.unmatchedPage?.open ?? unmatched.filter((u) => !u.attached && !u.discarded).length,
    unmatchedPaging: paging(summary, sampleQuery),
    samples: samples.map(sampleOption),
    sampleQuery: sampleQuery ?? '',
    // Summaries stored before names were counted list one entry per row, without `rows`.
    unknownAnalytes: (summary.unknownAnalytes ?? []).map((u) => ({
      name: u.name,
      rows: u.rows ?? 1,
      candidates: u.candidates.map((c) => c.name).join(', '),
    })),
    unknownAnalyteRows: summary.unknownAnalyteCounts?.rows ?? (summary.unknownAnalytes ?? []).length,
    unknownAnalytesNotListed: summary.unknownAnalyteCounts
      ? summary.unknownAnalyteCounts.distinct - summary.unknownAnalyteCounts.listed
      : 0,
    qcRowsSkipped: summary.qcRowsSkipped ?? 0,
    warnings: summary.warnings ?? [],
    ...qcView(summary.qc),
    awaitingUnit: summary.awaitingUnit ?? 0,
    awaitingPrep: summary.unmatched
      .filter((u) => u.reason === 'missing_prep' && !u.attached && !u.discarded)
      .reduce((n, u) => n + u.pending.length, 0),
    unitChoices: UNIT_CHOICES,
    prepSamples: summary.unmatched
      .filter((u) => u.reason === 'missing_prep' && !u.attached)
      .map((u) => ({ sample: waitingSample(u), reference: reference(u), rows: u.pending.length })),
    method: summary.method ? `${summary.method.key} version ${summary.method.version}` : null,
    reprocessOf: summary.reprocessOf ?? null,
  };
}

function qcView(qc: ImportSummary['qc']): Pick<ImportSummaryView, 'qc' | 'qcNotShown'> {
  if (!qc) return { qc: [], qcNotShown: 0 };
  // In the order a reviewer reads a run, not the stored object's (PostgreSQL's jsonb reorders keys).
  const order = Object.keys(QC_KIND_LABELS);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const kinds = Object.keys(qc.byKind).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return {
    qc: kinds.map((kind) => ({
      kind: QC_KIND_LABELS[kind] ?? humanize(kind),
      count: qc.byKind[kind],
      rows: qc.rows.filter((r) => r.kind === kind).map(({ sample, name, value, cell }) => ({ sample, name, value, cell })),
    })),
    qcNotShown: Object.values(qc.byKind).reduce((a, b) => a + b, 0) - qc.rows.length,
  };
}

/**
 * Imports stored before summaries counted their results list each result instead (with a `conflict` flag);
 * their pages still show.
 */
function resultCounts(s: ImportedResultSet | { results?: Array<{ conflict?: boolean }> }): {
  results: number;
  conflicts: number;
} {
  if ('read' in s) return { results: s.read, conflicts: s.conflicts.length };
  return { results: s.results?.length ?? 0, conflicts: (s.results ?? []).filter((r) => r.conflict).length };
}

function paging(summary: ImportSummary, sampleQuery: string | undefined): ImportSummaryView['unmatchedPaging'] {
  const page = summary.unmatchedPage ?? { offset: 0, limit: summary.unmatched.length, total: summary.unmatched.length, open: 0 };
  const href = (from: number) =>
    `/imports/${summary.id}?${new URLSearchParams({ ...(sampleQuery ? { q: sampleQuery } : {}), from: String(from) }).toString()}#unmatched-h`;
  return {
    first: summary.unmatched.length ? page.offset + 1 : 0,
    last: page.offset + summary.unmatched.length,
    total: page.total,
    previous: page.offset > 0 ? href(Math.max(0, page.offset - page.limit)) : null,
    next: page.offset + summary.unmatched.length < page.total ? href(page.offset + page.limit) : null,
  };
}
