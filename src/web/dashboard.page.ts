import { Req } from '@nestjs/common';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF } from '../auth/role';
import { SampleSyncService } from '../samples/sample-sync.service';
import { DashboardService } from './dashboard.service';
import { syncOutcome, syncStillRunning } from './sync-outcome';
import { ViewRenderer } from './view-renderer.service';
import type { WebRequest } from './web-request';
import { FormPost, Page, WebController } from './web-route.decorators';

const SYNC_WAIT_MS = 5000;

@WebController('dashboard')
export class DashboardPageController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly sync: SampleSyncService,
    private readonly views: ViewRenderer,
  ) {}

  @Page('', LAB_STAFF)
  async dashboardPage(@Req() req: WebRequest, @CurrentActor() actor: Actor) {
    return this.views.render(req, 'dashboard', await this.dashboard.view(actor));
  }

  /** Waits a little for the pull; a large transfer goes on after the answer, its progress on the dashboard. */
  @FormPost('sync-samples', LAB_STAFF)
  async syncSamples(@CurrentActor() actor: Actor) {
    const run = this.sync.sync(actor.username);
    const done = await Promise.race([run, new Promise<null>((resolve) => setTimeout(() => resolve(null), SYNC_WAIT_MS))]);
    if (done) return syncOutcome(done);
    // A failure after the answer is shown on the dashboard (the progress record keeps it).
    run.catch(() => undefined);
    return syncStillRunning(this.sync.progress());
  }
}
