import { Body, Query, Req } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF } from '../auth/role';
import { UnmatchedQueueService, sampleName } from '../ingest/unmatched-queue.service';
import { toOpenWorkPageView } from './open-work.view';
import { ViewRenderer } from './view-renderer.service';
import type { FormOutcome } from './web-form.interceptor';
import type { WebRequest } from './web-request';
import { FormPost, Page, WebController } from './web-route.decorators';

const PER_PAGE = 50;

const OpenWorkQuerySchema = z.object({ from: z.coerce.number().int().min(0).max(10_000_000).default(0) }).strict();

/** The discard form of the dashboard, this page and the import page; `back` is the page the person was on. */
export const DiscardFormSchema = z
  .object({
    importId: z.uuid(),
    index: z.coerce.number().int().min(0),
    reason: z.string().trim().min(10, 'give a reason of at least 10 characters').max(2000),
    back: z.enum(['dashboard', 'open-work', 'import']).default('open-work'),
  })
  .strict();

/** Every unmatched sample of every import until a person attaches or discards it: nothing vanishes with the recent list. */
@WebController('open-work')
export class OpenWorkPageController {
  constructor(
    private readonly queue: UnmatchedQueueService,
    private readonly views: ViewRenderer,
  ) {}

  @Page('', LAB_STAFF)
  async openWorkPage(
    @Req() req: WebRequest,
    @Query(new ZodValidationPipe(OpenWorkQuerySchema)) q: z.output<typeof OpenWorkQuerySchema>,
  ) {
    const open = await this.queue.open(PER_PAGE, q.from);
    return this.views.render(req, 'open-work', toOpenWorkPageView(open, q.from, PER_PAGE, new Date()));
  }

  @FormPost('discard', LAB_STAFF)
  async discard(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidationPipe(DiscardFormSchema)) form: z.output<typeof DiscardFormSchema>,
  ): Promise<FormOutcome> {
    const entry = await this.queue.discard(actor.username, form.importId, { index: form.index, reason: form.reason });
    const url =
      form.back === 'dashboard'
        ? '/dashboard#open-work-h'
        : form.back === 'import'
          ? `/imports/${form.importId}#unmatched-h`
          : '/open-work';
    return { url, flash: { kind: 'success', text: `Discarded ${sampleName(entry)}: ${form.reason}` } };
  }
}
