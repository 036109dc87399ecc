import { Param, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { MANAGERS } from '../auth/role';
import { SubmissionService } from '../outbox/submission.service';
import { SubmissionsPageService } from './submissions-page.service';
import { toSubmissionsPageView } from './submissions.view';
import { ViewRenderer } from './view-renderer.service';
import { SubmissionsQuerySchema, type SubmissionsQuery } from './web-forms.schemas';
import type { WebRequest } from './web-request';
import { FormPost, Page, WebController } from './web-route.decorators';

/** The state-system outbox: status, attempts, last error, the 48-hour clock, and retry. */
@WebController('submissions')
export class SubmissionsPageController {
  constructor(
    private readonly pages: SubmissionsPageService,
    private readonly submissions: SubmissionService,
    private readonly views: ViewRenderer,
  ) {}

  @Page('', MANAGERS)
  async submissionsPage(@Req() req: WebRequest, @Query(new ZodValidationPipe(SubmissionsQuerySchema)) q: SubmissionsQuery) {
    const now = new Date();
    return this.views.render(req, 'submissions', toSubmissionsPageView(q, await this.pages.list(q, now), now));
  }

  @FormPost(':id/release', MANAGERS)
  async release(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    const s = await this.submissions.release(actor, id);
    return {
      url: '/submissions',
      flash: { kind: 'success' as const, text: `Results for ${s.sample.labSampleId} will be released in the state system now.` },
    };
  }

  @FormPost(':id/retry', MANAGERS)
  async retry(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    const s = await this.submissions.retry(actor, id);
    return {
      url: '/submissions',
      flash: { kind: 'success' as const, text: `Submission for ${s.sample.labSampleId} will be sent again now.` },
    };
  }
}
