import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { InvalidInput } from '../common/errors';
import {
  AttachUnmatchedDto,
  DiscardUnmatchedDto,
  ImportFieldsDto,
  ImportQueryDto,
  OpenUnmatchedQueryDto,
} from './import.schemas';
import { UnmatchedQueueService } from './unmatched-queue.service';
import { ImportService } from './import.service';
import { FileUpload } from './file-upload.decorator';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('api/imports')
export class ImportController {
  constructor(
    private readonly imports: ImportService,
    private readonly queue: UnmatchedQueueService,
  ) {}

  @Post()
  @Roles(...LAB_STAFF)
  @FileUpload({
    template: { type: 'string', description: 'template id; detected when omitted' },
    method: { type: 'string', description: 'lab method key; by default the one method reading the template' },
    unit: { type: 'string', description: 'the unit the instrument reports in, for a file that prints none' },
    mass: { type: 'string', description: 'sample mass (g)' },
    volume: { type: 'string', description: 'extraction volume (mL)' },
    dilution: { type: 'string', description: 'dilution factor' },
    mapping: { type: 'string', description: 'JSON column mapping for the generic templates' },
  })
  @ApiOperation({
    summary:
      'Import an instrument export or a CoA PDF: 201 with the import summary, 200 if the same bytes were imported before, 422 naming why not',
  })
  async createImport(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() fields: ImportFieldsDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!file) throw new InvalidInput('file', 'required: send the file as multipart field "file"');
    const { created, summary } = await this.imports.import(
      actor.username,
      { name: file.originalname, bytes: file.buffer, mimeType: file.mimetype },
      fields,
    );
    res.status(created ? 201 : 200);
    return summary;
  }

  @Get()
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Recent imports, newest first' })
  listImports(@Query('limit') limit?: string) {
    return this.imports.list(Math.min(Math.max(Number(limit) || 50, 1), 500));
  }

  @Get('templates')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Instrument templates and certificate layouts the service knows' })
  listTemplates() {
    return this.imports.templates();
  }

  @Get(':id')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'An import summary with one page of its unmatched samples (unmatchedOffset, unmatchedLimit)' })
  getImport(@Param('id', ParseUUIDPipe) id: string, @Query() query: ImportQueryDto) {
    return this.imports.get(id, { offset: query.unmatchedOffset, limit: query.unmatchedLimit });
  }

  @Post(':id/reprocess')
  @Roles(...LAB_STAFF)
  @ApiOperation({
    summary:
      'Process the stored file of an import again with the unit, prep data or method it lacked: 201 with the new import, linked to the first',
  })
  async reprocessImport(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() fields: ImportFieldsDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    res.status(201);
    return this.imports.reprocess(actor.username, id, fields);
  }

  @Post(':id/attach')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Attach an unmatched sample of an import to a registered sample' })
  async attachUnmatched(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AttachUnmatchedDto) {
    return (await this.imports.attach(actor.username, id, dto)).summary;
  }

  @Post(':id/discard')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Discard an unmatched sample of an import with a reason: it leaves the open-work queue (audited)' })
  async discardUnmatched(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DiscardUnmatchedDto) {
    return this.queue.discard(actor.username, id, dto);
  }
}

/** The open-work queue: unmatched samples of every import, until attached or discarded. */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('api/unmatched')
export class UnmatchedQueueController {
  constructor(private readonly queue: UnmatchedQueueService) {}

  @Get()
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'Open unmatched samples of all imports, oldest import first: {total, items}' })
  listOpen(@Query() query: OpenUnmatchedQueryDto) {
    return this.queue.open(query.limit, query.offset);
  }
}
