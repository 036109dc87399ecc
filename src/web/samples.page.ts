import { Body, Param, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import type { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF } from '../auth/role';
import { AppConfig } from '../config/app-config';
import { SampleService } from '../samples/sample.service';
import {
  SampleCreateFormSchema,
  SampleEditFormSchema,
  SamplesQuerySchema,
  toListSamples,
  type SamplesQuery,
} from './sample-forms.schemas';
import { toSampleFormView, toSamplesListView } from './samples.view';
import { ViewRenderer } from './view-renderer.service';
import type { FormOutcome } from './web-form.interceptor';
import type { WebRequest } from './web-request';
import { FormPost, Page, WebController } from './web-route.decorators';

/** The samples the lab holds: a searchable list, registering one, and editing one, through SampleService as the API does. */
@WebController('samples')
export class SamplesPageController {
  constructor(
    private readonly samples: SampleService,
    private readonly config: AppConfig,
    private readonly views: ViewRenderer,
  ) {}

  @Page('', LAB_STAFF)
  async samplesPage(@Req() req: WebRequest, @Query(new ZodValidationPipe(SamplesQuerySchema)) q: SamplesQuery) {
    const [found, clients] = await Promise.all([this.samples.search(toListSamples(q)), this.samples.listClients()]);
    return this.views.render(req, 'samples', toSamplesListView(found, q, clients, new Date(), this.config.sampleTurnaroundHours));
  }

  @Page('new', LAB_STAFF)
  async newSamplePage(@Req() req: WebRequest, @Query('client') client: string | undefined) {
    return this.views.render(req, 'sample-form', toSampleFormView(null, await this.samples.listClients(), client));
  }

  @FormPost('', LAB_STAFF)
  async registerSample(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidationPipe(SampleCreateFormSchema)) form: z.output<typeof SampleCreateFormSchema>,
  ): Promise<FormOutcome> {
    const sample = await this.samples.create(actor, form);
    return { url: `/samples/${sample.id}`, flash: { kind: 'success', text: `Registered sample ${sample.labSampleId}.` } };
  }

  @Page(':id', LAB_STAFF)
  async samplePage(@Req() req: WebRequest, @Param('id', ParseUUIDPipe) id: string) {
    const [detail, clients] = await Promise.all([this.samples.get(id), this.samples.listClients()]);
    return this.views.render(req, 'sample-form', toSampleFormView(detail, clients));
  }

  @FormPost(':id', LAB_STAFF)
  async editSample(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(SampleEditFormSchema)) form: z.output<typeof SampleEditFormSchema>,
  ): Promise<FormOutcome> {
    const sample = await this.samples.update(actor, id, form);
    return { url: `/samples/${sample.id}`, flash: { kind: 'success', text: `Saved sample ${sample.labSampleId}.` } };
  }
}
