import type { SubmissionList } from '../outbox/submission.service';
import type { SubmissionView } from '../outbox/submission.mapper';
import { deadlineText, formatDateTime, statusLabel, type LabTime } from './format';
import { defaultMeaning } from './review-signatures.view';

export interface SubmissionRowView {
  id: string;
  reviewHref: string;
  sample: string;
  uid: string | null;
  kind: string;
  status: string;
  statusLabel: string;
  attempts: number;
  lastError: string | null;
  /** At needs_action: what a person must do. */
  whatToDo: string | null;
  deadline: LabTime;
  clock: string;
  late: boolean;
  nearLate: boolean;
  nextAttempt: LabTime;
  remoteTransactionId: string | null;
  canRetry: boolean;
  canRelease: boolean;
}

export function toSubmissionRow(s: SubmissionView, now: Date): SubmissionRowView {
  return {
    id: s.id,
    reviewHref: `/review/${s.resultSetId}`,
    sample: s.sample.labSampleId,
    uid: s.sample.uid,
    kind: s.kind === 'amend' ? 'Amendment' : 'Results',
    status: s.status,
    statusLabel: statusLabel(s.status),
    attempts: s.attempts,
    lastError: s.lastError,
    whatToDo: s.needsAction?.whatToDo ?? null,
    deadline: formatDateTime(s.deadlineAt),
    clock: deadlineText(s.deadlineAt, s.acceptedAt, now),
    late: s.late,
    nearLate: s.nearLate,
    nextAttempt: s.status === 'pending' || s.status === 'retry' ? formatDateTime(s.nextAttemptAt) : formatDateTime(null),
    remoteTransactionId: s.remoteTransactionId,
    // Only where sending again can succeed: never for a refusal an amendment must answer.
    canRetry: s.status === 'dead' || s.status === 'retry' || (s.needsAction?.retryHelps ?? false),
    canRelease: s.status === 'awaiting_release',
  };
}

export interface QueueCounts {
  byStatus: Array<{ status: string; label: string; count: number }>;
  late: number;
  nearLate: number;
}

export const toQueueCounts = (summary: SubmissionList['summary']): QueueCounts => ({
  byStatus: Object.entries(summary.byStatus).map(([status, count]) => ({ status, label: statusLabel(status), count })),
  late: summary.late,
  nearLate: summary.nearLate,
});

export interface SubmissionsPageView {
  title: string;
  status: string;
  deadline: string;
  statusOptions: Array<{ value: string; label: string; selected: boolean }>;
  deadlineOptions: Array<{ value: string; label: string; selected: boolean }>;
  counts: QueueCounts;
  rows: SubmissionRowView[];
  /** The signed release form: its default meaning, and the one refused last time (open, with the meaning typed). */
  release: { meaning: string; refused: { id: string; meaning: string } | null };
}

const STATUS_FILTERS: ReadonlyArray<[string, string]> = [
  ['open', 'Not accepted yet'],
  ['pending', 'Pending'],
  ['sending', 'Sending'],
  ['retry', 'Waiting to retry'],
  ['needs_action', 'Needs action'],
  ['dead', 'Stopped retrying'],
  ['awaiting_release', 'Awaiting release'],
  ['manual_correction_required', 'Correct by hand'],
  ['superseded', 'Replaced by an amendment'],
  ['accepted', 'Accepted'],
  ['all', 'All'],
];
const DEADLINE_FILTERS: ReadonlyArray<[string, string]> = [
  ['any', 'Any deadline'],
  ['late', 'Late'],
  ['near', 'Near the deadline'],
];

export function toSubmissionsPageView(
  filter: { status: string; deadline: string },
  list: SubmissionList,
  now: Date,
  refused: { id: string; meaning: string } | null = null,
): SubmissionsPageView {
  return {
    title: 'Submissions to the state system',
    status: filter.status,
    deadline: filter.deadline,
    statusOptions: STATUS_FILTERS.map(([value, label]) => ({ value, label, selected: value === filter.status })),
    deadlineOptions: DEADLINE_FILTERS.map(([value, label]) => ({ value, label, selected: value === filter.deadline })),
    counts: toQueueCounts(list.summary),
    rows: list.submissions.map((s) => toSubmissionRow(s, now)),
    release: { meaning: defaultMeaning('release'), refused },
  };
}
