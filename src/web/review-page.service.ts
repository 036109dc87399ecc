import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { ListResultSetsSchema } from '../results/result-set.schemas';
import { ResultSetService } from '../results/result-set.service';
import { ReviewSettingsService } from '../results/review-settings.service';
import { SampleService } from '../samples/sample.service';
import { toReviewListView, toReviewView, type ReviewListView, type ReviewView } from './review.view';
import { AuditService } from '../audit/audit.service';
import { AppConfig, stateSystemLabel } from '../config/app-config';
import { formatLabTime } from '../licensee/lab-time';
import { SubmissionService } from '../outbox/submission.service';
import { historyInWords, type HistoryLine } from './review-history.view';
import { toReviewHeader, type ReviewHeaderView } from './review-header.view';
import { toConflictsExtraView, type ConflictsExtraView } from './review-conflicts.view';
import { amendmentDiff, type AmendmentDiffView } from './amendment.view';
import type { ReviewListQuery } from './web-forms.schemas';

/** The review pages: a result set with the names of the files its values came from, and the lists. */
@Injectable()
export class ReviewPageService {
  constructor(
    private readonly resultSets: ResultSetService,
    private readonly settings: ReviewSettingsService,
    private readonly samples: SampleService,
    private readonly submissions: SubmissionService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async view(
    actor: Actor,
    id: string,
  ): Promise<
    ReviewView & ConflictsExtraView & { header: ReviewHeaderView; story: HistoryLine[]; diff: AmendmentDiffView | null }
  > {
    const set = await this.resultSets.get(id);
    const settings = await this.settings.get();
    const readiness = set.status === 'draft' || set.status === 'in_review' ? await this.resultSets.readiness(id) : [];
    const fileNames = new Map(Object.entries(set.sourceFiles));
    const [sample, submissions, amended] = await Promise.all([
      this.samples.get(set.sample.id),
      this.submissions.ofResultSet(id),
      set.amends ? this.resultSets.get(set.amends.id) : Promise.resolve(null),
    ]);
    const submissionEvents = await Promise.all(
      submissions.map((s) => this.audit.list({ entityType: 'submission', entityId: s.id, limit: 1000 })),
    );
    const labTime = (value: string) => formatLabTime(value, this.config.lab.timeZone) ?? value;
    const testedOn = typeof set.meta?.testedOn === 'string' ? set.meta.testedOn : null;
    return {
      ...toReviewView(set, actor, settings.allowSelfApproval, fileNames, readiness),
      ...toConflictsExtraView(set, fileNames),
      diff: amended ? amendmentDiff(amended, set) : null,
      header: toReviewHeader({
        receivedAt: sample.receivedAt,
        collectedAt: sample.collectedAt,
        testedOn,
        approvedAt: set.approvedAt,
        submissions,
        stateSystem: stateSystemLabel(this.config.stateSystem.kind),
        labTime,
      }),
      story: historyInWords([...set.history, ...submissionEvents.flat()], {
        fileNames,
        analyteNames: new Map(set.results.map((r) => [r.analyte, r.name])),
        labTime,
      }),
    };
  }

  async list(q: ReviewListQuery & { status: NonNullable<ReviewListQuery['status']> }, now = new Date()): Promise<ReviewListView> {
    const { status, ...filters } = q;
    const query = Object.fromEntries(
      Object.entries({ ...filters, status: status === 'all' ? undefined : status, limit: 200 }).filter(
        ([, v]) => v !== undefined,
      ),
    );
    const [sets, counts, clients] = await Promise.all([
      this.resultSets.list(ListResultSetsSchema.parse(query)),
      this.resultSets.countByStatus(),
      this.samples.listClients(),
    ]);
    return toReviewListView(q, sets, counts, clients, now);
  }
}
