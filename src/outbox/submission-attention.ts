import { Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/core';
import { AppConfig } from '../config/app-config';
import { Submission } from './submission.entity';
import { toSubmissionView, type SubmissionView } from './submission.mapper';
import type { SubmissionStatus } from './submission-status';

/**
 * What a person must do about a submission in each status; null where the outbox carries on by itself. A Record
 * over every status, so a status added to SUBMISSION_STATUSES does not compile until it is classified here.
 */
export const SUBMISSION_ACTION: Readonly<Record<SubmissionStatus, string | null>> = {
  pending: null,
  sending: null,
  accepted: null,
  retry: null,
  dead: 'the state system kept refusing it or could not be reached: read the last error, fix the cause (amend, register the sample in the state system, or ask the regulator), then retry',
  awaiting_release: 'recorded in the state system and held until a manager releases it (release is irreversible)',
  manual_correction_required:
    'the state system cannot take this change through its interface: correct it in the state system by hand',
  needs_action:
    'the state system refused it for a reason sending again cannot fix: the submissions page says what to do (amend, register the sample, contact the regulator)',
  // Replaced by an approved amendment that goes as the first results: nothing left to do on this row.
  superseded: null,
};

export const NEEDS_ACTION_STATUSES = (Object.keys(SUBMISSION_ACTION) as SubmissionStatus[]).filter(
  (s) => SUBMISSION_ACTION[s] !== null,
);

export interface SubmissionAttention {
  /** Submissions in a status that waits for a person, oldest deadline first. */
  needsAction: { total: number; submissions: SubmissionView[] };
  /** Not accepted, 48-hour deadline passed. */
  late: { total: number; submissions: SubmissionView[] };
  /** Not accepted, deadline within OUTBOX_NEAR_LATE_HOURS. */
  nearLate: { total: number; submissions: SubmissionView[] };
}

/** The outbox rows that need a person's attention, for notifications (the counts are exact, the lists capped). */
@Injectable()
export class SubmissionAttentionService {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
  ) {}

  async current(now: Date, limit: number): Promise<SubmissionAttention> {
    const em = this.em.fork();
    const nearMs = this.config.outbox.nearLateMs;
    const open = { status: { $ne: 'accepted' as const } };
    const page = async (where: FilterQuery<Submission>) => {
      const [rows, total] = await em.findAndCount(Submission, where, {
        orderBy: { deadlineAt: 'asc', createdAt: 'asc' },
        limit,
      });
      return { total, submissions: rows.map((s) => toSubmissionView(s, now, nearMs)) };
    };
    const [needsAction, late, nearLate] = await Promise.all([
      page({ status: { $in: NEEDS_ACTION_STATUSES } }),
      page({ ...open, deadlineAt: { $lt: now } }),
      page({ ...open, deadlineAt: { $gte: now, $lte: new Date(now.getTime() + nearMs) } }),
    ]);
    return { needsAction, late, nearLate };
  }
}
