import { Body, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import type { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { DomainError } from '../common/errors';
import { LAB_STAFF, MANAGERS } from '../auth/role';
import type { ReleaseRequest } from '../results/result-set.schemas';
import { ResultSetService } from '../results/result-set.service';
import { formatDateTime } from './format';
import { ResolveConflictsSchema } from '../results/result-set.schemas';
import { ReviewPageService, type RefusedSignedForm } from './review-page.service';
import { signedFormMessage } from './review-signatures.view';
import type { SignedAction } from '../signatures/signature.schemas';
import { ViewRenderer } from './view-renderer.service';
import {
  AmendFormSchema,
  BulkApproveFormSchema,
  ConfirmFormSchema,
  RejectFormSchema,
  ReleaseFormSchema,
  ResolveConflictFormSchema,
  ReviewListQuerySchema,
  type ReviewListQuery,
} from './web-forms.schemas';
import type { FormOutcome } from './web-form.interceptor';
import type { WebRequest } from './web-request';
import { FormPage, FormPost, Page, WebController } from './web-route.decorators';

const back = (id: string, text: string): FormOutcome => ({ url: `/review/${id}`, flash: { kind: 'success', text } });

/** Review and release: the result set with provenance, and its workflow transitions through ResultSetService. */
@WebController('review')
export class ReviewPageController {
  constructor(
    private readonly pages: ReviewPageService,
    private readonly resultSets: ResultSetService,
    private readonly views: ViewRenderer,
  ) {}

  @Page('', LAB_STAFF)
  async reviewListPage(
    @Req() req: WebRequest,
    @CurrentActor() actor: Actor,
    @Query(new ZodValidationPipe(ReviewListQuerySchema)) q: ReviewListQuery,
  ) {
    // A technician works on drafts (rejected ones come back there); a manager reviews.
    const status = q.status ?? (MANAGERS.includes(actor.role) ? 'in_review' : 'draft');
    return this.views.render(req, 'review-list', await this.pages.list({ ...q, status }, actor));
  }

  @Page(':id', LAB_STAFF)
  async reviewPage(@Req() req: WebRequest, @CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.views.render(req, 'review', await this.pages.view(actor, id));
  }

  @FormPost(':id/submit', LAB_STAFF)
  async submit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(ReleaseFormSchema)) form: ReleaseRequest,
  ) {
    const submitted = await this.resultSets.submit(actor, id, form);
    const partial = form.override ? ' as a partial set, with your reason' : '';
    return back(submitted.id, `Submitted for review${partial}. Another person approves it.`);
  }

  /** Approve, signed: a refused signature (or a set not ready) shows the page again with what was typed. */
  @FormPage(':id/approve', MANAGERS)
  async approve(
    @Req() req: WebRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    const form = typeof body.overrideReason === 'string' ? 'override' : 'approve';
    await this.signed(req, res, actor, id, body, 'approve', form, async () => {
      const approved = await this.resultSets.approve(actor, id, ReleaseFormSchema.parse(body));
      return back(
        approved.id,
        `Approved and released. Signed “${approved.signature.meaning}”; queued for the state system, report due by ${formatDateTime(approved.submission.deadlineAt).text}.`,
      );
    });
  }

  @FormPage(':id/reject', MANAGERS)
  async reject(
    @Req() req: WebRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    await this.signed(req, res, actor, id, body, 'reject', 'reject', async () => {
      const rejected = await this.resultSets.reject(actor, id, RejectFormSchema.parse(body));
      return back(rejected.id, 'Rejected and signed: the set is back in draft with your reason.');
    });
  }

  /** Several ready sets approved with one signature; the answer lists each set approved or refused with its reason. */
  @FormPage('approve', MANAGERS)
  async approveMany(
    @Req() req: WebRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
  ) {
    const ticked = ([] as unknown[]).concat(body.ids ?? []).filter((v): v is string => typeof v === 'string');
    const meaning =
      typeof (body.signature as { meaning?: unknown } | undefined)?.meaning === 'string'
        ? String((body.signature as { meaning: string }).meaning)
        : '';
    try {
      const form = BulkApproveFormSchema.parse(body);
      const answer = await this.resultSets.approveMany(actor, form);
      res
        .status(200)
        .type('html')
        .send(this.views.render(req, 'review-bulk', await this.pages.bulkOutcome(answer)));
    } catch (error) {
      const text = signedFormMessage(error, 'approve');
      if (text === null) throw error;
      req.webSession?.flash.push({ kind: 'error', text });
      const list = await this.pages.list({ ...ReviewListQuerySchema.parse({}), status: 'in_review' }, actor, { ticked, meaning });
      res
        .status(statusOf(error))
        .type('html')
        .send(this.views.render(req, 'review-list', list));
    }
  }

  @FormPage(':id/amend', MANAGERS)
  async amend(
    @Req() req: WebRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    try {
      const form: z.output<typeof AmendFormSchema> = AmendFormSchema.parse(body);
      const amendment = await this.resultSets.amend(actor, id, form);
      req.webSession?.flash.push({
        kind: 'success',
        text: `Amendment drafted as version ${amendment.version}. Submit it for review; approving it supersedes version ${amendment.version - 1}.`,
      });
      res.redirect(303, `/review/${amendment.id}`);
    } catch (error) {
      const text = signedFormMessage(error, 'amend');
      if (text === null) throw error;
      req.webSession?.flash.push({ kind: 'error', text });
      res.redirect(303, `/review/${id}/amend`);
    }
  }

  /**
   * Runs a signed step of the review page: on success a 303 to the page with its message; refused (a wrong password,
   * no signature, a set not ready, the two-person rule) the page again with the reason on top and the form open with
   * what was typed, except the password.
   */
  private async signed(
    req: WebRequest,
    res: Response,
    actor: Actor,
    id: string,
    body: Record<string, unknown>,
    action: SignedAction,
    form: RefusedSignedForm['form'],
    step: () => Promise<FormOutcome>,
  ): Promise<void> {
    try {
      const outcome = await step();
      if (outcome.flash) req.webSession?.flash.push(outcome.flash);
      res.redirect(303, outcome.url);
    } catch (error) {
      const text = signedFormMessage(error, action);
      if (text === null) throw error;
      req.webSession?.flash.push({ kind: 'error', text });
      const signature = (body.signature ?? {}) as { meaning?: unknown };
      const reason = form === 'reject' ? body.reason : body.overrideReason;
      const refused: RefusedSignedForm = {
        form,
        meaning: typeof signature.meaning === 'string' ? signature.meaning : '',
        reason: typeof reason === 'string' ? reason : '',
      };
      const view = await this.pages.view(actor, id);
      res
        .status(statusOf(error))
        .type('html')
        .send(this.views.render(req, 'review', { ...view, refused }));
    }
  }

  @FormPost(':id/resolve-conflict', LAB_STAFF)
  async resolveConflict(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(ResolveConflictFormSchema)) form: z.output<typeof ResolveConflictFormSchema>,
  ) {
    return back((await this.resultSets.resolveConflict(actor, id, form)).id, `Conflict on ${form.analyte} resolved.`);
  }

  @FormPost(':id/resolve-conflicts', LAB_STAFF)
  async resolveConflicts(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(ResolveConflictsSchema)) form: z.output<typeof ResolveConflictsSchema>,
  ) {
    const { set, resolved, untouched } = await this.resultSets.resolveConflictsBySource(actor, id, form);
    const names = new Map(set.results.map((r) => [r.analyte, r.name]));
    const list = (keys: string[]) => keys.map((k) => names.get(k) ?? k).join(', ');
    return back(
      set.id,
      `Resolved ${resolved.length} conflict(s): ${list(resolved)}.${untouched.length ? ` Still open (that source did not report them): ${list(untouched)}.` : ''}`,
    );
  }

  @FormPost(':id/confirm', LAB_STAFF)
  async confirmValues(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(ConfirmFormSchema)) form: z.output<typeof ConfirmFormSchema>,
  ) {
    const view = await this.resultSets.confirmValues(actor, id, form);
    const dropped = form.values.filter((v) => v.drop).length;
    const confirmed = form.values.length - dropped;
    return back(
      view.id,
      `Confirmed ${confirmed} value(s)${dropped ? `, dropped ${dropped}` : ''}; ${view.pendingConfirmation.length} still to confirm.`,
    );
  }
}

/** The status of a refused form's page: the step's own (401 for a wrong password, 409 not ready, …). */
const statusOf = (error: unknown): number => (error instanceof DomainError ? error.status : 400);
