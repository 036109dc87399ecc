import { Body, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { type Actor, CurrentActor } from '../auth/actor';
import { MANAGERS } from '../auth/role';
import { Conflict, DomainError } from '../common/errors';
import type { ResultSetView } from '../results/result-set.mapper';
import { ResultSetService } from '../results/result-set.service';
import { AmendmentFormSchema, amendmentFormValues, type AmendmentFormValues } from './amend-form.schemas';
import { toAmendmentPageView } from './amendment.view';
import { signedFormMessage } from './review-signatures.view';
import { ViewRenderer } from './view-renderer.service';
import type { WebRequest } from './web-request';
import { FormPage, Page, WebController } from './web-route.decorators';

/**
 * Amending released results on a page of their own: every current value listed, changed, removed or added to, and
 * signed. A refused form (a wrong password, a value the catalog does not take) comes back with everything typed in
 * it except the password.
 */
@WebController('review')
export class AmendmentPageController {
  constructor(
    private readonly resultSets: ResultSetService,
    private readonly views: ViewRenderer,
  ) {}

  @Page(':id/amend', MANAGERS)
  async amendmentPage(@Req() req: WebRequest, @Param('id', ParseUUIDPipe) id: string) {
    return this.form(req, amendable(await this.resultSets.get(id)), null);
  }

  @FormPage(':id/amendment', MANAGERS)
  async amend(
    @Req() req: WebRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    try {
      const form = AmendmentFormSchema.parse(body);
      const amendment = await this.resultSets.amend(actor, id, form);
      req.webSession?.flash.push({
        kind: 'success',
        text: `Amendment drafted as version ${amendment.version} with ${form.changes.length} change(s). Submit it for review; approving it supersedes version ${amendment.version - 1}.`,
      });
      res.redirect(303, `/review/${amendment.id}`);
    } catch (error) {
      const text = signedFormMessage(error, 'amend');
      if (text === null) throw error;
      const set = await this.resultSets.get(id);
      req.webSession?.flash.push({ kind: 'error', text });
      // Amended meanwhile (or never approved): the form is gone; the version's page says why with the message.
      if (set.status !== 'approved' || set.amendedBy) return res.redirect(303, `/review/${id}`);
      res
        .status(error instanceof DomainError ? error.status : 400)
        .type('html')
        .send(this.form(req, set, amendmentFormValues(body)));
    }
  }

  private form(req: WebRequest, set: ResultSetView, values: AmendmentFormValues | null): string {
    return this.views.render(req, 'amend', toAmendmentPageView(set, values));
  }
}

/** Only the approved version that has no amendment yet is amended. */
function amendable(set: ResultSetView): ResultSetView {
  if (set.status !== 'approved' || set.amendedBy)
    throw new Conflict(
      set.amendedBy
        ? `version ${set.version} already has amendment version ${set.amendedBy.version}`
        : `only approved results are amended; this version is ${set.status}`,
    );
  return set;
}
