import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { nextDelayMs } from './backoff';
import { STATE_SYSTEM, StateSystemFailure, type StateSystem } from '../state-system/state-system.port';
import { CREDENTIALS_REVOKED, WAITING_TO_BE_RECEIVED } from '../state-system/failure-classification';
import { NEEDED_ACTIONS, neededActionFor } from '../state-system/needed-action';
import { CertificateCache } from './certificate-cache';
import { CERTIFICATES, type CertificateSource } from './certificate-source';
import { runOutbox } from './outbox-run';
import { SubmissionRepository, type ClaimedSubmission, type Completion } from './submission.repository';

const INTERVAL_NAME = 'outbox';
/** Step state key: the step that may have applied without a look-up having answered since. */
const UNCONFIRMED = 'unconfirmedStep';
/** A protocol that keeps answering "next" is a bug, not a reason to loop forever. */
const MAX_STEPS_PER_ATTEMPT = 20;

export interface SendDueSummary {
  attempts: number;
  accepted: number;
  retry: number;
  dead: number;
  /** Rows that stopped for a person (awaiting release, manual correction). */
  held: number;
  /** Rows whose lease ran out while we were sending them (another sender took over). */
  lost: number;
}

/**
 * Sends due outbox rows to the state system: `OUTBOX_CONCURRENCY` senders fed by one bookkeeper that claims rows
 * under a lease (up to `OUTBOX_CLAIM_BATCH` per sender) and records outcomes in batches (see `runOutbox`); failures
 * retried with exponential backoff and full jitter (never before a Retry-After), `dead` after `OUTBOX_MAX_ATTEMPTS`;
 * a permanent refusal stops at once at `needs_action` with what a person must do (state-system/needed-action.ts). Never a second effect for one row: the idempotency key
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
  /** Each set's certificate rendered once for all the steps and attempts of its submission. */
  private readonly certificatesKept: CertificateCache;

  constructor(
    private readonly config: AppConfig,
    private readonly rows: SubmissionRepository,
    @Inject(STATE_SYSTEM) private readonly stateSystem: StateSystem,
    private readonly scheduler: SchedulerRegistry,
    @Inject(CERTIFICATES) private readonly certificates: CertificateSource,
  ) {
    this.certificatesKept = new CertificateCache(config.outbox.concurrency * config.outbox.claimBatch);
  }

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
    const summary: SendDueSummary = { attempts: 0, accepted: 0, retry: 0, dead: 0, held: 0, lost: 0 };
    // A refused key pauses the queue: nothing is claimed until the state system takes the key again.
    if (this.stateSystem.alert?.()) {
      try {
        await this.stateSystem.probe();
      } catch {
        return summary;
      }
    }
    const { concurrency, claimBatch, leaseMs, backoffBaseMs } = this.config.outbox;
    await runOutbox({
      concurrency,
      perSender: claimBatch,
      completeAndClaim: (outcomes, want) =>
        this.rows.completeAndClaim(
          this.instanceId,
          outcomes,
          want > 0
            ? {
                target: this.config.stateSystem.kind,
                endpoint: this.config.stateSystem.endpoint,
                owner: this.instanceId,
                now,
                leaseUntil: new Date(Date.now() + leaseMs),
                waitMs: backoffBaseMs,
                limit: want,
              }
            : null,
        ),
      attempt: (row) => this.attempt(row),
      // A refused key stops the claiming too: rows that fall due again within this run would otherwise go round.
      stopping: () => this.stopping || Boolean(this.stateSystem.alert?.()),
      recorded: ({ id, completion }, kept) => {
        summary.attempts += 1;
        // Done with its certificate unless it goes round again.
        if (completion.status !== 'retry') this.certificatesKept.forget(id);
        if (!kept) {
          summary.lost += 1;
          this.logger.warn(`submission ${id}: lease ran out while sending; another sender took it over`);
        } else if (completion.status === 'accepted' || completion.status === 'retry' || completion.status === 'dead')
          summary[completion.status] += 1;
        else summary.held += 1;
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

  /**
   * One attempt for one claimed row; never throws. Runs the protocol's steps from the row's persisted step: a step
   * that returns a next step is saved before the next one runs, so a crash resumes there and never repeats it.
   */
  private async attempt(row: ClaimedSubmission): Promise<Completion> {
    const protocol = this.stateSystem.reporting;
    let step = row.step ?? protocol.firstStep(row.kind);
    let state: Record<string, unknown> = { ...row.stepState };
    // The step this row is at may have taken effect: a run of it failed ambiguously (or its sender died mid-step) and no
    // look-up has answered since. Kept in the step state, so a failed look-up cannot clear it (rows from before
    // this was kept say so in their last error).
    let mayHaveApplied =
      row.previousStatus === 'sending' ||
      state[UNCONFIRMED] === step ||
      (row.step === null && (row.lastError?.startsWith('[ambiguous]') ?? false));
    const steps: string[] = [];
    try {
      for (let ran = 0; ; ran += 1) {
        if (ran >= MAX_STEPS_PER_ATTEMPT)
          throw new StateSystemFailure(
            'permanent',
            `the protocol did not finish within ${MAX_STEPS_PER_ATTEMPT} steps (at "${step}")`,
          );
        const outcome = await protocol.runStep(step, {
          kind: row.kind,
          payload: row.payload,
          idempotencyKey: row.idempotencyKey,
          state,
          mayHaveApplied,
          certificate: async () => ({
            fileName: `certificate-${row.payload.sample.labSampleId}-v${row.payload.resultSet.version}.pdf`,
            bytes: await this.certificatesKept.get(row.id, () => this.certificates.pdf(row.payload.resultSet.id)),
          }),
        });
        steps.push(step);
        // The step answered, so whatever an earlier run of it did is now known.
        const { [UNCONFIRMED]: _answered, ...rest } = state;
        state = { ...rest, ...(outcome.state ?? {}) };
        if ('done' in outcome) {
          return {
            ...accepted(outcome.transactionId, { ...outcome.audit, attempt: row.attempt, ...stepsAudit(steps) }),
            step,
            stepState: state,
          };
        }
        if ('hold' in outcome) {
          return {
            status: outcome.hold,
            lastError: outcome.reason,
            step: outcome.next,
            stepState: state,
            audit: { attempt: row.attempt, reason: outcome.reason, ...outcome.audit, ...stepsAudit(steps) },
          };
        }
        const leaseUntil = new Date(Date.now() + this.config.outbox.leaseMs);
        if (!(await this.rows.saveStep(this.instanceId, row.id, row.attempt, outcome.next, state, leaseUntil))) {
          // Our lease ran out and another sender holds the row: it goes on from what was saved.
          throw new StateSystemFailure('retryable', `lease lost after step "${step}"`);
        }
        step = outcome.next;
        mayHaveApplied = false;
      }
    } catch (e) {
      const completion = this.failed(row, e);
      // After an ambiguous failure, or a failure while it was still unknown whether the step applied (its look-up
      // failed), the next attempt must look up before it sends.
      const unknown = mayHaveApplied || (e instanceof StateSystemFailure ? e.kind === 'ambiguous' : true);
      return { ...completion, stepState: unknown ? { ...state, [UNCONFIRMED]: step } : state };
    }
  }

  private failed(row: ClaimedSubmission, e: unknown): Completion {
    const failure =
      e instanceof StateSystemFailure
        ? e
        : // Our own bug or an unexpected library error: we cannot tell whether anything was sent.
          new StateSystemFailure('ambiguous', `unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    const reason = `[${failure.kind}] ${failure.message}`;
    if (failure.details.code === CREDENTIALS_REVOKED || failure.details.code === WAITING_TO_BE_RECEIVED) {
      // Waiting for a person (a new key; receiving the sample in Metrc's web UI) does not use up attempts.
      const nextAttemptAt = new Date(Date.now() + this.config.outbox.backoffMaxMs);
      return {
        status: 'retry',
        lastError: reason,
        nextAttemptAt,
        refundAttempt: true,
        audit: { attempt: row.attempt, kind: failure.details.code, reason, nextAttemptAt: nextAttemptAt.toISOString() },
      };
    }
    if (failure.kind === 'permanent') {
      // Refused: sending the same again cannot help; a person must act, and the row says what to do.
      const action = failure.details.action ?? neededActionFor(failure.details.status);
      this.logger.warn(`submission ${row.id} needs action (${action}): ${reason}`);
      return {
        status: 'needs_action',
        action,
        lastError: reason,
        audit: { attempt: row.attempt, reason, action, whatToDo: NEEDED_ACTIONS[action].whatToDo },
      };
    }
    if (failure.details.status === 429) {
      // The state system said "not now", not "no": waiting out its Retry-After (else the backoff) uses no attempt.
      const wait = nextDelayMs(
        row.attempt,
        { baseMs: this.config.outbox.backoffBaseMs, maxMs: this.config.outbox.backoffMaxMs },
        Math.random(),
        failure.details.retryAfterMs,
      );
      const nextAttemptAt = new Date(Date.now() + Math.max(1, wait));
      return {
        status: 'retry',
        lastError: reason,
        nextAttemptAt,
        refundAttempt: true,
        audit: { attempt: row.attempt, kind: 'rate_limited', reason, nextAttemptAt: nextAttemptAt.toISOString() },
      };
    }
    const { maxAttempts } = this.config.outbox;
    if (row.attempt >= maxAttempts) {
      const why = `gave up after ${row.attempt} attempts (OUTBOX_MAX_ATTEMPTS=${maxAttempts}): ${reason}`;
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

function stepsAudit(steps: string[]): Record<string, unknown> {
  return steps.length > 1 ? { steps } : {};
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
