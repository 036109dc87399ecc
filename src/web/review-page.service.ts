import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { ListResultSetsSchema } from '../results/result-set.schemas';
import { ResultSetService } from '../results/result-set.service';
import { ReviewSettingsService } from '../results/review-settings.service';
import { SampleService } from '../samples/sample.service';
import {
  bulkReadiness,
  toReviewListView,
  toReviewView,
  type BulkReadiness,
  type ReviewListView,
  type ReviewView,
} from './review.view';
import { MANAGERS } from '../auth/role';
import { NotFound } from '../common/errors';
import type { ResultSetSummaryView } from '../results/result-set.mapper';
import type { BulkApprovalView } from '../results/result-set.service';
import { toBulkOutcomeView, type BulkOutcomeView } from './review-bulk.view';
import { AuditService } from '../audit/audit.service';
import { AppConfig, stateSystemLabel } from '../config/app-config';
import { formatLabTime } from '../licensee/lab-time';
import { SubmissionService } from '../outbox/submission.service';
import { historyInWords, type HistoryLine } from './review-history.view';
import { toReviewHeader, type ReviewHeaderView } from './review-header.view';
import { toConflictsExtraView, type ConflictsExtraView } from './review-conflicts.view';
import { amendmentDiff, type AmendmentDiffView } from './amendment.view';
import type { ReviewListQuery } from './web-forms.schemas';
import { defaultMeaning, signerLine, toSignatureLines, type SignatureLineView } from './review-signatures.view';
import type { SignatureView } from '../signatures/signature.service';

/** A signed form of the review page refused last time, shown again open with what was typed (never the password). */
export interface RefusedSignedForm {
  form: 'approve' | 'override' | 'reject';
  meaning: string;
  reason: string;
}

export interface ReviewSigningView {
  signatures: SignatureLineView[];
  /** The approver as signed (full name and title); null for a set approved before e-signatures. */
  approvedByName: string | null;
  meanings: { approve: string; reject: string };
  refused: RefusedSignedForm | null;
}

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
    ReviewView &
      ConflictsExtraView &
      ReviewSigningView & { header: ReviewHeaderView; story: HistoryLine[]; diff: AmendmentDiffView | null }
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
      signatures: toSignatureLines(set.signatures),
      approvedByName: approverName(set.signatures),
      meanings: { approve: defaultMeaning('approve'), reject: defaultMeaning('reject') },
      refused: null,
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

  /**
   * The review list. A manager's list of sets in review also says, per set, whether it may be ticked for bulk
   * approval (its readiness has no blocking item and the two-person rule lets this manager approve it), or why not.
   */
  async list(
    q: ReviewListQuery & { status: NonNullable<ReviewListQuery['status']> },
    actor?: Actor,
    kept: { ticked: string[]; meaning: string } = { ticked: [], meaning: defaultMeaning('approve') },
    now = new Date(),
  ): Promise<ReviewListView> {
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
    const bulk =
      actor && MANAGERS.includes(actor.role) && status === 'in_review'
        ? {
            readiness: await this.bulkReadiness(actor, sets),
            ticked: kept.ticked,
            meaning: kept.meaning || defaultMeaning('approve'),
          }
        : null;
    return toReviewListView(q, sets, counts, clients, now, bulk);
  }

  private async bulkReadiness(actor: Actor, sets: ResultSetSummaryView[]): Promise<Map<string, BulkReadiness>> {
    const { allowSelfApproval } = await this.settings.get();
    const out = new Map<string, BulkReadiness>();
    for (const set of sets.filter((s) => s.status === 'in_review')) {
      out.set(set.id, bulkReadiness(set, actor.username, allowSelfApproval, await this.resultSets.readiness(set.id)));
    }
    return out;
  }

  /** The page after a bulk approval: each set asked for, approved (with its signature) or refused with the reason. */
  async bulkOutcome(answer: BulkApprovalView): Promise<BulkOutcomeView> {
    const sets = await Promise.all(
      answer.outcomes.map((o) =>
        this.resultSets.get(o.id).catch((e: unknown) => (e instanceof NotFound ? null : Promise.reject(e))),
      ),
    );
    return toBulkOutcomeView(answer, sets);
  }
}

const approverName = (signatures: readonly SignatureView[] | undefined): string | null => {
  const approval = [...(signatures ?? [])].reverse().find((s) => s.action === 'approve');
  return approval ? signerLine(approval) : null;
};
