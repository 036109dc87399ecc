import type { Submission } from './submission.entity';
import type { SubmissionPayload } from './submission-payload';
import { isNeededAction, NEEDED_ACTIONS, type NeededAction } from '../state-system/needed-action';

export interface DeadlineState {
  /** Reported after its deadline, or still unreported with the deadline passed. */
  late: boolean;
  /** Still unreported, deadline not passed but within the near-late threshold. */
  nearLate: boolean;
}

/** The 48-hour clock of one submission at `now`. */
export function deadlineState(deadlineAt: Date, acceptedAt: Date | null, now: Date, nearLateMs: number): DeadlineState {
  if (acceptedAt) return { late: acceptedAt.getTime() > deadlineAt.getTime(), nearLate: false };
  const left = deadlineAt.getTime() - now.getTime();
  return { late: left < 0, nearLate: left >= 0 && left <= nearLateMs };
}

export interface SubmissionView extends DeadlineState {
  id: string;
  resultSetId: string;
  sample: { labSampleId: string; uid: string | null };
  target: string;
  /** `simulator` or the live base URL it goes to. */
  endpoint: string;
  /** The protocol step it is at (null before the first). */
  step: string | null;
  kind: string;
  status: string;
  /**
   * At `needs_action`: what a person must do (`action`, `whatToDo`) and whether Retry can then help; null otherwise.
   * Notifications hook here.
   */
  needsAction: { action: NeededAction; whatToDo: string; retryHelps: boolean } | null;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  remoteTransactionId: string | null;
  idempotencyKey: string;
  deadlineAt: string;
  acceptedAt: string | null;
  createdAt: string;
  /** Its last change (a status change, an attempt). */
  updatedAt: string;
}

export function toSubmissionView(s: Submission, now: Date, nearLateMs: number): SubmissionView {
  const payload = s.payload as unknown as SubmissionPayload;
  return {
    id: s.id,
    resultSetId: s.resultSet.id,
    sample: { labSampleId: payload.sample.labSampleId, uid: payload.sample.uid },
    target: s.target,
    endpoint: s.endpoint,
    step: s.step,
    kind: s.kind,
    status: s.status,
    needsAction: s.status === 'needs_action' ? neededAction(s.action) : null,
    attempts: s.attempts,
    nextAttemptAt: s.nextAttemptAt.toISOString(),
    lastError: s.lastError,
    remoteTransactionId: s.remoteTransactionId,
    idempotencyKey: s.idempotencyKey,
    deadlineAt: s.deadlineAt.toISOString(),
    acceptedAt: s.acceptedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    ...deadlineState(s.deadlineAt, s.acceptedAt, now, nearLateMs),
  };
}

/** A row at needs_action without a known action (written by a later version, say) asks for the regulator. */
function neededAction(action: string | null): NonNullable<SubmissionView['needsAction']> {
  const known: NeededAction = isNeededAction(action) ? action : 'contact_regulator';
  return { action: known, ...NEEDED_ACTIONS[known] };
}
