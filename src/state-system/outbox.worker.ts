import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { nextDelayMs } from './backoff';
import { STATE_SYSTEM, StateSystemFailure, type StateSystem } from './state-system.port';
import { runOutbox } from './outbox-run';
import { SubmissionRepository, type ClaimedSubmission, type Completion } from './submission.repository';

const INTERVAL_NAME = 'outbox';

export interface SendDueSummary {
  attempts: number;
  accepted: number;
  retry: number;
  dead: number;
  /** Rows whose lease ran out while we were sending them (another sender took over). */
  lost: number;
}

/**
 * Sends due outbox rows to the state system: `OUTBOX_CONCURRENCY` senders fed by one bookkeeper that claims rows
 * under a lease (up to `OUTBOX_CLAIM_BATCH` per sender) and records outcomes in batches (see `runOutbox`); failures
 * retried with exponential backoff and full jitter (never before a Retry-After), `dead` after `OUTBOX_MAX_ATTEMPTS`
 * or at once for a permanent refusal. Never a second effect for one row: the idempotency key
 * travels as ExternalID, and a row whose previous attempt may have been applied (ambiguous failure, or a sender
 * that died mid-send) is first looked up in the state system and counted as accepted if the results are there.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  /** This instance's name on the rows it holds; unique per process start. */
  readonly instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly logger = new Logger('Outbox');
  private stopping = false;
  private running: Promise<SendDueSummary> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly rows: SubmissionRepository,
    @Inject(STATE_SYSTEM) private readonly stateSystem: StateSystem,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.outbox.enabled) return;
    const timer = setInterval(() => this.tick(), this.config.outbox.intervalMs);
    this.scheduler.addInterval(INTERVAL_NAME, timer);
    this.logger.log(`sending to ${this.stateSystem.description} every ${this.config.outbox.intervalMs} ms as ${this.instanceId}`);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    await this.running?.catch(() => undefined);
  }

  /**
   * Sends every row due at `now` (rows that fall due while this runs wait for the next call), with bounded
   * concurrency. Safe to call while another instance does the same.
   */
  async sendDue(now: Date = new Date()): Promise<SendDueSummary> {
    const summary: SendDueSummary = { attempts: 0, accepted: 0, retry: 0, dead: 0, lost: 0 };
    const { concurrency, claimBatch, leaseMs, backoffBaseMs } = this.config.outbox;
    await runOutbox({
      concurrency,
      perSender: claimBatch,
      completeAndClaim: (outcomes, want) =>
        this.rows.completeAndClaim(
          this.instanceId,
          outcomes,
          want > 0
            ? { target: this.config.stateSystem.kind, owner: this.instanceId, now, leaseUntil: new Date(Date.now() + leaseMs), waitMs: backoffBaseMs, limit: want }
            : null,
        ),
      attempt: (row) => this.attempt(row),
      stopping: () => this.stopping,
      recorded: ({ id, completion }, kept) => {
        summary.attempts += 1;
        if (kept) summary[completion.status] += 1;
        else {
          summary.lost += 1;
          this.logger.warn(`submission ${id}: lease ran out while sending; another sender took it over`);
        }
      },
    });
    return summary;
  }

  private tick(): void {
    if (this.running || this.stopping) return;
    this.running = this.sendDue().finally(() => {
      this.running = null;
    });
    this.running.catch((e: unknown) => this.logger.error(`outbox run failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** One attempt for one claimed row; never throws. */
  private async attempt(row: ClaimedSubmission): Promise<Completion> {
    const mayHaveApplied = row.previousStatus === 'sending' || (row.lastError?.startsWith('[ambiguous]') ?? false);
    const { payload } = row;
    try {
      let stateSampleId = payload.sample.stateSampleId;
      if (stateSampleId === null || mayHaveApplied) {
        const ref = stateSampleId !== null ? { stateSampleId } : payload.sample.uid !== null ? { uid: payload.sample.uid } : null;
        if (!ref) throw new StateSystemFailure('permanent', `sample ${payload.sample.labSampleId} has no state UID`);
        const sample = await this.stateSystem.findSample(ref);
        if (!sample) {
          throw new StateSystemFailure(
            'permanent',
            `the state system has no lab sample ${payload.sample.uid ?? stateSampleId} for this lab (was its transfer received?)`,
          );
        }
        stateSampleId = sample.stateSampleId;
        // A first post whose results are already there, or any row whose last attempt may have been applied.
        if (row.kind === 'post' || mayHaveApplied) {
          const held = await this.stateSystem.holdsResults(sample, payload);
          if (held.held) {
            return accepted(held.transactionId, { alreadyHeld: true, attempt: row.attempt, stateSampleId });
          }
        }
      }
      const receipt =
        row.kind === 'amend'
          ? await this.stateSystem.amendResults(stateSampleId, payload, row.idempotencyKey)
          : await this.stateSystem.postResults(stateSampleId, payload, row.idempotencyKey);
      return accepted(receipt.transactionId, { attempt: row.attempt, stateSampleId, skipped: receipt.skipped });
    } catch (e) {
      return this.failed(row, e);
    }
  }

  private failed(row: ClaimedSubmission, e: unknown): Completion {
    const failure =
      e instanceof StateSystemFailure
        ? e
        : // Our own bug or an unexpected library error: we cannot tell whether anything was sent.
          new StateSystemFailure('ambiguous', `unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    const reason = `[${failure.kind}] ${failure.message}`;
    const { maxAttempts } = this.config.outbox;
    if (failure.kind === 'permanent' || row.attempt >= maxAttempts) {
      const why = failure.kind === 'permanent' ? reason : `gave up after ${row.attempt} attempts (OUTBOX_MAX_ATTEMPTS=${maxAttempts}): ${reason}`;
      this.logger.error(`submission ${row.id} is dead: ${why}`);
      return { status: 'dead', lastError: why, audit: { attempt: row.attempt, reason: why } };
    }
    const delay = nextDelayMs(
      row.attempt,
      { baseMs: this.config.outbox.backoffBaseMs, maxMs: this.config.outbox.backoffMaxMs },
      Math.random(),
      failure.details.retryAfterMs,
    );
    const nextAttemptAt = new Date(Date.now() + Math.max(1, delay));
    return {
      status: 'retry',
      lastError: reason,
      nextAttemptAt,
      audit: { attempt: row.attempt, kind: failure.kind, reason, nextAttemptAt: nextAttemptAt.toISOString() },
    };
  }
}

function accepted(transactionId: string | null, audit: Record<string, unknown>): Completion {
  return {
    status: 'accepted',
    remoteTransactionId: transactionId,
    acceptedAt: new Date(),
    lastError: null,
    audit: { remoteTransactionId: transactionId, ...audit },
  };
}
