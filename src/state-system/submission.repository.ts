import { Injectable } from '@nestjs/common';
import { EntityManager, LockMode, type FilterQuery } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
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
   * Claims the next due row for `owner` until `leaseUntil`: pending/retry rows due by `now`, or rows whose sender's
   * lease ran out (judged on the clock, whatever `now` says). An amendment waits (without using an attempt) until the version it amends is accepted.
   */
  async claimNext(opts: { target: string; owner: string; now: Date; leaseUntil: Date; waitMs: number }): Promise<ClaimedSubmission | null> {
    const em = this.em.fork();
    const postgres = isPostgres(em);
    return em.transactional(async (tx) => {
      for (let skipped = 0; skipped < 50; skipped += 1) {
        const [row] = await tx.find(Submission, dueWhere(opts.target, opts.now, new Date()), {
          orderBy: { nextAttemptAt: 'asc', id: 'asc' },
          limit: 1,
          // Unmanaged: the row changes through compare-and-set updates, and the audit's flush must not write it back.
          disableIdentityMap: true,
          ...(postgres ? { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE } : {}),
        });
        if (!row) return null;
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
          continue;
        }
        const claimed = await tx.nativeUpdate(
          Submission,
          { id: row.id, status: row.status, attempts: row.attempts },
          { status: 'sending', attempts: row.attempts + 1, lockedBy: opts.owner, lockedUntil: opts.leaseUntil, updatedAt: new Date() },
        );
        if (claimed !== 1) continue;
        await this.audit.record(tx, {
          actor: OUTBOX_ACTOR,
          action: 'submission.sending',
          entityType: 'submission',
          entityId: row.id,
          before: { status: row.status, attempts: row.attempts, lockedBy: row.lockedBy },
          after: { status: 'sending', attempt: row.attempts + 1, lockedBy: opts.owner, lockedUntil: opts.leaseUntil.toISOString() },
        });
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
      return null;
    });
  }

  /**
   * Records how an attempt ended, if `owner` still holds the row (a sender whose lease ran out and whose row was
   * taken over must not overwrite the new sender's state). Returns false when the row was no longer ours.
   */
  async complete(id: string, owner: string, attempt: number, c: Completion): Promise<boolean> {
    return this.em.fork().transactional(async (tx) => {
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
      if (changed !== 1) return false;
      await this.audit.record(tx, {
        actor: OUTBOX_ACTOR,
        action: `submission.${c.status === 'retry' ? 'retry_scheduled' : c.status}`,
        entityType: 'submission',
        entityId: id,
        before: { status: 'sending', attempt },
        after: { status: c.status, ...c.audit },
      });
      return true;
    });
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
