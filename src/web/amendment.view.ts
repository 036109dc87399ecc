import type { ResultSetView } from '../results/result-set.mapper';
import type { ResultView } from '../results/result.mapper';
import type { AmendmentFormValues } from './amend-form.schemas';
import { humanize, statusLabel } from './format';
import { defaultMeaning } from './review-signatures.view';

export interface AmendRowView {
  analyte: string;
  name: string;
  panel: string;
  /** The reading as it stands: value and unit, or the qualifier. */
  current: string;
  /** What the form keeps for an LOQ- or unit-only change. */
  was: string;
  unit: string;
  loq: string;
  status: string;
  /** What was typed in the row before the form was refused (shown again). */
  typed: { reading: string; unit: string; loq: string; remove: boolean };
}

export interface AmendmentPageView {
  title: string;
  id: string;
  version: number;
  labSampleId: string;
  rows: AmendRowView[];
  /** Empty rows for analytes the version did not report. */
  addRows: number;
  /** Names the catalog knows for the rows already there, offered in the add rows. */
  analyteNames: string[];
  /** What the add rows held before the form was refused. */
  added: Array<{ analyte: string; reading: string; unit: string; loq: string }>;
  reason: string;
  /** The signature's meaning: the default for amending, or what was typed. */
  meaning: string;
  /** The form was refused: the password field takes the focus. */
  refused: boolean;
}

const reading = (r: Pick<ResultView, 'valueText' | 'value' | 'qualifier' | 'unit'>): string =>
  r.qualifier ?? `${r.valueText ?? (r.value === null ? '—' : String(r.value))} ${r.unit}`;

/** The amendment form: every measured value of the approved version, to change, re-qualify or remove, and rows to add. */
export function toAmendmentPageView(set: ResultSetView, values: AmendmentFormValues | null = null): AmendmentPageView {
  const measured = set.results.filter((r) => !r.derived);
  const addRows = Math.max(3, values?.add.length ?? 0);
  return {
    title: `Amend ${set.sample.labSampleId} version ${set.version}`,
    id: set.id,
    version: set.version,
    labSampleId: set.sample.labSampleId,
    rows: measured.map((r, i) => ({
      analyte: r.analyte,
      name: r.name,
      panel: humanize(r.panel),
      current: reading(r),
      was: r.qualifier ?? r.valueText ?? (r.value === null ? '' : String(r.value)),
      unit: r.unit,
      loq: r.loq ?? '',
      status: statusLabel(r.status),
      typed: {
        reading: values?.rows[i]?.reading ?? '',
        unit: values?.rows[i]?.unit ?? '',
        loq: values?.rows[i]?.loq ?? r.loq ?? '',
        remove: values?.rows[i]?.remove ?? false,
      },
    })),
    addRows,
    analyteNames: measured.map((r) => r.name),
    added: Array.from({ length: addRows }, (_, i) => ({
      analyte: values?.add[i]?.analyte ?? '',
      reading: values?.add[i]?.reading ?? '',
      unit: values?.add[i]?.unit ?? '',
      loq: values?.add[i]?.loq ?? '',
    })),
    reason: values?.reason ?? '',
    meaning: values?.meaning || defaultMeaning('amend'),
    refused: values !== null,
  };
}

export interface DiffRow {
  name: string;
  kind: 'changed' | 'added' | 'removed';
  before: string;
  after: string;
  /** Which of value, LOQ, limit, status changed, in words. */
  what: string;
  computed: boolean;
}

export interface AmendmentDiffView {
  from: number;
  to: number;
  href: string;
  rows: DiffRow[];
  unchanged: number;
}

const cell = (r: ResultView): string =>
  [reading(r), r.loq ? `LOQ ${r.loq}` : null, statusLabel(r.status)].filter(Boolean).join(' · ');

/**
 * What an amendment changed against the version it amends, row by row (v1 → v2): values, qualifiers, LOQs, limits
 * and statuses, analytes added and removed; totals the catalog recomputed are listed too, marked as computed.
 */
export function amendmentDiff(before: ResultSetView, after: ResultSetView): AmendmentDiffView {
  const old = new Map(before.results.map((r) => [r.analyte, r]));
  const now = new Map(after.results.map((r) => [r.analyte, r]));
  const rows: DiffRow[] = [];
  let unchanged = 0;
  for (const r of after.results) {
    const was = old.get(r.analyte);
    if (!was) {
      rows.push({ name: r.name, kind: 'added', before: '—', after: cell(r), what: 'added', computed: r.derived });
      continue;
    }
    const what = [
      reading(was) !== reading(r) ? 'value' : null,
      (was.loq ?? '') !== (r.loq ?? '') ? 'LOQ' : null,
      (was.limit ?? was.limitText ?? '') !== (r.limit ?? r.limitText ?? '') ? 'limit' : null,
      was.status !== r.status ? 'status' : null,
    ].filter(Boolean);
    if (what.length === 0) unchanged += 1;
    else
      rows.push({ name: r.name, kind: 'changed', before: cell(was), after: cell(r), what: what.join(', '), computed: r.derived });
  }
  for (const r of before.results) {
    if (!now.has(r.analyte))
      rows.push({ name: r.name, kind: 'removed', before: cell(r), after: '—', what: 'removed', computed: r.derived });
  }
  return { from: before.version, to: after.version, href: `/review/${before.id}`, rows, unchanged };
}
