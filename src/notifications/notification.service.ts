import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { SUBMISSION_ACTION } from '../outbox/submission-attention';
import { SubmissionAttentionService } from '../outbox/submission-attention';
import type { SubmissionStatus } from '../outbox/submission-status';
import { ResultSet } from '../results/result-set.entity';
import { toNotifications, type NotificationList, type ReviewWaiting } from './notification';

/** Items listed per kind; the counts stay exact. */
export const NOTIFICATIONS_PER_KIND = 50;

/** What needs a manager's action now: the bell on every page, the notifications page and API, and the e-mails. */
@Injectable()
export class NotificationService {
  constructor(
    private readonly em: EntityManager,
    private readonly submissions: SubmissionAttentionService,
  ) {}

  async current(now = new Date(), limit = NOTIFICATIONS_PER_KIND): Promise<NotificationList> {
    const [attention, review] = await Promise.all([this.submissions.current(now, limit), this.waitingForReview(limit)]);
    return toNotifications(attention, review, (status) => SUBMISSION_ACTION[status as SubmissionStatus] ?? null);
  }

  private async waitingForReview(limit: number): Promise<{ total: number; sets: ReviewWaiting[] }> {
    const [sets, total] = await this.em
      .fork()
      .findAndCount(
        ResultSet,
        { status: 'in_review' },
        { populate: ['sample'], orderBy: { updatedAt: 'asc', id: 'asc' }, limit },
      );
    return {
      total,
      sets: sets.map((s) => ({
        resultSetId: s.id,
        labSampleId: s.sample.labSampleId,
        version: s.version,
        submittedBy: s.submittedBy,
        since: s.updatedAt,
      })),
    };
  }
}
