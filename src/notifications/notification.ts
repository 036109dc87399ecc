import type { SubmissionAttention } from '../outbox/submission-attention';
import type { SubmissionView } from '../outbox/submission.mapper';

export const NOTIFICATION_KINDS = [
  'submission_needs_action',
  'submission_late',
  'submission_near_late',
  'review_waiting',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One thing a manager should act on. `key` names the event: it is e-mailed once, however often it is seen. */
export interface Notification {
  key: string;
  kind: NotificationKind;
  severity: 'urgent' | 'warning' | 'info';
  title: string;
  detail: string;
  /** The page where it is acted on. */
  href: string;
  /** The instant it is about, in UTC: the deadline of a submission, when a set was sent for review. */
  at: string;
}

export interface NotificationList {
  /** How many there are of each kind (exact; `items` holds at most the first few of each). */
  counts: Record<NotificationKind, number>;
  total: number;
  items: Notification[];
}

/** A result set waiting for a manager's review. */
export interface ReviewWaiting {
  resultSetId: string;
  labSampleId: string;
  version: number;
  submittedBy: string | null;
  /** When it was sent for review (its last change). */
  since: Date;
}

export const KIND_HEADINGS: Readonly<Record<NotificationKind, string>> = {
  submission_needs_action: 'Submissions needing action',
  submission_late: 'Late against the 48-hour clock',
  submission_near_late: 'Near late against the 48-hour clock',
  review_waiting: 'Waiting for review',
};

const words = (status: string) => status.replace(/_/g, ' ');

const sampleOf = (s: SubmissionView) => (s.sample.uid ? `${s.sample.labSampleId} (${s.sample.uid})` : s.sample.labSampleId);

/**
 * The notifications a manager sees now, most urgent first. Event keys carry what makes a new event: a submission
 * that dies again after a retry is a new event (its last change differs); a set sent back and resubmitted too.
 */
export function toNotifications(
  attention: SubmissionAttention,
  review: { total: number; sets: ReviewWaiting[] },
  actionOf: (status: string) => string | null,
): NotificationList {
  const needsAction = attention.needsAction.submissions.map((s): Notification => ({
    key: `submission:${s.id}:${s.status}:${Date.parse(s.updatedAt)}`,
    kind: 'submission_needs_action',
    severity: 'urgent',
    title: `Needs action: ${sampleOf(s)}`,
    detail: [
      `Status ${words(s.status)}: ${actionOf(s.status) ?? 'see the submissions page'}`,
      s.lastError ? `Last error: ${s.lastError}` : null,
    ]
      .filter(Boolean)
      .join('. '),
    href: `/submissions?status=${s.status}`,
    at: s.deadlineAt,
  }));
  const late = attention.late.submissions.map((s): Notification => ({
    key: `submission:${s.id}:late`,
    kind: 'submission_late',
    severity: 'urgent',
    title: `Late: ${sampleOf(s)}`,
    detail: `Not yet accepted by the state system; its 48-hour reporting deadline has passed (status: ${words(s.status)}).`,
    href: '/submissions?deadline=late',
    at: s.deadlineAt,
  }));
  const near = attention.nearLate.submissions.map((s): Notification => ({
    key: `submission:${s.id}:near_late`,
    kind: 'submission_near_late',
    severity: 'warning',
    title: `Near late: ${sampleOf(s)}`,
    detail: `Not yet accepted by the state system; its 48-hour reporting deadline is close (status: ${words(s.status)}).`,
    href: '/submissions?deadline=near',
    at: s.deadlineAt,
  }));
  const waiting = review.sets.map((r): Notification => ({
    key: `result_set:${r.resultSetId}:in_review:${r.since.getTime()}`,
    kind: 'review_waiting',
    severity: 'info',
    title: `Waiting for review: ${r.labSampleId}${r.version > 1 ? ` (version ${r.version})` : ''}`,
    detail: r.submittedBy ? `Sent for review by ${r.submittedBy}.` : 'Sent for review.',
    href: `/review/${r.resultSetId}`,
    at: r.since.toISOString(),
  }));
  const counts: Record<NotificationKind, number> = {
    submission_needs_action: attention.needsAction.total,
    submission_late: attention.late.total,
    submission_near_late: attention.nearLate.total,
    review_waiting: review.total,
  };
  return {
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    items: [...needsAction, ...late, ...near, ...waiting],
  };
}
