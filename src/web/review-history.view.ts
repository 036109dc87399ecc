import type { AuditEventView } from '../audit/audit.service';
import { formatDateTime, humanize, statusLabel } from './format';

export interface HistoryLine {
  /** In the lab's time zone; `utc` goes in the title attribute. */
  at: string;
  utc: string;
  actor: string;
  /** What happened, as a sentence that starts after the actor's name. */
  text: string;
  /** A reason or answer in the person's or the state system's own words. */
  quote: string | null;
}

export interface HistoryContext {
  /** sha256 → the name the file was uploaded under. */
  fileNames: ReadonlyMap<string, string>;
  /** Analyte key → its display name. */
  analyteNames: ReadonlyMap<string, string>;
  /** An instant in the lab's time zone. */
  labTime: (iso: string) => string;
}

type Fields = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/**
 * The audit events of a result set (and of its submissions to the state system) as sentences a person reads:
 * which file added which results, which conflict was resolved to what and why, what the state system answered.
 * An action this does not know is still listed, by its name, never dropped.
 */
export function historyInWords(events: readonly AuditEventView[], ctx: HistoryContext): HistoryLine[] {
  return [...events]
    .sort((a, b) => a.sequence - b.sequence)
    .map((e) => {
      const { text, quote } = sentence(e, ctx);
      return { at: ctx.labTime(e.occurredAt), utc: formatDateTime(e.occurredAt).utc, actor: e.actor, text, quote };
    });
}

function sentence(e: AuditEventView, ctx: HistoryContext): { text: string; quote: string | null } {
  const a: Fields = e.after ?? {};
  const b: Fields = e.before ?? {};
  const file = (sha: unknown) => {
    const s = str(sha);
    if (!s) return 'a source without a file';
    return ctx.fileNames.get(s) ?? (/^[0-9a-f]{64}$/.test(s) ? `a file (sha256 ${s.slice(0, 12)}…)` : s);
  };
  const analyte = (key: unknown) => ctx.analyteNames.get(String(key)) ?? humanize(String(key));
  const reading = (f: Fields) =>
    str(f.qualifier) ?? `${str(f.reportedValue) ?? str(f.value) ?? '—'} ${str(f.reportedUnit) ?? str(f.unit) ?? ''}`.trim();
  const version = (v: unknown) => {
    const n = typeof v === 'object' && v ? (v as Fields).version : v;
    return `version ${str(n) ?? '?'}`;
  };
  const plain = (text: string, quote: unknown = null) => ({ text, quote: str(quote) });

  // Confirming a value read off a certificate is recorded under the manual entry's or the result set's name.
  const action = e.action.replace(/^[a-z_]+\.(value_confirmed|value_corrected)$/, 'manual_entry.$1');
  switch (action) {
    case 'result_set.created':
      if (a.origin === 'amendment') return plain(`drafted ${version(a.version)} to amend ${version(a.amends)}`, a.reason);
      if (a.origin === 'manual') return plain(`started ${version(a.version)} from results entered by hand`);
      return plain(`started ${version(a.version)} of sample ${str(a.sample) ?? ''} from an import`.replace('  ', ' '));
    case 'result_set.results_added': {
      const conflicts = Array.isArray(a.conflicts) ? (a.conflicts as unknown[]).map(analyte) : [];
      const parts = [
        `added ${num(a.added)} result(s) from ${a.source === 'manual' ? 'a manual entry' : file(a.source)}`,
        num(a.duplicates) ? `${num(a.duplicates)} already there with the same value` : null,
        conflicts.length ? `a different value for ${conflicts.join(', ')} (a conflict to resolve)` : null,
      ].filter(Boolean);
      return plain(parts.join('; '));
    }
    case 'result_set.conflict_resolved': {
      const kept = a.choice === 'existing' ? 'kept the reading already on the result' : 'took the other source’s reading';
      return plain(`resolved the conflict on ${analyte(a.analyte)}: ${kept}, ${reading(a)} from ${file(a.sha256)}`, a.reason);
    }
    case 'result_set.submitted':
      return plain('submitted it for review');
    case 'result_set.approved':
      return plain(
        `approved and released it${a.deadlineAt ? `; the report to the state system is due by ${ctx.labTime(String(a.deadlineAt))}` : ''}${
          a.supersedes ? `; it supersedes ${version(a.supersedes)}` : ''
        }`,
      );
    case 'result_set.rejected':
      return plain('rejected it back to draft', a.reason);
    case 'result_set.returned_to_draft':
      return plain('returned it to draft from review', a.reason);
    case 'result_set.amended':
      return plain(`amended it: ${version(a.amendment)} drafted with the changes`, a.reason);
    case 'result_set.superseded':
      return plain(`marked it superseded by ${version(a.supersededBy)}`, a.reason);
    case 'manual_entry.created':
      return plain('entered the results by hand from an offline source');
    case 'manual_entry.value_confirmed':
      return plain(`confirmed ${analyte(a.analyte ?? b.analyte)} as read${a.value || a.qualifier ? `: ${reading(a)}` : ''}`);
    case 'manual_entry.value_corrected':
      return plain(`corrected ${analyte(a.analyte ?? b.analyte)} from ${reading(b)} to ${reading(a)}`);
    case 'submission.queued':
      return plain(
        `queued the ${a.kind === 'amend' ? 'amendment' : 'results'} for the state system${
          a.deadlineAt ? `, due by ${ctx.labTime(String(a.deadlineAt))}` : ''
        }`,
      );
    case 'submission.sending':
      return plain(`sent it to the state system (attempt ${str(a.attempt) ?? '1'})`);
    case 'submission.accepted':
      return plain(
        `recorded: the state system accepted it${a.remoteTransactionId ? `, transaction ${str(a.remoteTransactionId)}` : ''}`,
      );
    case 'submission.retry_scheduled':
      return plain(
        `could not report it this time${a.nextAttemptAt ? `; it tries again at ${ctx.labTime(String(a.nextAttemptAt))}` : ''}`,
        a.reason,
      );
    case 'submission.dead':
      return plain('gave up reporting it: a person must act (retry from the submissions page)', a.reason);
    case 'submission.awaiting_release':
      return plain('recorded it in the state system, held until a manager releases it');
    case 'submission.manual_correction_required':
      return plain('could not amend it automatically: correct it in the state system by hand', a.reason);
    case 'submission.release_approved':
      return plain('released the results in the state system');
    case 'submission.retried':
      return plain('sent the submission to the state system again');
    default:
      return plain(
        `${humanize(e.action.replace(/^[a-z_]+\./, ''))}${a.status ? ` (${statusLabel(String(a.status))})` : ''}`,
        a.reason,
      );
  }
}
