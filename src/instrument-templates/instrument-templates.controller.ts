import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF, MANAGERS } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { InvalidInput } from '../common/errors';
import { FileUpload } from '../ingest/file-upload.decorator';
import { ProposalFieldsDto } from './instrument-templates.schemas';
import { InstrumentTemplatesService } from './instrument-templates.service';

@ApiTags('instrument-templates')
@ApiBearerAuth()
@Controller('api/instrument-templates')
export class InstrumentTemplatesController {
  constructor(private readonly templates: InstrumentTemplatesService) {}

  @Post('proposals')
  @HttpCode(200)
  @Roles(...LAB_STAFF)
  @FileUpload({
    choices: {
      type: 'string',
      description: 'JSON edits: {"roles": {"B": "sample_id"}, "id", "title", "instrument", "unit", "calculation"}',
    },
    unit: { type: 'string', description: 'the unit for the preview when the file prints none' },
    mass: { type: 'string' },
    volume: { type: 'string' },
    dilution: { type: 'string' },
  })
  @ApiOperation({
    summary:
      'Propose a template for an export: 200 {template, preview, proposal (layout, columns with roles, unsure, notes, missing, confidence), grid, fits}',
  })
  propose(@UploadedFile() file: Express.Multer.File | undefined, @Body() fields: ProposalFieldsDto) {
    if (!file) throw new InvalidInput('file', 'required: send the export as multipart field "file"');
    const { choices, ...prep } = fields;
    return this.templates.propose({ name: file.originalname, bytes: file.buffer }, choices ?? {}, prep);
  }

  @Get()
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: "The lab's templates (latest version of each, retired ones marked) and the built-in ones" })
  list() {
    return this.templates.list();
  }

  @Get(':id')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'A lab template (latest version, or ?version=N); its `template` is the JSON to export' })
  get(@Param('id') id: string, @Query('version') version?: string) {
    if (version !== undefined && !/^\d+$/.test(version)) throw new InvalidInput('version', 'expected a version number');
    return this.templates.get(id, version === undefined ? undefined : Number(version));
  }

  @Get(':id/export')
  @Roles(...LAB_STAFF)
  @ApiOperation({ summary: 'A lab template as a JSON file, as templates/instruments/ holds them (to contribute back)' })
  async export(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const view = await this.templates.get(id);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${view.id}.json"`);
    return view.template;
  }

  @Post()
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Save a template (a proposal, possibly edited): 201 with version 1; detected from then on' })
  create(@CurrentActor() actor: Actor, @Body() body: unknown) {
    return this.templates.create(actor.username, body);
  }

  @Put(':id')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Change a lab template: stores the next version' })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown) {
    return this.templates.update(actor.username, id, body);
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Retire a lab template: no longer detected nor offered; its versions stay' })
  retire(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.templates.retire(actor.username, id);
  }
}
