import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { ListResultSetsSchema } from '../results/result-set.schemas';
import { ResultSetService } from '../results/result-set.service';
import { ReviewSettingsService } from '../results/review-settings.service';
import { SampleService } from '../samples/sample.service';
import { toReviewListView, toReviewView, type ReviewListView, type ReviewView } from './review.view';
import type { ReviewListQuery } from './web-forms.schemas';

/** The review pages: a result set with the names of the files its values came from, and the lists. */
@Injectable()
export class ReviewPageService {
  constructor(
    private readonly resultSets: ResultSetService,
    private readonly settings: ReviewSettingsService,
    private readonly samples: SampleService,
  ) {}

  async view(actor: Actor, id: string): Promise<ReviewView> {
    const set = await this.resultSets.get(id);
    const settings = await this.settings.get();
    const readiness = set.status === 'draft' || set.status === 'in_review' ? await this.resultSets.readiness(id) : [];
    return toReviewView(set, actor, settings.allowSelfApproval, new Map(Object.entries(set.sourceFiles)), readiness);
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
