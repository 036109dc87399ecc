import type { AttemptOutcome, ClaimedSubmission, Completion } from './submission.repository';

/** What one run of the outbox needs from the worker. */
export interface OutboxRunSteps {
  /** Parallel sends (OUTBOX_CONCURRENCY). */
  concurrency: number;
  /** Rows claimed per sender (OUTBOX_CLAIM_BATCH): the most a claimed row waits behind is this many sends. */
  perSender: number;
  /** Records `outcomes` and claims up to `want` more due rows (none when `want` is 0), in one transaction. */
  completeAndClaim(outcomes: AttemptOutcome[], want: number): Promise<{ kept: boolean[]; claimed: ClaimedSubmission[] }>;
  /** One attempt for one claimed row; never throws. */
  attempt(row: ClaimedSubmission): Promise<Completion>;
  /** True once the service is shutting down: nothing more is claimed, what is claimed is still sent. */
  stopping(): boolean;
  /** Called for each outcome as it is recorded: `kept` is false when the row's lease ran out and another sender took it over. */
  recorded(outcome: AttemptOutcome, kept: boolean): void;
}

/**
 * One pass over the due rows with group commit: `concurrency` senders take claimed rows from a queue, and a single
 * bookkeeper records the outcomes that have come in and tops the queue up, in one transaction, whenever the last one has
 * ended. Under load each transaction covers many rows; alone, a row is recorded as soon as it is sent. The queue never
 * holds more than `concurrency × perSender` claimed rows, so a claimed row waits behind at most `perSender` sends of
 * its sender, which is what the lease must cover.
 */
export async function runOutbox(steps: OutboxRunSteps): Promise<void> {
  const capacity = steps.concurrency * steps.perSender;
  const queue: ClaimedSubmission[] = [];
  let finished: AttemptOutcome[] = [];
  let sending = 0;
  /** Nothing more will be claimed in this run: the last claim found fewer rows than asked, or the service is stopping. */
  let exhausted = false;
  let failed = false;
  const work = new Signal();
  const bookkeeperWake = new Signal();

  const bookkeeper = async () => {
    try {
      for (;;) {
        exhausted ||= steps.stopping();
        const want = exhausted ? 0 : capacity - queue.length - sending;
        if (finished.length === 0 && want === 0) {
          if (exhausted && queue.length === 0 && sending === 0) return;
          await bookkeeperWake.wait();
          continue;
        }
        const outcomes = finished;
        finished = [];
        const { kept, claimed } = await steps.completeAndClaim(outcomes, want);
        outcomes.forEach((outcome, i) => steps.recorded(outcome, kept[i]));
        if (claimed.length < want) exhausted = true;
        queue.push(...claimed);
        work.notify();
      }
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      exhausted = true;
      work.notify();
    }
  };

  const sender = async () => {
    // After a failed transaction nothing more is sent: the outcomes could not be recorded, and the claimed rows are
    // taken over when their lease runs out, as a crashed sender's are.
    while (!failed) {
      const row = queue.shift();
      if (!row) {
        if (exhausted) return;
        await work.wait();
        continue;
      }
      // A claimed row is sent even when stopping: left unsent, it would wait out its lease.
      sending += 1;
      const completion = await steps.attempt(row);
      sending -= 1;
      finished.push({ id: row.id, attempt: row.attempt, completion });
      bookkeeperWake.notify();
    }
  };

  // Every sender ends before this returns, even when the bookkeeper fails (the database went away): never more than
  // `concurrency` sends in flight, whatever the interval does next.
  const settled = await Promise.allSettled([bookkeeper(), ...Array.from({ length: steps.concurrency }, sender)]);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
}

/** Wakes everyone waiting on it. */
class Signal {
  private waiters: Array<() => void> = [];

  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  notify(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
}
