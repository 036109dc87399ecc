import type { SampleSyncProgress, SampleSyncSummary } from '../samples/sample-sync.service';
import { formatDateTime } from './format';
import type { FormOutcome } from './web-form.interceptor';

/** The message after pulling inbound sample transfers from the state system. */
export function syncOutcome(s: SampleSyncSummary): FormOutcome {
  const registered = s.registered.length
    ? `registered ${s.registered.length} sample(s): ${s.registered.map((r) => r.uid).join(', ')}`
    : 'no new samples';
  const problems = s.problems.length ? ` Problems: ${s.problems.join('; ')}` : '';
  return {
    url: '/dashboard',
    flash: {
      kind: s.problems.length ? 'error' : 'success',
      text: `Checked ${s.transfers} inbound transfer(s): ${registered}; ${s.alreadyKnown} already known.${problems}`,
    },
  };
}

/** The message when a pull is still running as the page answers: the dashboard shows how far it got. */
export function syncStillRunning(p: SampleSyncProgress): FormOutcome {
  return {
    url: '/dashboard',
    flash: {
      kind: 'success',
      text: `Still pulling inbound samples (${p.samples.done} of ${p.samples.total} so far); reload the dashboard to follow it.`,
    },
  };
}

/** The dashboard's line about the running or last pull; null before the first one. */
export function syncProgressLine(p: SampleSyncProgress): { running: boolean; failed: boolean; text: string } | null {
  if (p.state === 'idle') return null;
  const counts = `${p.samples.done} of ${p.samples.total} sample(s) on ${p.transfers.done} of ${p.transfers.total} transfer(s): ${p.registered} registered, ${p.alreadyKnown} already known, ${p.received} transfer(s) received`;
  const problems = p.problemCount
    ? `; ${p.problemCount} problem(s): ${p.problems.join('; ')}${p.problemCount > p.problems.length ? '; …' : ''}`
    : '';
  if (p.state === 'running')
    return {
      running: true,
      failed: false,
      text: `Pulling inbound samples since ${formatDateTime(p.startedAt)} (${p.startedBy}): ${counts}${problems}.`,
    };
  if (p.state === 'failed')
    return {
      running: false,
      failed: true,
      text: `The last pull (${formatDateTime(p.startedAt)}, ${p.startedBy}) failed: ${p.error}. ${counts}${problems}.`,
    };
  return {
    running: false,
    failed: p.problemCount > 0,
    text: `Last pull ${formatDateTime(p.finishedAt)} (${p.startedBy}): ${counts}${problems}.`,
  };
}
