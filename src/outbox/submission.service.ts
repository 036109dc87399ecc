import { Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { AppConfig } from '../config/app-config';
import { Conflict, Forbidden, NotFound } from '../common/errors';
import { ResultSet } from '../results/result-set.entity';
import { describeContributions, twoPersonRuleBlocks } from '../results/review-rules';
import { ALLOW_SELF_APPROVAL } from '../results/review-settings.service';
import { Setting } from '../results/setting.entity';
import { releaseOf } from '../results/partial-release';
import { SignatureService, signatureRef } from '../signatures/signature.service';
import { SUBMISSION_STATUSES, Submission, type SubmissionStatus } from './submission.entity';
import { toSubmissionView, type SubmissionView } from './submission.mapper';
import type { ListSubmissionsDto, ReleaseSubmissionRequest } from './submission.schemas';

export interface SubmissionList {
  summary: {
    byStatus: Record<SubmissionStatus, number>;
    /** Not accepted and past the 48-hour deadline. */
    late: number;
    /** Not accepted, deadline within OUTBOX_NEAR_LATE_HOURS. */
    nearLate: number;
  };
  submissions: SubmissionView[];
}

/** The outbox as managers see it: status, attempts, errors, the reporting clock; and the manual retry. */
@Injectable()
export class SubmissionService {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly signatures: SignatureService,
  ) {}

  async list(q: ListSubmissionsDto, now = new Date()): Promise<SubmissionList> {
    const em = this.em.fork();
    const near = new Date(now.getTime() + this.config.outbox.nearLateMs);
    // Accepted, or replaced by an amendment's submission: nothing more to report for it.
    const open = { status: { $nin: ['accepted' as const, 'superseded' as const] } };
    const lateWhere: FilterQuery<Submission> = { ...open, deadlineAt: { $lt: now } };
    const nearWhere: FilterQuery<Submission> = { ...open, deadlineAt: { $gte: now, $lte: near } };
    // Both filters apply: spread into one object, the deadline's own status condition replaced the asked status.
    const where: FilterQuery<Submission> = {
      $and: [q.status ? { status: q.status } : {}, q.deadline === 'late' ? lateWhere : q.deadline === 'near' ? nearWhere : {}],
    };
    const [rows, late, nearLate, ...counts] = await Promise.all([
      em.find(Submission, where, { orderBy: { deadlineAt: 'asc', createdAt: 'asc' }, limit: q.limit, offset: q.offset }),
      em.count(Submission, lateWhere),
      em.count(Submission, nearWhere),
      ...SUBMISSION_STATUSES.map((status) => em.count(Submission, { status })),
    ]);
    return {
      summary: {
        byStatus: Object.fromEntries(SUBMISSION_STATUSES.map((s, i) => [s, counts[i]])) as Record<SubmissionStatus, number>,
        late,
        nearLate,
      },
      submissions: rows.map((s) => toSubmissionView(s, now, this.config.outbox.nearLateMs)),
    };
  }

  /** The submissions of one result set, oldest first (a post, and any later amendment's rows are the amendment's own). */
  async ofResultSet(resultSetId: string, now = new Date()): Promise<SubmissionView[]> {
    const rows = await this.em.fork().find(Submission, { resultSet: resultSetId }, { orderBy: { createdAt: 'asc' } });
    return rows.map((s) => toSubmissionView(s, now, this.config.outbox.nearLateMs));
  }

  /**
   * A manager releases a submission held at `awaiting_release` (Metrc: release is irreversible, METRC_RELEASE=manual):
   * it goes back to `pending` at its release step with the manager's name in its step state, audited. Release is an
   * approval of its own, so the two-person rule holds as for approving: nobody who created, submitted or contributed
   * to the result set releases it, unless an admin allowed one-person approval. It is signed: the password is checked
   * before anything else (400 without a signature, 401 for a wrong one), and the signature, over the content of the
   * result-set version released, is written with the release and printed on the certificate.
   */
  async release(actor: Actor, id: string, body: ReleaseSubmissionRequest = {}, now = new Date()): Promise<SubmissionView> {
    const signer = await this.signatures.verify(actor, body.signature, 'release', [id]);
    await this.em.fork().transactional(async (tx) => {
      const s = await tx.findOne(Submission, { id }, { disableIdentityMap: true });
      if (!s) throw new NotFound('submission', id);
      if (s.status !== 'awaiting_release')
        throw new Conflict(`submission ${id} is ${s.status}; only a submission awaiting release can be released`);
      const set = await tx.findOneOrFail(
        ResultSet,
        { id: s.resultSet.id },
        { populate: ['sample', 'sample.client', 'results'], refresh: true },
      );
      if (set.status !== 'approved')
        throw new Conflict(
          `submission ${id} reports result set version ${set.version}, which is ${set.status}; release the submission of its amendment instead`,
        );
      const allowSelf = (await tx.findOne(Setting, { key: ALLOW_SELF_APPROVAL }))?.value === true;
      const blocked = twoPersonRuleBlocks(actor.username, set, allowSelf);
      if (blocked) {
        const what =
          blocked.role === 'contributed'
            ? `contributed to its result set (${describeContributions(blocked.contributions)})`
            : `${blocked.role} its result set`;
        throw new Forbidden(`two-person rule: ${actor.username} ${what}, so another manager must release it`, {
          rule: 'two-person',
          releaser: actor.username,
          role: blocked.role,
        });
      }
      const stepState = {
        ...(s.stepState ?? {}),
        releaseApprovedBy: actor.username,
        releaseApprovedAt: now.toISOString(),
        ...(body.note ? { releaseNote: body.note } : {}),
      };
      const changed = await tx.nativeUpdate(
        Submission,
        { id, status: 'awaiting_release', attempts: s.attempts },
        { status: 'pending', stepState, nextAttemptAt: now, lastError: null, updatedAt: new Date() },
      );
      if (changed !== 1) throw new Conflict(`submission ${id} changed while releasing it; try again`);
      const signature = this.signatures.sign(tx, signer, 'release', set, id);
      const release = releaseOf(set.meta);
      const earlier = Array.isArray(release.signatures) ? (release.signatures as unknown[]) : [];
      const printed = { username: signer.username, fullName: signer.fullName, title: signer.title, meaning: signer.meaning };
      set.meta = {
        ...(set.meta ?? {}),
        release: { ...release, signatures: [...earlier, { ...printed, at: signature.signedAt.toISOString() }] },
      };
      await this.audit.record(tx, {
        actor: actor.username,
        action: 'submission.release_approved',
        entityType: 'submission',
        entityId: id,
        before: { status: 'awaiting_release', step: s.step },
        after: {
          status: 'pending',
          step: s.step,
          releaseApprovedBy: actor.username,
          resultSet: { id: set.id, version: set.version, approvedBy: set.approvedBy },
          ...(body.note ? { note: body.note } : {}),
          signature: signatureRef(signature),
        },
      });
    });
    const fresh = await this.em.fork().findOneOrFail(Submission, { id });
    return toSubmissionView(fresh, now, this.config.outbox.nearLateMs);
  }

  /**
   * A dead or waiting row, or one needing an action after which sending again can help (the sample registered, the
   * regulator or the setup corrected), goes back to `pending`, due now, with a fresh attempt budget (the audit keeps
   * the old count). A refusal only an amendment can answer is not retried: the answer says so.
   */
  async retry(actor: Actor, id: string, now = new Date()): Promise<SubmissionView> {
    const row = await this.em.fork().transactional(async (tx) => {
      // Unmanaged: it changes by compare-and-set below, and the audit's flush must not write the old values back.
      const s = await tx.findOne(Submission, { id }, { disableIdentityMap: true });
      if (!s) throw new NotFound('submission', id);
      if (s.status === 'needs_action') {
        const needed = toSubmissionView(s, now, this.config.outbox.nearLateMs).needsAction!;
        if (!needed.retryHelps) {
          throw new Conflict(`submission ${id} cannot succeed by sending it again: ${needed.whatToDo}`, {
            action: needed.action,
          });
        }
      } else if (s.status !== 'dead' && s.status !== 'retry') {
        throw new Conflict(
          `submission ${id} is ${s.status}; only dead, retry or needs-action submissions (where sending again can help) can be retried`,
        );
      }
      const before = {
        status: s.status,
        ...(s.action ? { action: s.action } : {}),
        attempts: s.attempts,
        lastError: s.lastError,
        nextAttemptAt: s.nextAttemptAt.toISOString(),
      };
      const changed = await tx.nativeUpdate(
        Submission,
        { id, status: s.status, attempts: s.attempts },
        { status: 'pending', attempts: 0, action: null, nextAttemptAt: now, updatedAt: new Date() },
      );
      if (changed !== 1) throw new Conflict(`submission ${id} changed while retrying it; try again`);
      await this.audit.record(tx, {
        actor: actor.username,
        action: 'submission.retried',
        entityType: 'submission',
        entityId: id,
        before,
        after: { status: 'pending', attempts: 0, nextAttemptAt: now.toISOString() },
      });
      return s;
    });
    const fresh = await this.em.fork().findOneOrFail(Submission, { id: row.id });
    return toSubmissionView(fresh, now, this.config.outbox.nearLateMs);
  }
}
