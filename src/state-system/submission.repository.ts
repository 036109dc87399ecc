import { Injectable } from '@nestjs/common';
import { EntityManager, LockMode, type FilterQuery } from '@mikro-orm/core';
import { type AuditEntry, AuditService } from '../audit/audit.service';
import { SUBMISSION_STATUSES, Submission, type SubmissionStatus } from './submission.entity';
import type { SubmissionPayload } from './submission-payload';

/** The actor outbox status changes are audited as. */
export const OUTBOX_ACTOR = 'outbox';

/** A row this instance claimed: a copy of what sending needs, taken inside the claiming transaction. */
export interface ClaimedSubmission {
  id: string;
  kind: 'post' | 'amend';
  target: string;
  payload: SubmissionPayload;
  idempotencyKey: string;
  /** Attempts including this one. */
  attempt: number;
  /** Status before the claim: `sending` means a previous sender's lease ran out mid-send. */
  previousStatus: SubmissionStatus;
  lastError: string | null;
}

export interface Completion {
  status: Extract<SubmissionStatus, 'accepted' | 'retry' | 'dead'>;
  nextAttemptAt?: Date;
  lastError?: string | null;
  remoteTransactionId?: string | null;
  acceptedAt?: Date | null;
  audit: Record<string, unknown>;
}

/**
 * Outbox rows as the worker needs them. Claims are short transactions: on PostgreSQL the candidate row is locked
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
  async claimDue(opts: { target: string; owner: string; now: Date; leaseUntil: Date; waitMs: number; limit: number }): Promise<ClaimedSubmission[]> {
    const em = this.em.fork();
    const postgres = isPostgres(em);
    return em.transactional(async (tx) => {
      const claimed: ClaimedSubmission[] = [];
      const events: AuditEntry[] = [];
      for (let round = 0; round < 50 && claimed.length < opts.limit; round += 1) {
        const rows = await tx.find(Submission, dueWhere(opts.target, opts.now, new Date()), {
          orderBy: { nextAttemptAt: 'asc', id: 'asc' },
          limit: opts.limit - claimed.length,
          // Unmanaged: the rows change through compare-and-set updates only.
          disableIdentityMap: true,
          ...(postgres ? { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE } : {}),
        });
        if (rows.length === 0) break;
        for (const row of rows) {
          const taken = await this.claim(tx, row, opts);
          if (!taken) continue;
          claimed.push(taken);
          events.push({
            actor: OUTBOX_ACTOR,
            action: 'submission.sending',
            entityType: 'submission',
            entityId: row.id,
            before: { status: row.status, attempts: row.attempts, lockedBy: row.lockedBy },
            after: { status: 'sending', attempt: row.attempts + 1, lockedBy: opts.owner, lockedUntil: opts.leaseUntil.toISOString() },
          });
        }
      }
      await this.audit.recordMany(tx, events);
      return claimed;
    });
  }

  async claimNext(opts: { target: string; owner: string; now: Date; leaseUntil: Date; waitMs: number }): Promise<ClaimedSubmission | null> {
    return (await this.claimDue({ ...opts, limit: 1 }))[0] ?? null;
  }

  /** Takes one row (compare-and-set), or sets a waiting amendment aside; null when the row is not taken. */
  private async claim(tx: EntityManager, row: Submission, opts: { owner: string; now: Date; leaseUntil: Date; waitMs: number }): Promise<ClaimedSubmission | null> {
    const blocker = row.kind === 'amend' ? await this.unacceptedPredecessor(tx, row) : null;
    if (blocker) {
      await tx.nativeUpdate(
        Submission,
        { id: row.id, attempts: row.attempts, status: row.status },
        {
          nextAttemptAt: new Date(opts.now.getTime() + opts.waitMs),
          lastError: `[waiting] for submission ${blocker.id} of the amended version (${blocker.status}) to be accepted`,
          updatedAt: new Date(),
        },
      );
      return null;
    }
    const claimed = await tx.nativeUpdate(
      Submission,
      { id: row.id, status: row.status, attempts: row.attempts },
      { status: 'sending', attempts: row.attempts + 1, lockedBy: opts.owner, lockedUntil: opts.leaseUntil, updatedAt: new Date() },
    );
    if (claimed !== 1) return null;
    return {
      id: row.id,
      kind: row.kind === 'amend' ? 'amend' : 'post',
      target: row.target,
      payload: row.payload as unknown as SubmissionPayload,
      idempotencyKey: row.idempotencyKey,
      attempt: row.attempts + 1,
      previousStatus: row.status,
      lastError: row.lastError,
    };
  }

  /**
   * Records how attempts ended, in one transaction, for the rows `owner` still holds (a sender whose lease ran
   * out and whose row was taken over must not overwrite the new sender's state). Per row: false when it was no
   * longer ours.
   */
  async completeMany(owner: string, attempts: Array<{ id: string; attempt: number; completion: Completion }>): Promise<boolean[]> {
    return this.em.fork().transactional(async (tx) => {
      const kept: boolean[] = [];
      const events: AuditEntry[] = [];
      for (const { id, attempt, completion: c } of attempts) {
        const changed = await tx.nativeUpdate(
          Submission,
          { id, status: 'sending', lockedBy: owner, attempts: attempt },
          {
            status: c.status,
            ...(c.nextAttemptAt ? { nextAttemptAt: c.nextAttemptAt } : {}),
            ...(c.lastError !== undefined ? { lastError: c.lastError } : {}),
            ...(c.remoteTransactionId !== undefined ? { remoteTransactionId: c.remoteTransactionId } : {}),
            ...(c.acceptedAt !== undefined ? { acceptedAt: c.acceptedAt } : {}),
            lockedBy: null,
            lockedUntil: null,
            updatedAt: new Date(),
          },
        );
        kept.push(changed === 1);
        if (changed !== 1) continue;
        events.push({
          actor: OUTBOX_ACTOR,
          action: `submission.${c.status === 'retry' ? 'retry_scheduled' : c.status}`,
          entityType: 'submission',
          entityId: id,
          before: { status: 'sending', attempt },
          after: { status: c.status, ...c.audit },
        });
      }
      await this.audit.recordMany(tx, events);
      return kept;
    });
  }

  async complete(id: string, owner: string, attempt: number, c: Completion): Promise<boolean> {
    const [kept] = await this.completeMany(owner, [{ id, attempt, completion: c }]);
    return kept;
  }

  async countByStatus(): Promise<Record<SubmissionStatus, number>> {
    const em = this.em.fork();
    const counts = await Promise.all(SUBMISSION_STATUSES.map((status) => em.count(Submission, { status })));
    return Object.fromEntries(SUBMISSION_STATUSES.map((s, i) => [s, counts[i]])) as Record<SubmissionStatus, number>;
  }

  private async unacceptedPredecessor(tx: EntityManager, row: Submission): Promise<Submission | null> {
    const amends = (row.payload as unknown as SubmissionPayload).resultSet.amends;
    if (!amends) return null;
    const previous = await tx.findOne(Submission, { resultSet: amends.id, target: row.target }, { disableIdentityMap: true });
    return previous && previous.status !== 'accepted' ? previous : null;
  }
}

function dueWhere(target: string, dueBy: Date, clock: Date): FilterQuery<Submission> {
  return {
    target,
    $or: [
      { status: { $in: ['pending', 'retry'] }, nextAttemptAt: { $lte: dueBy } },
      { status: 'sending', lockedUntil: { $lt: clock } },
    ],
  };
}

export function isPostgres(em: EntityManager): boolean {
  return em.getPlatform().constructor.name.startsWith('PostgreSql');
}
