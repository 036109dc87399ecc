import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import type { ResultSetView } from '../results/result-set.mapper';
import { ListResultSetsSchema } from '../results/result-set.schemas';
import { ResultSetService } from '../results/result-set.service';
import { ReviewSettingsService } from '../results/review-settings.service';
import { toReviewListView, toReviewView, type ReviewListView, type ReviewView } from './review.view';
import type { ReviewListQuery } from './web-forms.schemas';

/** The review pages: a result set with the names of the files its values came from, and the lists. */
@Injectable()
export class ReviewPageService {
  constructor(
    private readonly resultSets: ResultSetService,
    private readonly settings: ReviewSettingsService,
  ) {}

  async view(actor: Actor, id: string): Promise<ReviewView> {
    const set = await this.resultSets.get(id);
    const settings = await this.settings.get();
    const readiness = set.status === 'draft' || set.status === 'in_review' ? await this.resultSets.readiness(id) : [];
    return toReviewView(set, actor, settings.allowSelfApproval, new Map(Object.entries(set.sourceFiles)), readiness);
  }

  async list(q: ReviewListQuery): Promise<ReviewListView> {
    const sets = await this.resultSets.list(ListResultSetsSchema.parse({ status: q.status === 'all' ? undefined : q.status, limit: 200 }));
    return toReviewListView(q.status, sets);
  }

}
