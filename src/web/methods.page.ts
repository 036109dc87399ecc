import { Body, Param, Req, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF, MANAGERS } from '../auth/role';
import { getAnalyte } from '../catalog';
import { InvalidInput } from '../common/errors';
import { describeZodIssues } from '../common/zod-issues';
import { MethodDefinitionSchema } from '../methods/method-definition.schema';
import { type MethodView, MethodsService } from '../methods/methods.service';
import { formatDateTime } from './format';
import { ViewRenderer } from './view-renderer.service';
import type { FormOutcome } from './web-form.interceptor';
import type { WebRequest } from './web-request';
import { Download, FormPost, Page, WebController } from './web-route.decorators';

const MethodFormSchema = z.object({ definition: z.string().min(2).max(200_000) }).strict();
const KeyParamSchema = z.object({ key: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/) }).strict();

/** Lab methods: read by the lab, written by managers as JSON (the same JSON the API and the export use). */
@WebController('methods')
export class MethodsPageController {
  constructor(
    private readonly methods: MethodsService,
    private readonly views: ViewRenderer,
  ) {}

  @Page('', LAB_STAFF)
  async methodsPage(@Req() req: WebRequest, @CurrentActor() actor: Actor) {
    const methods = await this.methods.list();
    return this.views.render(req, 'methods', {
      title: 'Lab methods',
      canEdit: MANAGERS.includes(actor.role),
      methods: methods.map(toMethodCard),
    });
  }

  @Download('export/:key', LAB_STAFF)
  async exportMethod(
    @Param(new ZodValidationPipe(KeyParamSchema)) p: { key: string },
    @Res({ passthrough: true }) res: Response,
  ) {
    const method = await this.methods.get(p.key);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${method.key}-v${method.version}.json"`);
    return new StreamableFile(Buffer.from(`${JSON.stringify(method.definition, null, 2)}\n`));
  }

  @FormPost('', MANAGERS)
  async saveMethod(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidationPipe(MethodFormSchema)) form: { definition: string },
  ): Promise<FormOutcome> {
    let json: unknown;
    try {
      json = JSON.parse(form.definition);
    } catch (e) {
      throw new InvalidInput('definition', `not JSON: ${(e as Error).message}`);
    }
    const parsed = MethodDefinitionSchema.safeParse(json);
    if (!parsed.success) throw new InvalidInput('definition', describeZodIssues(parsed.error).join('; '));
    const exists = (await this.methods.list()).some((m) => m.key === parsed.data.key);
    const saved = exists
      ? await this.methods.update(actor.username, parsed.data.key, parsed.data)
      : await this.methods.create(actor.username, parsed.data);
    return { url: '/methods', flash: { kind: 'success', text: `Saved method ${saved.key} as version ${saved.version}.` } };
  }
}

function toMethodCard(m: MethodView) {
  const d = m.definition;
  return {
    key: m.key,
    version: m.version,
    name: d.name,
    instrument: d.instrument,
    templates: d.templates.join(', '),
    reportedUnit: d.reportedUnit ?? 'as the file states',
    limitsUnit: d.limitsUnit,
    defaults:
      Object.entries(d.calculationDefaults)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none',
    changed: `${formatDateTime(m.createdAt)} by ${m.createdBy}`,
    analytes: d.analytes.map((a) => ({
      name: getAnalyte(a.analyte)?.name ?? a.analyte,
      key: a.analyte,
      lod: a.lod ?? '—',
      loq: a.loq ?? '—',
      uloq: a.uloq ?? '—',
    })),
    json: JSON.stringify(d, null, 2),
  };
}
