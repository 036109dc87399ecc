import { Injectable } from '@nestjs/common';
import { EntityManager, LockMode, type FilterQuery } from '@mikro-orm/core';
import { type AuditEntry, AuditService } from '../audit/audit.service';
import { isPostgres } from '../db/platform';
import { updateRows } from '../db/update-rows';
import { SIMULATOR_ENDPOINT } from '../config/app-config';
import { SUBMISSION_STATUSES, Submission, type SubmissionStatus } from './submission.entity';

/** The endpoint of live rows queued before submissions recorded theirs (see the migration that added it). */
export const LEGACY_LIVE_ENDPOINT = 'live';
import type { SubmissionPayload } from './submission-payload';
import type { NeededAction } from '../state-system/needed-action';

/** The actor outbox status changes are audited as. */
export const OUTBOX_ACTOR = 'outbox';

/** A row this instance claimed: a copy of what sending needs, taken inside the claiming transaction. */
export interface ClaimedSubmission {
  id: string;
  kind: 'post' | 'amend';
  target: string;
  payload: SubmissionPayload;
  idempotencyKey: string;
  /** The protocol step to run (null: the first) and what earlier steps returned. */
  step: string | null;
  stepState: Record<string, unknown>;
  /** Attempts including this one. */
  attempt: number;
  /** Status before the claim: `sending` means a previous sender's lease ran out mid-send. */
  previousStatus: SubmissionStatus;
  lastError: string | null;
}

/** What a claim asks for: up to `limit` rows of `target` at `endpoint` due by `now`, held by `owner` until `leaseUntil`. */
export interface ClaimOptions {
  target: string;
  /** `simulator` or the live base URL; a live instance also takes rows queued live before endpoints were kept. */
  endpoint: string;
  owner: string;
  now: Date;
  leaseUntil: Date;
  /** How long an amendment waiting for the version it amends is set aside. */
  waitMs: number;
  limit: number;
}

/** How one claimed attempt ended. */
export interface AttemptOutcome {
  id: string;
  /** The attempt number the row was claimed at. */
  attempt: number;
  completion: Completion;
}

export interface Completion {
  status: Extract<
    SubmissionStatus,
    'accepted' | 'retry' | 'dead' | 'awaiting_release' | 'manual_correction_required' | 'needs_action'
  >;
  /** At `needs_action`: what a person must do. */
  action?: NeededAction | null;
  /** Where the protocol goes on from, and its state (unchanged when absent). */
  step?: string | null;
  stepState?: Record<string, unknown>;
  /** The attempt does not count (waiting for a person, not failing). */
  refundAttempt?: boolean;
  nextAttemptAt?: Date;
  lastError?: string | null;
  remoteTransactionId?: string | null;
  acceptedAt?: Date | null;
  audit: Record<string, unknown>;
}

/**
 * Outbox rows as the worker needs them. Claims are short transactions: on PostgreSQL the candidate rows are locked
 * with `FOR UPDATE SKIP LOCKED`, so instances sharing the outbox never wait for or take each other's rows; everywhere
 * the claim itself is a compare-and-set on (status, attempts), so a row is claimed once even without row locks.
 */
@Injectable()
export class SubmissionRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /**
   * Claims up to `limit` due rows for `owner` until `leaseUntil`, in one transaction with one audit insert:
   * pending/retry rows due by `now`, or rows whose sender's lease ran out (judged on the clock, whatever `now`
   * says). An amendment waits (without using an attempt) until the version it amends is accepted.
   */
  async claimDue(opts: ClaimOptions): Promise<ClaimedSubmission[]> {
    return (await this.completeAndClaim(opts.owner, [], opts)).claimed;
  }

  async claimNext(opts: Omit<ClaimOptions, 'limit'>): Promise<ClaimedSubmission | null> {
    return (await this.claimDue({ ...opts, limit: 1 }))[0] ?? null;
  }

  /**
   * Persists a completed step of a held row (compare-and-set on owner and attempt, with the lease extended), so a
   * crash after it resumes at `step` and never repeats the completed one. False when the row is no longer ours.
   */
  async saveStep(
    owner: string,
    id: string,
    attempt: number,
    step: string,
    stepState: Record<string, unknown>,
    leaseUntil: Date,
  ): Promise<boolean> {
    const changed = await this.em
      .fork()
      .nativeUpdate(
        Submission,
        { id, status: 'sending', lockedBy: owner, attempts: attempt },
        { step, stepState, lockedUntil: leaseUntil, updatedAt: new Date() },
      );
    return changed === 1;
  }

  /**
   * Records how attempts ended, in one transaction, for the rows `owner` still holds (a sender whose lease ran
   * out and whose row was taken over must not overwrite the new sender's state). Per row: false when it was no
   * longer ours.
   */
  async completeMany(owner: string, attempts: AttemptOutcome[]): Promise<boolean[]> {
    return (await this.completeAndClaim(owner, attempts, null)).kept;
  }

  async complete(id: string, owner: string, attempt: number, c: Completion): Promise<boolean> {
    const [kept] = await this.completeMany(owner, [{ id, attempt, completion: c }]);
    return kept;
  }

  /**
   * `completeMany` and then `claimDue` (when `claim` is given) in one transaction with one audit insert: a sender
   * records its last batch and takes its next in one round. Every row changes through one compare-and-set statement
   * per step, so the cost per batch hardly grows with its size.
   */
  async completeAndClaim(
    owner: string,
    attempts: AttemptOutcome[],
    claim: ClaimOptions | null,
  ): Promise<{ kept: boolean[]; claimed: ClaimedSubmission[] }> {
    return this.em.fork().transactional(async (tx) => {
      const events: AuditEntry[] = [];
      const kept = await this.recordOutcomes(tx, owner, attempts, events);
      const claimed: ClaimedSubmission[] = [];
      for (let round = 0; claim && round < 50 && claimed.length < claim.limit; round += 1) {
        const rows = await this.dueRows(tx, claim, claim.limit - claimed.length);
        if (rows.length === 0) break;
        claimed.push(...(await this.claimRows(tx, rows, claim, events)));
      }
      await this.audit.recordMany(tx, events);
      return { kept, claimed };
    });
  }

  /**
   * The `limit` due rows that have waited longest: pending/retry rows due by `now`, or rows whose sender's lease ran out
   * (judged on the clock, whatever `now` says). On PostgreSQL the rows read are locked, skipping rows another sender
   * holds; a row read but not taken is released when the transaction ends.
   */
  private async dueRows(tx: EntityManager, claim: ClaimOptions, limit: number): Promise<Submission[]> {
    const lock = isPostgres(tx) ? { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE as const } : {};
    const found: Submission[] = [];
    // One after another: a transaction's queries share one connection.
    for (const where of dueConditions(claim.target, claim.endpoint, claim.now, new Date())) {
      // Unmanaged: the rows change through compare-and-set updates only.
      found.push(
        ...(await tx.find(Submission, where, {
          orderBy: { nextAttemptAt: 'asc', id: 'asc' },
          limit,
          disableIdentityMap: true,
          ...lock,
        })),
      );
    }
    return found
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit);
  }

  /** Takes the rows (compare-and-set on status and attempts) except amendments that must wait, which are set aside. */
  private async claimRows(
    tx: EntityManager,
    rows: Submission[],
    opts: ClaimOptions,
    events: AuditEntry[],
  ): Promise<ClaimedSubmission[]> {
    const free: Submission[] = [];
    for (const row of rows) {
      const blocker = row.kind === 'amend' ? await this.unacceptedPredecessor(tx, row) : null;
      if (!blocker) {
        free.push(row);
        continue;
      }
      await tx.nativeUpdate(
        Submission,
        { id: row.id, attempts: row.attempts, status: row.status },
        {
          nextAttemptAt: new Date(opts.now.getTime() + opts.waitMs),
          lastError: `[waiting] for submission ${blocker.id} of the amended version (${blocker.status}) to be accepted`,
          updatedAt: new Date(),
        },
      );
    }
    const now = new Date();
    const taken = new Set(
      await updateRows(
        tx,
        Submission,
        free.map((row) => ({
          id: row.id,
          expect: { status: row.status, attempts: row.attempts },
          set: {
            status: 'sending',
            attempts: row.attempts + 1,
            lockedBy: opts.owner,
            lockedUntil: opts.leaseUntil,
            updatedAt: now,
          },
        })),
      ),
    );
    return free
      .filter((row) => taken.has(row.id))
      .map((row) => {
        events.push({
          actor: OUTBOX_ACTOR,
          action: 'submission.sending',
          entityType: 'submission',
          entityId: row.id,
          before: { status: row.status, attempts: row.attempts, lockedBy: row.lockedBy },
          after: {
            status: 'sending',
            attempt: row.attempts + 1,
            lockedBy: opts.owner,
            lockedUntil: opts.leaseUntil.toISOString(),
          },
        });
        return {
          id: row.id,
          kind: row.kind === 'amend' ? 'amend' : 'post',
          target: row.target,
          payload: row.payload as unknown as SubmissionPayload,
          idempotencyKey: row.idempotencyKey,
          step: row.step,
          stepState: row.stepState ?? {},
          attempt: row.attempts + 1,
          previousStatus: row.status,
          lastError: row.lastError,
        };
      });
  }

  /** Writes each attempt's outcome where `owner` still holds the row at that attempt; per attempt, whether it did. */
  private async recordOutcomes(
    tx: EntityManager,
    owner: string,
    attempts: AttemptOutcome[],
    events: AuditEntry[],
  ): Promise<boolean[]> {
    const now = new Date();
    const changed = new Set(
      await updateRows(
        tx,
        Submission,
        attempts.map(({ id, attempt, completion: c }) => ({
          id,
          expect: { status: 'sending', lockedBy: owner, attempts: attempt },
          set: {
            status: c.status,
            ...(c.nextAttemptAt ? { nextAttemptAt: c.nextAttemptAt } : {}),
            ...(c.lastError !== undefined ? { lastError: c.lastError } : {}),
            ...(c.remoteTransactionId !== undefined ? { remoteTransactionId: c.remoteTransactionId } : {}),
            ...(c.acceptedAt !== undefined ? { acceptedAt: c.acceptedAt } : {}),
            ...(c.step !== undefined ? { step: c.step } : {}),
            ...(c.stepState !== undefined ? { stepState: c.stepState } : {}),
            ...(c.refundAttempt ? { attempts: attempt - 1 } : {}),
            action: c.status === 'needs_action' ? (c.action ?? null) : null,
            lockedBy: null,
            lockedUntil: null,
            updatedAt: now,
          },
        })),
      ),
    );
    for (const { id, attempt, completion: c } of attempts) {
      if (!changed.has(id)) continue;
      events.push({
        actor: OUTBOX_ACTOR,
        action: `submission.${c.status === 'retry' ? 'retry_scheduled' : c.status}`,
        entityType: 'submission',
        entityId: id,
        before: { status: 'sending', attempt },
        after: { status: c.status, ...c.audit },
      });
    }
    return attempts.map(({ id }) => changed.has(id));
  }

  async countByStatus(): Promise<Record<SubmissionStatus, number>> {
    const em = this.em.fork();
    const counts = await Promise.all(SUBMISSION_STATUSES.map((status) => em.count(Submission, { status })));
    return Object.fromEntries(SUBMISSION_STATUSES.map((s, i) => [s, counts[i]])) as Record<SubmissionStatus, number>;
  }

  private async unacceptedPredecessor(tx: EntityManager, row: Submission): Promise<Submission | null> {
    const amends = (row.payload as unknown as SubmissionPayload).resultSet.amends;
    if (!amends) return null;
    const previous = await tx.findOne(
      Submission,
      { resultSet: amends.id, target: row.target, endpoint: row.endpoint },
      { disableIdentityMap: true },
    );
    // Recorded but held for release counts as written: the amendment decides what happens to it (Metrc).
    return previous &&
      previous.status !== 'accepted' &&
      previous.status !== 'awaiting_release' &&
      previous.status !== 'manual_correction_required'
      ? previous
      : null;
  }
}

/**
 * What makes a row due, one condition per status: each is an equality on the (status, nextAttemptAt) index, which hands
 * rows over in order, where one query over all three would sort every due row (and on SQLite read every payload) to
 * pick a handful.
 */
function dueConditions(target: string, endpoint: string, dueBy: Date, clock: Date): Array<FilterQuery<Submission>> {
  const at = endpoint === SIMULATOR_ENDPOINT ? endpoint : { $in: [endpoint, LEGACY_LIVE_ENDPOINT] };
  return [
    { target, endpoint: at, status: 'pending', nextAttemptAt: { $lte: dueBy } },
    { target, endpoint: at, status: 'retry', nextAttemptAt: { $lte: dueBy } },
    { target, endpoint: at, status: 'sending', lockedUntil: { $lt: clock } },
  ];
}
