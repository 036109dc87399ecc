import type { ImportedResultSet, ImportSummary, UnmatchedEntry } from '../ingest/import-summary';
import type { SampleView } from '../samples/sample.mapper';
import { formatDateTime, humanize, statusLabel } from './format';

export interface SampleOption {
  id: string;
  label: string;
}

export interface UnmatchedView {
  index: number;
  reason: string;
  message: string;
  reference: string;
  /** A few of its values, so a person can tell which sample it is. */
  preview: Array<{ name: string; value: string }>;
  more: number;
  waitingForPrep: number;
  attached: { href: string; by: string; at: string } | null;
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
  createdAt: string;
  status: string;
  resultSets: Array<{ href: string; labSampleId: string; uid: string | null; version: number; results: number; verdict: string; conflicts: number }>;
  unmatched: UnmatchedView[];
  openUnmatched: number;
  samples: SampleOption[];
  sampleQuery: string;
  unknownAnalytes: Array<{ name: string; candidates: string }>;
  qcRowsSkipped: number;
  warnings: string[];
  /** The run's QC rows grouped by kind, with their values. */
  qc: Array<{ kind: string; count: number; rows: Array<{ sample: string; name: string; value: string; cell: string }> }>;
  qcNotShown: number;
  /** Rows waiting for the unit (the page asks for it once for the file) and for prep data. */
  awaitingUnit: number;
  awaitingPrep: number;
  unitChoices: string[];
  method: string | null;
  reprocessOf: string | null;
}

const PREVIEW = 6;

function reference(u: UnmatchedEntry): string {
  const r = u.ref;
  return [r.labSampleId && `lab sample ${r.labSampleId}`, r.uid && `UID ${r.uid}`, r.batch && `batch ${r.batch}`, r.sampleName && `“${r.sampleName}”`].filter(Boolean).join(' · ') || 'no sample reference';
}

export const sampleOption = (s: SampleView): SampleOption => ({
  id: s.id,
  label: [s.labSampleId, s.uid && s.uid !== s.labSampleId ? `UID ${s.uid}` : null, s.productName, s.client.name].filter(Boolean).join(' — '),
});

/** ImportService.get returns the stored record: a summary, or for a refused file the reason it was refused. */
export const isImportSummary = (s: unknown): s is ImportSummary => Array.isArray((s as Partial<ImportSummary> | null)?.resultSets);

export function toRejectedImportView(id: string, record: { message?: unknown }): ImportSummaryView {
  return {
    title: 'Refused upload',
    rejection: typeof record.message === 'string' ? record.message : 'the file was refused',
    id,
    file: { name: '', sha256: '', size: '' },
    template: '',
    adapter: '',
    createdBy: '',
    createdAt: '',
    status: 'Rejected',
    resultSets: [],
    unmatched: [],
    openUnmatched: 0,
    samples: [],
    sampleQuery: '',
    unknownAnalytes: [],
    qcRowsSkipped: 0,
    warnings: [],
    qc: [],
    qcNotShown: 0,
    awaitingUnit: 0,
    awaitingPrep: 0,
    unitChoices: [],
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

export function toImportSummaryView(summary: ImportSummary, samples: SampleView[], sampleQuery: string | undefined): ImportSummaryView {
  const unmatched = summary.unmatched.map((u) => {
    const values = u.results.map((r) => ({ name: r.name, value: `${r.value ?? r.qualifier ?? ''} ${r.unit}`.trim() }));
    return {
      index: u.index,
      reason: humanize(u.reason),
      message: u.message,
      reference: reference(u),
      preview: values.slice(0, PREVIEW),
      more: Math.max(0, values.length - PREVIEW),
      waitingForPrep: u.pending.length,
      attached: u.attached ? { href: `/review/${u.attached.resultSetId}`, by: u.attached.by, at: formatDateTime(u.attached.at) } : null,
    };
  });
  return {
    title: `Import of ${summary.sourceFile.name}`,
    rejection: null,
    id: summary.id,
    file: { name: summary.sourceFile.name, sha256: summary.sourceFile.sha256, size: `${Math.ceil(summary.sourceFile.size / 1024)} KiB` },
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
    openUnmatched: unmatched.filter((u) => !u.attached).length,
    samples: samples.map(sampleOption),
    sampleQuery: sampleQuery ?? '',
    unknownAnalytes: (summary.unknownAnalytes ?? []).map((u) => ({ name: u.name, candidates: u.candidates.map((c) => c.name).join(', ') })),
    qcRowsSkipped: summary.qcRowsSkipped ?? 0,
    warnings: summary.warnings ?? [],
    ...qcView(summary.qc),
    awaitingUnit: summary.awaitingUnit ?? 0,
    awaitingPrep: summary.unmatched.filter((u) => u.reason === 'missing_prep' && !u.attached).reduce((n, u) => n + u.pending.length, 0),
    unitChoices: UNIT_CHOICES,
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
function resultCounts(s: ImportedResultSet | { results?: Array<{ conflict?: boolean }> }): { results: number; conflicts: number } {
  if ('read' in s) return { results: s.read, conflicts: s.conflicts.length };
  return { results: s.results?.length ?? 0, conflicts: (s.results ?? []).filter((r) => r.conflict).length };
}
