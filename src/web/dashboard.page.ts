import { Req } from '@nestjs/common';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF } from '../auth/role';
import { SampleSyncService } from '../samples/sample-sync.service';
import { DashboardService } from './dashboard.service';
import { syncOutcome } from './sync-outcome';
import { ViewRenderer } from './view-renderer.service';
import type { WebRequest } from './web-request';
import { FormPost, Page, WebController } from './web-route.decorators';

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

  @FormPost('sync-samples', LAB_STAFF)
  async syncSamples(@CurrentActor() actor: Actor) {
    return syncOutcome(await this.sync.sync(actor.username));
  }
}
