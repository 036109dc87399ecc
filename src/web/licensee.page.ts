import { Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import type { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { LicenseeFileSchema } from '../licensee/licensee.schemas';
import { LicenseeService } from '../licensee/licensee.service';
import { LicenseePageService } from './licensee-page.service';
import { ViewRenderer } from './view-renderer.service';
import { LicenseeLookupSchema } from './web-forms.schemas';
import type { WebRequest } from './web-request';
import { Download, Page, WebController } from './web-route.decorators';

/** A licensee looks up a UID it holds and downloads the results, through LicenseeService like the API. */
@WebController('licensee')
export class LicenseePageController {
  constructor(
    private readonly pages: LicenseePageService,
    private readonly licensee: LicenseeService,
    private readonly views: ViewRenderer,
  ) {}

  @Page('', ['licensee'])
  async licenseePage(
    @Req() req: WebRequest,
    @CurrentActor() actor: Actor,
    @Query(new ZodValidationPipe(LicenseeLookupSchema)) q: z.output<typeof LicenseeLookupSchema>,
  ) {
    return this.views.render(req, 'licensee', await this.pages.view(actor, q));
  }

  @Download('results/:file', ['licensee'])
  async download(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidationPipe(LicenseeFileSchema)) p: z.output<typeof LicenseeFileSchema>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const file = await this.licensee.export(actor, p.file.uid, p.file.format);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return new StreamableFile(file.body);
  }
}
