import { Body, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '../common/errors';
import { ZodValidationPipe } from 'nestjs-zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { MANAGERS } from '../auth/role';
import { SubmissionService } from '../outbox/submission.service';
import { SubmissionsPageService } from './submissions-page.service';
import { toSubmissionsPageView } from './submissions.view';
import { ViewRenderer } from './view-renderer.service';
import { ReleaseSubmissionFormSchema, SubmissionsQuerySchema, type SubmissionsQuery } from './web-forms.schemas';
import { signedFormMessage } from './review-signatures.view';
import type { WebRequest } from './web-request';
import { FormPage, FormPost, Page, WebController } from './web-route.decorators';

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

  /** Releases results held in the state system, signed; refused, the page again with the form open (never the password). */
  @FormPage(':id/release', MANAGERS)
  async release(
    @Req() req: WebRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    try {
      const s = await this.submissions.release(actor, id, ReleaseSubmissionFormSchema.parse(body));
      req.webSession?.flash.push({
        kind: 'success',
        text: `Release signed: results for ${s.sample.labSampleId} will be released in the state system now.`,
      });
      res.redirect(303, '/submissions');
    } catch (error) {
      const text = signedFormMessage(error, 'release');
      if (text === null) throw error;
      req.webSession?.flash.push({ kind: 'error', text });
      const signature = (body.signature ?? {}) as { meaning?: unknown };
      const q = SubmissionsQuerySchema.parse({ status: 'awaiting_release' });
      const now = new Date();
      const view = toSubmissionsPageView(q, await this.pages.list(q, now), now, {
        id,
        meaning: typeof signature.meaning === 'string' ? signature.meaning : '',
      });
      res
        .status(error instanceof DomainError ? error.status : 400)
        .type('html')
        .send(this.views.render(req, 'submissions', view));
    }
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
