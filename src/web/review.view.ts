import { blockingItems, type ReadinessItem } from '../results/release-readiness';
import { missingPanelsOf, recordedPartial, sameSet } from '../results/partial-release';
import type { Actor } from '../auth/actor';
import type { Provenance } from '../ingest/parsed-batch';
import { MANAGERS } from '../auth/role';
import type { ResultSetSummaryView, ResultSetView } from '../results/result-set.mapper';
import type { ResultView } from '../results/result.mapper';
import {
  describeContributions,
  twoPersonRuleBlocks,
  unconfirmedValues,
  unsureValues,
  type TwoPersonBlock,
} from '../results/review-rules';
import { getAnalyte, PRODUCT_TYPES, QUALIFIERS } from '../catalog';
import { formatDateTime, humanize, statusLabel, workingHoursBetween, type LabTime } from './format';
import type { ReviewListQuery } from './web-forms.schemas';
import { toProvenanceView, type ProvenanceView } from './provenance.view';

export type RowTone = 'fail' | 'conflict' | 'unsure' | 'plain';

export interface ResultRowView {
  id: string;
  /** The catalog's display name ("Arsenic"), never an instrument channel. */
  name: string;
  /** The name the source printed ("As 75", "Y+M") where it differs from the display name. */
  printedAs: string | null;
  analyte: string;
  value: string;
  unit: string;
  loq: string;
  limit: string;
  /** Where the limit comes from: "table ny-2025-03-01" or "as printed". */
  limitSource: string;
  status: string;
  statusLabel: string;
  tone: RowTone;
  /** Why the row is highlighted, in words (colour is never the only signal). */
  notes: string[];
  derived: boolean;
  reported: string;
  confirmedBy: string | null;
  provenance: ProvenanceView;
}

export interface PanelView {
  key: string;
  title: string;
  verdict: string | null;
  rows: ResultRowView[];
}

export interface ConflictChoiceView {
  choose: string;
  label: string;
  provenance: ProvenanceView;
}

export interface ConflictCardView {
  analyte: string;
  choices: ConflictChoiceView[];
}

export interface ReviewView {
  title: string;
  set: {
    id: string;
    version: number;
    status: string;
    statusLabel: string;
    verdict: string | null;
    verdictLabel: string;
    origin: string;
    createdBy: string;
    /** "mia.manager (imported results into it, resolved a conflict between sources)", one line per person. */
    contributors: string[];
    submittedBy: string | null;
    approvedBy: string | null;
    approvedAt: LabTime;
    rejectionReason: string | null;
    amendmentReason: string | null;
    amends: { href: string; version: number } | null;
    amendedBy: { href: string; version: number; status: string } | null;
  };
  sample: {
    labSampleId: string;
    uid: string | null;
    sourceUid: string | null;
    productType: string;
    productName: string;
    batch: string;
    client: string;
  };
  panels: PanelView[];
  conflicts: ConflictCardView[];
  awaitingConfirmation: ResultRowView[];
  /** The same values by panel, each with its place in the confirmation form, for "confirm this panel". */
  confirmPanels: Array<{ key: string; title: string; rows: Array<{ index: number; row: ResultRowView }> }>;
  /** Qualifiers a correction may take instead of a number (ND, <LOQ, …). */
  qualifiers: readonly string[];
  /** What stands between the set and its release (draft and in review), each with its fix. */
  readiness: Array<{ reason: string; fix: string; blocking: boolean; overridable: boolean }>;
  release: ReleaseGateView;
  actions: {
    submit: boolean;
    approve: boolean;
    /** Why this person may not approve (two-person rule), shown instead of the button. */
    approveBlocked: string | null;
    reject: boolean;
    amend: boolean;
    resolve: boolean;
    confirm: boolean;
  };
  amendRows: number;
  analyteNames: string[];
  history: Array<{ at: LabTime; actor: string; action: string }>;
}

/**
 * The release gate under the checklist: submit and approve are shown disabled while blocking items remain; when only
 * required panels are missing a manager may go on with a partial set and a reason. An override recorded at submit
 * holds at approval while the same panels are missing.
 */
export interface ReleaseGateView {
  /** Submit/approve cannot go on as it is. */
  blocked: boolean;
  /** Blocking items remain that are not missing panels (no override helps). */
  blockedBeyondPanels: boolean;
  /** The manager's override form: only panels are missing and this person is a manager. */
  canOverride: boolean;
  missingPanels: string[];
  /** The override already recorded (at submit), carried to approval. */
  partial: { reason: string; by: string; missingPanels: string[] } | null;
}

function releaseGate(set: ResultSetView, readiness: readonly ReadinessItem[], isManager: boolean): ReleaseGateView {
  const missing = missingPanelsOf(readiness);
  const recorded = recordedPartial(set.meta);
  const carried = recorded !== null && missing.length > 0 && sameSet(recorded.missingPanels, missing);
  const open = set.status === 'draft' || set.status === 'in_review';
  const beyond = blockingItems(readiness, true).length > 0;
  const blocked = open && blockingItems(readiness, carried).length > 0;
  return {
    blocked,
    blockedBeyondPanels: open && beyond,
    canOverride: open && blocked && !beyond && isManager,
    missingPanels: missing,
    partial: recorded && (carried || set.status === 'approved' || set.status === 'superseded') ? recorded : null,
  };
}

/** "Name (license)", or the license alone for a client known only by it. */
export const clientLabel = (c: { name: string; licenseNumber: string }): string =>
  c.name === c.licenseNumber ? c.licenseNumber : `${c.name} (${c.licenseNumber})`;

const valueText = (r: { valueText?: string | null; value?: unknown; qualifier: string | null }): string =>
  r.valueText ?? (typeof r.value === 'string' ? r.value : null) ?? r.qualifier ?? '—';

/**
 * The LIMIT cell: the limit the evaluation applied (its value, or its rule in words) with the table it came
 * from — the table id carries its effective date — and, when none applied, the limit the source printed. The
 * printed limit alone left a FAIL beside a blank cell for instrument exports, which print none.
 */
export function limitCell(r: Pick<ResultView, 'limit' | 'limitText' | 'unit' | 'appliedLimit'>): {
  limit: string;
  limitSource: string;
} {
  const a = r.appliedLimit as {
    kind?: string;
    value?: string | null;
    text?: string | null;
    unit?: string;
    table?: string;
    carriedOverFrom?: string;
  } | null;
  if (a?.table && (a.value || a.text)) {
    const value = a.kind === 'max' && a.value ? (a.unit && a.unit !== r.unit ? `${a.value} ${a.unit}` : a.value) : (a.text ?? '');
    return {
      limit: value,
      limitSource: `table ${a.table}${a.carriedOverFrom ? `, carried over from ${a.carriedOverFrom}` : ''}`,
    };
  }
  const printed = r.limit ?? r.limitText;
  return { limit: printed ?? '', limitSource: printed ? 'as printed' : '' };
}

export function toResultRowView(
  r: ResultView,
  fileNames: ReadonlyMap<string, string>,
  conflicted: ReadonlySet<string>,
): ResultRowView {
  const notes: string[] = [];
  if (r.status === 'fail') notes.push('over the limit');
  if (conflicted.has(r.analyte)) notes.push('another source reported a different value');
  if (r.unsure) notes.push(`unsure: ${r.unsure}`);
  if (r.derived) notes.push('computed here');
  const tone: RowTone = r.status === 'fail' ? 'fail' : conflicted.has(r.analyte) ? 'conflict' : r.unsure ? 'unsure' : 'plain';
  const display = getAnalyte(r.analyte)?.name ?? r.name;
  return {
    id: r.id,
    name: display,
    printedAs: r.name.trim().toLowerCase() === display.toLowerCase() ? null : r.name,
    analyte: r.analyte,
    value: valueText(r),
    unit: r.unit,
    loq: r.loq ?? '',
    ...limitCell(r),
    status: r.status,
    statusLabel: statusLabel(r.status),
    tone,
    notes,
    derived: r.derived,
    reported: `${r.reportedValue}${r.reportedUnit ? ` ${r.reportedUnit}` : ''}`,
    confirmedBy: r.confirmedBy,
    provenance: toProvenanceView(r.provenance, fileNames),
  };
}

export function toReviewView(
  set: ResultSetView,
  actor: Actor,
  allowSelfApproval: boolean,
  fileNames: ReadonlyMap<string, string>,
  readiness: readonly ReadinessItem[] = [],
): ReviewView {
  const conflicted = new Set(set.unresolvedConflicts);
  const rows = set.results.map((r) => toResultRowView(r, fileNames, conflicted));
  const panelVerdicts = (set.evaluation?.panels ?? {}) as Record<string, unknown>;
  const panels: PanelView[] = [];
  for (const row of rows) {
    const panel = set.results.find((r) => r.id === row.id)?.panel ?? 'other';
    let group = panels.find((p) => p.key === panel);
    if (!group) {
      const verdict = panelVerdicts[panel];
      group = { key: panel, title: humanize(panel), verdict: typeof verdict === 'string' ? verdict : null, rows: [] };
      panels.push(group);
    }
    group.rows.push(row);
  }
  // Values waiting for a person: a manual entry's pre-filled ones, and in any set the rows a reader was unsure of.
  const unconfirmed = new Set([...unconfirmedValues({ origin: set.origin, results: set.results }), ...unsureValues(set.results)]);
  // In panel order, as the form shows them, so a row's index is its place in the form.
  const awaiting = panels.flatMap((p) => p.rows.filter((r) => unconfirmed.has(r.analyte) && !r.derived));
  const isManager = MANAGERS.includes(actor.role);
  const block = set.status === 'in_review' && isManager ? twoPersonRuleBlocks(actor.username, set, allowSelfApproval) : null;
  return {
    title: `${set.sample.labSampleId} · version ${set.version}`,
    set: {
      id: set.id,
      version: set.version,
      status: set.rejectionReason && set.status === 'draft' ? 'rejected' : set.status,
      statusLabel: set.rejectionReason && set.status === 'draft' ? 'Rejected (draft)' : statusLabel(set.status),
      verdict: set.verdict,
      verdictLabel: statusLabel(set.verdict),
      origin: set.origin,
      createdBy: set.createdBy,
      contributors: [...new Set(set.contributors.map((c) => c.by))].map(
        (by) => `${by} (${describeContributions(set.contributors.filter((c) => c.by === by).map((c) => c.as))})`,
      ),
      submittedBy: set.submittedBy,
      approvedBy: set.approvedBy,
      approvedAt: formatDateTime(set.approvedAt),
      rejectionReason: set.rejectionReason,
      amendmentReason: set.amendmentReason,
      amends: set.amends ? { href: `/review/${set.amends.id}`, version: set.amends.version } : null,
      amendedBy: set.amendedBy
        ? { href: `/review/${set.amendedBy.id}`, version: set.amendedBy.version, status: statusLabel(set.amendedBy.status) }
        : null,
    },
    sample: {
      labSampleId: set.sample.labSampleId,
      uid: set.sample.uid,
      sourceUid: set.sample.sourceUid,
      productType: humanize(set.sample.productType),
      productName: set.sample.productName ?? '—',
      batch: set.sample.batch ?? '—',
      client: clientLabel(set.sample.client),
    },
    panels,
    conflicts: set.conflicts.map((c) => ({
      analyte: c.analyte,
      choices: [
        {
          choose: 'existing',
          label: `${valueText(c.existing)} ${c.existing.unit} (kept so far)`,
          provenance: toProvenanceView(c.existing.provenance as Provenance, fileNames),
        },
        ...c.readings.map((r) => ({
          choose: String(r.index),
          label: `${valueText(r)} ${r.unit}`,
          provenance: toProvenanceView(r.provenance as Provenance, fileNames),
        })),
      ],
    })),
    awaitingConfirmation: awaiting,
    confirmPanels: panels
      .map((p) => ({
        key: p.key,
        title: p.title,
        rows: p.rows.filter((r) => awaiting.includes(r)).map((row) => ({ index: awaiting.indexOf(row), row })),
      }))
      .filter((p) => p.rows.length > 0),
    qualifiers: QUALIFIERS,
    readiness: readiness.map((i) => ({ reason: i.reason, fix: i.fix, blocking: i.blocking, overridable: i.overridable })),
    release: releaseGate(set, readiness, isManager),
    actions: {
      submit: set.status === 'draft',
      approve: set.status === 'in_review' && isManager && block === null,
      approveBlocked: block ? approveBlockedText(block) : null,
      reject: set.status === 'in_review' && isManager,
      amend: set.status === 'approved' && isManager && set.amendedBy === null,
      resolve: set.status === 'draft' && set.conflicts.length > 0,
      confirm: set.status === 'draft' && unconfirmed.size > 0,
    },
    amendRows: 3,
    analyteNames: [...new Set(set.results.filter((r) => !r.derived).map((r) => getAnalyte(r.analyte)?.name ?? r.name))],
    history: set.history.map((e) => ({
      at: formatDateTime(e.occurredAt),
      actor: e.actor,
      action: humanize(e.action.replace(/^result_set\./, '').replace(/^manual_entry\./, 'manual entry: ')),
    })),
  };
}

export interface ReviewListView {
  title: string;
  filter: string;
  query: ReviewListQuery;
  tabs: Array<{ href: string; label: string; current: boolean }>;
  clients: Array<{ value: string; label: string; selected: boolean }>;
  productTypes: Array<{ value: string; label: string; selected: boolean }>;
  verdicts: Array<{ value: string; label: string; selected: boolean }>;
  rows: Array<{
    href: string;
    labSampleId: string;
    uid: string | null;
    client: string;
    product: string;
    version: number;
    status: string;
    statusLabel: string;
    verdict: string | null;
    verdictLabel: string;
    results: number;
    conflicts: number;
    createdBy: string;
    updatedAt: LabTime;
    /** Working hours (weekdays) since the set was created. */
    ageHours: number;
    /** Bulk approval: the set may be ticked (nothing blocks it for this manager), else why not. */
    bulk: { id: string; ready: boolean; whyNot: string | null; ticked: boolean } | null;
  }>;
  /** The bulk approval form under the list of sets in review (managers only), with its signature. */
  bulk: { meaning: string; ready: number } | null;
}

/** Whether this manager may approve a set in review now, and if not why, in words (for the bulk approval list). */
export interface BulkReadiness {
  ready: boolean;
  whyNot: string | null;
}

/** The first reason a set may not be approved by this manager now: the two-person rule, then what blocks its release. */
export function bulkReadiness(
  set: Pick<ResultSetSummaryView, 'createdBy' | 'submittedBy' | 'contributors'>,
  approver: string,
  allowSelfApproval: boolean,
  readiness: readonly ReadinessItem[],
): BulkReadiness {
  const block = twoPersonRuleBlocks(approver, set, allowSelfApproval);
  if (block) return { ready: false, whyNot: approveBlockedText(block) };
  const blocking = blockingItems(readiness, false);
  if (blocking.length === 0) return { ready: true, whyNot: null };
  if (blocking.every((i) => i.overridable))
    return { ready: false, whyNot: 'A partial set (required panels missing): approve it on its own page, with the reason shown' };
  const more = blocking.length > 1 ? ` (and ${blocking.length - 1} more on its page)` : '';
  return { ready: false, whyNot: `Not ready: ${blocking[0].reason}${more}` };
}

const TABS: ReadonlyArray<[string, string]> = [
  ['in_review', 'In review'],
  ['draft', 'Drafts'],
  ['rejected', 'Rejected'],
  ['approved', 'Approved'],
  ['superseded', 'Superseded'],
  ['all', 'All'],
];

type StatusCounts = Record<'draft' | 'in_review' | 'rejected' | 'approved' | 'superseded', number>;

/** The query string of the list with one thing changed, the other filters kept. */
const listHref = (q: ReviewListQuery, change: Partial<ReviewListQuery>): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...change })) if (v !== undefined && v !== '') params.set(k, String(v));
  return `/review?${params.toString()}`;
};

export function toReviewListView(
  q: ReviewListQuery & { status: string },
  sets: ResultSetSummaryView[],
  counts: StatusCounts,
  clients: Array<{ licenseNumber: string; name: string }>,
  now: Date,
  bulk: { readiness: ReadonlyMap<string, BulkReadiness>; ticked: readonly string[]; meaning: string } | null = null,
): ReviewListView {
  const countOf = (key: string) =>
    key === 'all' ? Object.values(counts).reduce((a, b) => a + b, 0) : counts[key as keyof StatusCounts];
  return {
    title: 'Review',
    filter: q.status,
    query: q,
    tabs: TABS.map(([key, label]) => ({
      href: listHref(q, { status: key as ReviewListQuery['status'] }),
      label: `${label} (${countOf(key)})`,
      current: key === q.status,
    })),
    clients: clients.map((c) => ({
      value: c.licenseNumber,
      label: clientLabel(c),
      selected: c.licenseNumber === q.clientLicense,
    })),
    productTypes: PRODUCT_TYPES.map((p) => ({ value: p, label: humanize(p), selected: p === q.productType })),
    verdicts: ['pass', 'fail', 'incomplete'].map((v) => ({ value: v, label: statusLabel(v), selected: v === q.verdict })),
    rows: sets.map((s) => ({
      href: `/review/${s.id}`,
      labSampleId: s.sample.labSampleId,
      uid: s.sample.uid,
      client: s.sample.client.name,
      product:
        [s.sample.productName, s.sample.batch && `batch ${s.sample.batch}`].filter(Boolean).join(' · ') ||
        humanize(s.sample.productType),
      version: s.version,
      status: s.rejectionReason && s.status === 'draft' ? 'rejected' : s.status,
      statusLabel: s.rejectionReason && s.status === 'draft' ? 'Rejected (draft)' : statusLabel(s.status),
      verdict: s.verdict,
      verdictLabel: statusLabel(s.verdict),
      results: s.resultCount,
      conflicts: s.unresolvedConflicts.length,
      createdBy: s.createdBy,
      updatedAt: formatDateTime(s.updatedAt),
      ageHours: workingHoursBetween(s.createdAt, now),
      bulk: bulkRow(s.id, bulk),
    })),
    bulk: bulk ? { meaning: bulk.meaning, ready: [...bulk.readiness.values()].filter((r) => r.ready).length } : null,
  };
}

function bulkRow(
  id: string,
  bulk: { readiness: ReadonlyMap<string, BulkReadiness>; ticked: readonly string[] } | null,
): ReviewListView['rows'][number]['bulk'] {
  const r = bulk?.readiness.get(id);
  if (!bulk || !r) return null;
  return { id, ready: r.ready, whyNot: r.whyNot, ticked: r.ready && bulk.ticked.includes(id) };
}

function approveBlockedText(block: NonNullable<TwoPersonBlock>): string {
  if (block.role === 'created') return 'You imported or entered these results; another manager must approve them.';
  if (block.role === 'submitted') return 'You submitted these results for review; another manager must approve them.';
  return `You contributed to these results (${describeContributions(block.contributions)}); another manager must approve them.`;
}
