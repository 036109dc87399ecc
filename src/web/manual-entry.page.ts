import * as fs from 'node:fs';
import { Body, Req, UploadedFile } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import type { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF } from '../auth/role';
import { ManualEntryService } from '../ingest/manual/manual-entry.service';
import { CoaSourceAdapter } from '../ingest/coa/coa.adapter';
import { toManualEntryFormView } from './manual-entry.view';
import type { UploadedFile as WebUploadedFile } from './upload.service';
import { ViewRenderer } from './view-renderer.service';
import { ManualEntryFormSchema } from './web-forms.schemas';
import type { WebRequest } from './web-request';
import { FormPost, Page, WebController } from './web-route.decorators';

/** Results for product from a non-integrated source, typed in and/or pre-filled from the paper certificate PDF. */
@WebController('manual-entry')
export class ManualEntryPageController {
  constructor(
    private readonly manual: ManualEntryService,
    private readonly views: ViewRenderer,
    private readonly coa: CoaSourceAdapter,
  ) {}

  @Page('', LAB_STAFF)
  manualEntryPage(@Req() req: WebRequest) {
    return this.views.render(
      req,
      'manual-entry',
      toManualEntryFormView(new Date().toISOString().slice(0, 10), this.coa.permittedLabs()),
    );
  }

  @FormPost('', LAB_STAFF, { field: 'certificate' })
  async createManualEntry(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidationPipe(ManualEntryFormSchema)) form: z.output<typeof ManualEntryFormSchema>,
    @UploadedFile() certificate: WebUploadedFile | undefined,
  ) {
    const view = await this.manual.create(
      actor,
      form,
      certificate && certificate.size > 0
        ? { name: certificate.originalname, bytes: await fs.promises.readFile(certificate.path) }
        : undefined,
    );
    const pending = view.pendingConfirmation.length;
    return {
      url: `/review/${view.id}`,
      flash: {
        kind: 'success' as const,
        text: pending
          ? `Entered. ${pending} value(s) read from the certificate wait for your confirmation below.`
          : 'Entered. Submit it for review when it is complete.',
      },
    };
  }
}
