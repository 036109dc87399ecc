import { Injectable } from '@nestjs/common';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../outbox/submission-status';
import { ListSubmissionsSchema } from '../outbox/submission.schemas';
import { SubmissionService, type SubmissionList } from '../outbox/submission.service';
import type { SubmissionsQuery } from './web-forms.schemas';

const OPEN: readonly SubmissionStatus[] = SUBMISSION_STATUSES.filter((s) => s !== 'accepted' && s !== 'superseded');
const PAGE = 200;

/** The outbox as the pages filter it: "not accepted yet" is every open status, soonest deadline first. */
@Injectable()
export class SubmissionsPageService {
  constructor(private readonly submissions: SubmissionService) {}

  async list(q: SubmissionsQuery, now = new Date()): Promise<SubmissionList> {
    const deadline = q.deadline === 'any' ? undefined : q.deadline;
    if (q.status !== 'open') {
      return this.submissions.list(
        ListSubmissionsSchema.parse({ status: q.status === 'all' ? undefined : q.status, deadline, limit: PAGE }),
        now,
      );
    }
    const lists = await Promise.all(
      OPEN.map((status) => this.submissions.list(ListSubmissionsSchema.parse({ status, deadline, limit: PAGE }), now)),
    );
    return {
      summary: lists[0].summary,
      submissions: lists.flatMap((l) => l.submissions).sort((a, b) => a.deadlineAt.localeCompare(b.deadlineAt)),
    };
  }
}
