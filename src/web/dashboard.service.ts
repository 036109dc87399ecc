import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { MANAGERS } from '../auth/role';
import { ImportService } from '../ingest/import.service';
import { UnmatchedQueueService } from '../ingest/unmatched-queue.service';
import { toOpenWorkView } from './open-work.view';
import { ListResultSetsSchema } from '../results/result-set.schemas';
import { ResultSetService } from '../results/result-set.service';
import { SampleSyncService } from '../samples/sample-sync.service';
import { toDashboardView, type DashboardInput, type DashboardView } from './dashboard.view';
import type { OpenWorkView } from './open-work.view';
import { SubmissionsPageService } from './submissions-page.service';

const LIST = 10;

/** What the dashboard shows, gathered from the services the API uses (plus a count per status). */
@Injectable()
export class DashboardService {
  constructor(
    private readonly resultSets: ResultSetService,
    private readonly imports: ImportService,
    private readonly outbox: SubmissionsPageService,
    private readonly sync: SampleSyncService,
    private readonly unmatched: UnmatchedQueueService,
  ) {}

  async view(actor: Actor, now = new Date()): Promise<DashboardView & { openWork: OpenWorkView }> {
    const [resultSetCounts, inReview, rejected, recentImports, queue, openWork] = await Promise.all([
      this.resultSets.countByStatus(),
      this.resultSets.list(ListResultSetsSchema.parse({ status: 'in_review', limit: LIST })),
      this.resultSets.list(ListResultSetsSchema.parse({ status: 'rejected', limit: LIST })),
      this.imports.list(LIST),
      MANAGERS.includes(actor.role) ? this.queue(now) : Promise.resolve(null),
      this.unmatched.open(LIST),
    ]);
    return {
      ...toDashboardView({ resultSetCounts, inReview, rejected, recentImports, queue, sync: this.sync.progress() }, now),
      openWork: toOpenWorkView(openWork, now),
    };
  }

  private async queue(now: Date): Promise<DashboardInput['queue']> {
    const [open, late, near] = await Promise.all([
      this.outbox.list({ status: 'open', deadline: 'any' }, now),
      this.outbox.list({ status: 'open', deadline: 'late' }, now),
      this.outbox.list({ status: 'open', deadline: 'near' }, now),
    ]);
    return { list: open, late, near, open: open.submissions.slice(0, LIST) };
  }
}
