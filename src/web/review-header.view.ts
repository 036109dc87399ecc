import type { SubmissionView } from '../outbox/submission.mapper';
import { formatDateTime, statusLabel } from './format';

export interface DateFact {
  label: string;
  /** In the lab's time zone (a date alone as written). */
  text: string;
  /** The same instant in UTC, for the title attribute. */
  utc: string;
}

export interface StateSystemFact {
  /** accepted · waiting · needs-action · late */
  tone: 'accepted' | 'waiting' | 'needs-action' | 'late';
  text: string;
  detail: string | null;
}

export interface ReviewHeaderView {
  dates: DateFact[];
  stateSystem: StateSystemFact | null;
}

const NEEDS_ACTION = new Set(['dead', 'manual_correction_required', 'awaiting_release']);

/**
 * The review page's dates (received, collected, tested, released, reported) in the lab's time zone, and where the
 * state system stands with this version: accepted with its transaction, waiting (late or not), or needing a person.
 */
export function toReviewHeader(input: {
  receivedAt: string | null;
  collectedAt: string | null;
  testedOn: string | null;
  approvedAt: string | null;
  submissions: readonly SubmissionView[];
  stateSystem: string;
  labTime: (value: string) => string;
}): ReviewHeaderView {
  const latest = input.submissions.at(-1) ?? null;
  const fact = (label: string, value: string | null): DateFact => ({
    label,
    text: value ? input.labTime(value) : '—',
    utc: value ? (value.length > 10 ? formatDateTime(value).utc : `${value} (a date, as recorded)`) : '',
  });
  return {
    dates: [
      fact('Received', input.receivedAt),
      fact('Collected', input.collectedAt),
      fact('Tested', input.testedOn),
      fact('Released', input.approvedAt),
      fact('Reported to the state', latest?.acceptedAt ?? null),
    ],
    stateSystem: latest ? stateFact(latest, input.stateSystem, input.labTime) : null,
  };
}

function stateFact(s: SubmissionView, system: string, labTime: (v: string) => string): StateSystemFact {
  const what = s.kind === 'amend' ? 'the amendment' : 'the results';
  if (s.status === 'accepted') {
    return {
      tone: s.late ? 'late' : 'accepted',
      text: `${system} accepted ${what}${s.remoteTransactionId ? `, transaction ${s.remoteTransactionId}` : ''}${
        s.late ? ', after the 48-hour deadline' : ''
      }`,
      detail: s.acceptedAt ? `at ${labTime(s.acceptedAt)}` : null,
    };
  }
  if (NEEDS_ACTION.has(s.status)) {
    return {
      tone: 'needs-action',
      text: `Needs action: ${statusLabel(s.status)} (${system})`,
      detail: s.lastError ?? (s.status === 'awaiting_release' ? 'a manager releases it on the submissions page' : null),
    };
  }
  return {
    tone: s.late ? 'late' : 'waiting',
    text: `${s.late ? 'Late: not yet reported' : 'Waiting to be reported'} to ${system} (${statusLabel(s.status)}, attempt ${s.attempts})`,
    detail: `due by ${labTime(s.deadlineAt)}${s.lastError ? `; last error: ${s.lastError}` : ''}`,
  };
}
