import { Body, Param, ParseUUIDPipe, Query, Req, UploadedFile, UploadedFiles } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF } from '../auth/role';
import { AttachAllFormSchema, type AttachAllForm } from './attach-forms.schemas';
import { ImportPageService } from './import-page.service';
import { UploadService, type UploadedFile as WebUploadedFile } from './upload.service';
import { ViewRenderer } from './view-renderer.service';
import {
  AttachFormSchema,
  ImportSamplesQuerySchema,
  ReprocessFormSchema,
  UploadFieldsSchema,
  type UploadFields,
} from './web-forms.schemas';
import type { WebRequest } from './web-request';
import { FormPost, MAX_FILES_PER_FORM, Page, ScriptPost, WebController } from './web-route.decorators';

/** Uploading files (one request per file from the page's script, or all at once without it) and the import summaries. */
@WebController()
export class UploadPageController {
  constructor(
    private readonly uploads: UploadService,
    private readonly imports: ImportPageService,
    private readonly views: ViewRenderer,
  ) {}

  @Page('upload', LAB_STAFF)
  async uploadPage(@Req() req: WebRequest) {
    return this.views.render(req, 'upload', await this.imports.uploadView());
  }

  @FormPost('upload', LAB_STAFF, { field: 'file', max: MAX_FILES_PER_FORM })
  uploadFiles(
    @CurrentActor() actor: Actor,
    @UploadedFiles() files: WebUploadedFile[] | undefined,
    @Body(new ZodValidationPipe(UploadFieldsSchema)) fields: UploadFields,
  ) {
    return this.uploads.importAll(actor.username, files ?? [], fields);
  }

  @ScriptPost('upload/file', LAB_STAFF, { field: 'file' })
  uploadOneFile(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: WebUploadedFile | undefined,
    @Body(new ZodValidationPipe(UploadFieldsSchema)) fields: UploadFields,
  ) {
    return this.uploads.importOne(actor.username, file, fields);
  }

  @Page('imports/:id', LAB_STAFF)
  async importPage(
    @Req() req: WebRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodValidationPipe(ImportSamplesQuerySchema)) q: z.output<typeof ImportSamplesQuerySchema>,
  ) {
    return this.views.render(req, 'import', await this.imports.summaryView(id, q.q, q.from, q.byPosition));
  }

  @FormPost('imports/:id/reprocess', LAB_STAFF)
  reprocess(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(ReprocessFormSchema)) form: z.output<typeof ReprocessFormSchema>,
  ) {
    return this.imports.reprocess(actor, id, form);
  }

  @FormPost('imports/:id/attach-all', LAB_STAFF)
  attachAll(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(AttachAllFormSchema)) rows: AttachAllForm,
  ) {
    return this.imports.attachAll(actor, id, rows);
  }

  @FormPost('imports/:id/attach', LAB_STAFF)
  attachUnmatched(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(AttachFormSchema)) form: z.output<typeof AttachFormSchema>,
  ) {
    return this.imports.attach(actor.username, id, form);
  }
}
