import { Body, Param, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import type { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF, MANAGERS } from '../auth/role';
import type { ReleaseRequest } from '../results/result-set.schemas';
import { ResultSetService } from '../results/result-set.service';
import { formatDateTime } from './format';
import { ResolveConflictsSchema } from '../results/result-set.schemas';
import { ReviewPageService } from './review-page.service';
import { ViewRenderer } from './view-renderer.service';
import {
  AmendFormSchema,
  ConfirmFormSchema,
  RejectFormSchema,
  ReleaseFormSchema,
  ResolveConflictFormSchema,
  ReviewListQuerySchema,
  type ReviewListQuery,
} from './web-forms.schemas';
import type { FormOutcome } from './web-form.interceptor';
import type { WebRequest } from './web-request';
import { FormPost, Page, WebController } from './web-route.decorators';

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
    return this.views.render(req, 'review-list', await this.pages.list({ ...q, status }));
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

  @FormPost(':id/approve', MANAGERS)
  async approve(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(ReleaseFormSchema)) form: ReleaseRequest,
  ) {
    const approved = await this.resultSets.approve(actor, id, form);
    return back(
      approved.id,
      `Approved and released. Queued for the state system; report due by ${formatDateTime(approved.submission.deadlineAt).text}.`,
    );
  }

  @FormPost(':id/reject', MANAGERS)
  async reject(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(RejectFormSchema)) form: z.output<typeof RejectFormSchema>,
  ) {
    return back((await this.resultSets.reject(actor, id, form)).id, 'Rejected: the set is back in draft with your reason.');
  }

  @FormPost(':id/amend', MANAGERS)
  async amend(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(AmendFormSchema)) form: z.output<typeof AmendFormSchema>,
  ) {
    const amendment = await this.resultSets.amend(actor, id, form);
    return back(
      amendment.id,
      `Amendment drafted as version ${amendment.version}. Submit it for review; approving it supersedes version ${amendment.version - 1}.`,
    );
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
