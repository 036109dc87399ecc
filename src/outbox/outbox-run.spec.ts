import { runOutbox, type OutboxRunSteps } from './outbox-run';
import type { AttemptOutcome, ClaimedSubmission, Completion } from './submission.repository';

const ACCEPTED: Completion = { status: 'accepted', audit: {} };

function row(n: number): ClaimedSubmission {
  return {
    id: `row-${n}`,
    kind: 'post',
    target: 'biotrack-ny',
    payload: {} as ClaimedSubmission['payload'],
    step: null,
    stepState: {},
    idempotencyKey: `key-${n}`,
    attempt: 1,
    previousStatus: 'pending',
    lastError: null,
  };
}

/** An outbox of `due` rows behind fake steps that record what the run did, with sends taking a few ticks. */
function fakeOutbox(
  due: number,
  options: { concurrency?: number; perSender?: number; failClaimAt?: number; stopAfterSends?: number } = {},
) {
  const pending = Array.from({ length: due }, (_, i) => row(i));
  const seen = {
    transactions: [] as Array<{ recorded: number; claimed: number }>,
    sent: [] as string[],
    recorded: [] as string[],
    maxInFlight: 0,
    maxHeld: 0,
    failed: false,
    startedAfterFailure: 0,
  };
  let inFlight = 0;
  let held = 0;
  let stopping = false;
  const steps: OutboxRunSteps = {
    concurrency: options.concurrency ?? 3,
    perSender: options.perSender ?? 2,
    async completeAndClaim(outcomes: AttemptOutcome[], want: number) {
      await tick();
      if (options.failClaimAt !== undefined && seen.transactions.length === options.failClaimAt) {
        seen.failed = true;
        throw new Error('database went away');
      }
      const claimed = pending.splice(0, want);
      held += claimed.length - outcomes.length;
      seen.maxHeld = Math.max(seen.maxHeld, held);
      seen.transactions.push({ recorded: outcomes.length, claimed: claimed.length });
      return { kept: outcomes.map(() => true), claimed };
    },
    async attempt(r) {
      if (seen.failed) seen.startedAfterFailure += 1;
      inFlight += 1;
      seen.maxInFlight = Math.max(seen.maxInFlight, inFlight);
      await tick();
      await tick();
      inFlight -= 1;
      seen.sent.push(r.id);
      if (options.stopAfterSends !== undefined && seen.sent.length >= options.stopAfterSends) stopping = true;
      return ACCEPTED;
    },
    stopping: () => stopping,
    recorded: (outcome, kept) => {
      expect(kept).toBe(true);
      seen.recorded.push(outcome.id);
    },
  };
  return { steps, seen, pending };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('runOutbox', () => {
  it('sends every due row once and records every outcome, with at most `concurrency` sends at a time', async () => {
    const { steps, seen } = fakeOutbox(25);
    await runOutbox(steps);
    expect([...seen.sent].sort()).toEqual(Array.from({ length: 25 }, (_, i) => `row-${i}`).sort());
    expect([...seen.recorded].sort()).toEqual([...seen.sent].sort());
    expect(seen.maxInFlight).toBe(3);
  });

  it('never holds more than concurrency × perSender claimed rows unrecorded, and records many outcomes per transaction', async () => {
    const { steps, seen } = fakeOutbox(60, { concurrency: 4, perSender: 2 });
    await runOutbox(steps);
    expect(seen.maxHeld).toBeLessThanOrEqual(8);
    expect(seen.transactions.length).toBeLessThan(60);
    expect(Math.max(...seen.transactions.map((t) => t.recorded))).toBeGreaterThan(1);
  });

  it('ends at once when nothing is due', async () => {
    const { steps, seen } = fakeOutbox(0);
    await runOutbox(steps);
    expect(seen.transactions).toEqual([{ recorded: 0, claimed: 0 }]);
    expect(seen.sent).toEqual([]);
  });

  it('when stopping, claims nothing more but still sends and records every row it holds', async () => {
    const { steps, seen, pending } = fakeOutbox(40, { stopAfterSends: 3 });
    await runOutbox(steps);
    expect(pending.length).toBeGreaterThan(0);
    const claimed = seen.transactions.reduce((n, t) => n + t.claimed, 0);
    expect(seen.sent).toHaveLength(claimed);
    expect(seen.recorded).toHaveLength(claimed);
  });

  it('fails when the bookkeeping fails, starting no send after it and returning once every send in flight has ended', async () => {
    // One sender with four rows queued: when the second transaction fails, three are still waiting to be sent.
    const { steps, seen } = fakeOutbox(40, { concurrency: 1, perSender: 4, failClaimAt: 1 });
    let inFlightAtEnd = -1;
    const attempt = steps.attempt;
    let running = 0;
    steps.attempt = async (r) => {
      running += 1;
      try {
        return await attempt(r);
      } finally {
        running -= 1;
      }
    };
    await expect(runOutbox(steps).finally(() => (inFlightAtEnd = running))).rejects.toThrow('database went away');
    expect(inFlightAtEnd).toBe(0);
    expect(seen.startedAfterFailure).toBe(0);
    expect(seen.sent.length).toBeGreaterThan(0);
    expect(seen.sent.length).toBeLessThan(40);
  });
});
