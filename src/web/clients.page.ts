import { Body, Param, ParseUUIDPipe, Req } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import type { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF, MANAGERS } from '../auth/role';
import { SampleService } from '../samples/sample.service';
import { ClientCreateFormSchema, ClientEditFormSchema } from './sample-forms.schemas';
import { toClientsView } from './samples.view';
import { ViewRenderer } from './view-renderer.service';
import type { FormOutcome } from './web-form.interceptor';
import type { WebRequest } from './web-request';
import { FormPost, Page, WebController } from './web-route.decorators';

/** The licensees the lab tests for: lab staff register them (as in the API); a manager edits names and addresses. */
@WebController('clients')
export class ClientsPageController {
  constructor(
    private readonly samples: SampleService,
    private readonly views: ViewRenderer,
  ) {}

  @Page('', LAB_STAFF)
  async clientsPage(@Req() req: WebRequest, @CurrentActor() actor: Actor) {
    return this.views.render(req, 'clients', toClientsView(await this.samples.listClients(), MANAGERS.includes(actor.role)));
  }

  @FormPost('', LAB_STAFF)
  async registerClient(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidationPipe(ClientCreateFormSchema)) form: z.output<typeof ClientCreateFormSchema>,
  ): Promise<FormOutcome> {
    const client = await this.samples.createClient(actor, form);
    return { url: '/clients', flash: { kind: 'success', text: `Registered client ${client.name} (${client.licenseNumber}).` } };
  }

  @FormPost(':id', MANAGERS)
  async editClient(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(ClientEditFormSchema)) form: z.output<typeof ClientEditFormSchema>,
  ): Promise<FormOutcome> {
    const client = await this.samples.updateClient(actor, id, form);
    return { url: '/clients', flash: { kind: 'success', text: `Saved client ${client.name} (${client.licenseNumber}).` } };
  }
}
