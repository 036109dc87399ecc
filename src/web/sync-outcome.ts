import type { SampleSyncSummary } from '../samples/sample-sync.service';
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
