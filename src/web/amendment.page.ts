import { Body, Param, ParseUUIDPipe, Req } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import type { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { MANAGERS } from '../auth/role';
import { Conflict } from '../common/errors';
import { ResultSetService } from '../results/result-set.service';
import { AmendmentFormSchema } from './amend-form.schemas';
import { toAmendmentPageView } from './amendment.view';
import { ViewRenderer } from './view-renderer.service';
import type { FormOutcome } from './web-form.interceptor';
import type { WebRequest } from './web-request';
import { FormPost, Page, WebController } from './web-route.decorators';

/** Amending released results on a page of their own: every current value listed, changed, removed or added to. */
@WebController('review')
export class AmendmentPageController {
  constructor(
    private readonly resultSets: ResultSetService,
    private readonly views: ViewRenderer,
  ) {}

  @Page(':id/amend', MANAGERS)
  async amendmentPage(@Req() req: WebRequest, @Param('id', ParseUUIDPipe) id: string) {
    const set = await this.resultSets.get(id);
    if (set.status !== 'approved' || set.amendedBy)
      throw new Conflict(
        set.amendedBy
          ? `version ${set.version} already has amendment version ${set.amendedBy.version}`
          : `only approved results are amended; this version is ${set.status}`,
      );
    return this.views.render(req, 'amend', toAmendmentPageView(set));
  }

  @FormPost(':id/amendment', MANAGERS)
  async amend(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(AmendmentFormSchema)) form: z.output<typeof AmendmentFormSchema>,
  ): Promise<FormOutcome> {
    const amendment = await this.resultSets.amend(actor, id, form);
    return {
      url: `/review/${amendment.id}`,
      flash: {
        kind: 'success',
        text: `Amendment drafted as version ${amendment.version} with ${form.changes.length} change(s). Submit it for review; approving it supersedes version ${amendment.version - 1}.`,
      },
    };
  }
}
