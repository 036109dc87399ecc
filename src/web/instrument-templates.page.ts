import * as fs from 'node:fs';
import { Body, Param, Req, UploadedFile } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF, MANAGERS } from '../auth/role';
import { InvalidInput } from '../common/errors';
import { ProposalFieldsSchema } from '../instrument-templates/instrument-templates.schemas';
import { InstrumentTemplatesService } from '../instrument-templates/instrument-templates.service';
import { formatDateTime } from './format';
import { ViewRenderer } from './view-renderer.service';
import type { FormOutcome } from './web-form.interceptor';
import type { WebUploadedFile } from './web-multipart.interceptor';
import type { WebRequest } from './web-request';
import { FormPost, Page, ScriptPost, WebController } from './web-route.decorators';

const SaveFormSchema = z.object({ template: z.string().min(2).max(200_000) }).strict();
const IdParamSchema = z.object({ id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/) }).strict();

/** The lab's instrument templates and the page that teaches the service a new export format. */
@WebController('instrument-templates')
export class InstrumentTemplatesPageController {
  constructor(
    private readonly templates: InstrumentTemplatesService,
    private readonly views: ViewRenderer,
  ) {}

  @Page('', LAB_STAFF)
  async listPage(@Req() req: WebRequest, @CurrentActor() actor: Actor) {
    const { lab, builtIn } = await this.templates.list();
    return this.views.render(req, 'instrument-templates', {
      title: 'Instrument templates',
      canEdit: MANAGERS.includes(actor.role),
      lab: lab.map((t) => ({ ...t, changed: `${formatDateTime(t.createdAt)} by ${t.createdBy}` })),
      builtIn,
    });
  }

  @Page('new', LAB_STAFF)
  teachPage(@Req() req: WebRequest, @CurrentActor() actor: Actor) {
    return this.views.render(req, 'teach-template', { title: 'Teach a new format', canSave: MANAGERS.includes(actor.role) });
  }

  /** The teach page's script: the proposal (with the person's edits so far) for the chosen file. */
  @ScriptPost('proposals', LAB_STAFF, { field: 'file' })
  async propose(
    @UploadedFile() file: WebUploadedFile | undefined,
    @Body(new ZodValidationPipe(ProposalFieldsSchema)) fields: z.output<typeof ProposalFieldsSchema>,
  ) {
    if (!file) throw new InvalidInput('file', 'choose an export to teach');
    const bytes = await fs.promises.readFile(file.path);
    const { choices, unit, mass, volume, dilution } = fields;
    return this.templates.propose({ name: file.originalname, bytes }, choices ?? {}, { unit, mass, volume, dilution });
  }

  @FormPost('', MANAGERS)
  async save(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidationPipe(SaveFormSchema)) form: { template: string },
  ): Promise<FormOutcome> {
    let json: unknown;
    try {
      json = JSON.parse(form.template);
    } catch (e) {
      throw new InvalidInput('template', `not JSON: ${(e as Error).message}`);
    }
    const saved = await this.templates.create(actor.username, json);
    return {
      url: '/instrument-templates',
      flash: {
        kind: 'success',
        text: `Saved template ${saved.id} (version ${saved.version}): files of this format are detected from now on.`,
      },
    };
  }

  @FormPost(':id/retire', MANAGERS)
  async retire(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidationPipe(IdParamSchema)) p: { id: string },
  ): Promise<FormOutcome> {
    const retired = await this.templates.retire(actor.username, p.id);
    return {
      url: '/instrument-templates',
      flash: { kind: 'success', text: `Retired template ${retired.id}: it is no longer detected.` },
    };
  }
}
