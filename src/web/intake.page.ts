import { Body, Query, Req } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF } from '../auth/role';
import { InvalidInput } from '../common/errors';
import { SampleSyncService } from '../samples/sample-sync.service';
import { AssignLabIdsSchema, ListSamplesSchema } from '../samples/sample.schemas';
import { SampleService } from '../samples/sample.service';
import { hasLabId, parsePastedLabIds, toIntakeView } from './intake.view';
import { IntakeFormSchema, type IntakeForm } from './sample-forms.schemas';
import { syncOutcome } from './sync-outcome';
import { ViewRenderer } from './view-renderer.service';
import type { FormOutcome } from './web-form.interceptor';
import type { WebRequest } from './web-request';
import { FormPost, Page, WebController } from './web-route.decorators';

/** Arrived samples the intake page lists (newest first): more than a day's deliveries of a busy lab. */
const INTAKE_WINDOW = 500;

const IntakeQuerySchema = z.object({ show: z.enum(['all', 'open']).default('open') }).strict();

/**
 * What arrived from the state system, by transfer, and giving every arrived sample its lab sample id in one
 * pass (an input per row, or a pasted two-column list). Reads what the sample sync stored; pulling runs the sync.
 */
@WebController('intake')
export class IntakePageController {
  constructor(
    private readonly samples: SampleService,
    private readonly sync: SampleSyncService,
    private readonly views: ViewRenderer,
  ) {}

  private arrived() {
    return this.samples.search(ListSamplesSchema.parse({ origin: 'state-system', limit: INTAKE_WINDOW }));
  }

  @Page('', LAB_STAFF)
  async intakePage(
    @Req() req: WebRequest,
    @Query(new ZodValidationPipe(IntakeQuerySchema)) q: z.output<typeof IntakeQuerySchema>,
  ) {
    return this.views.render(req, 'intake', toIntakeView((await this.arrived()).samples, q.show === 'all'));
  }

  @FormPost('sync', LAB_STAFF)
  async pull(@CurrentActor() actor: Actor): Promise<FormOutcome> {
    return { ...syncOutcome(await this.sync.sync(actor.username)), url: '/intake' };
  }

  @FormPost('lab-ids', LAB_STAFF)
  async giveLabIds(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidationPipe(IntakeFormSchema)) form: IntakeForm,
  ): Promise<FormOutcome> {
    const arrived = (await this.arrived()).samples;
    const byId = new Map(arrived.map((s) => [s.id, s]));
    const byRef = new Map(arrived.flatMap((s) => [[s.labSampleId, s] as const, ...(s.uid ? [[s.uid, s] as const] : [])]));
    const wanted = new Map<string, string>();
    for (const [id, labSampleId] of Object.entries(form.ids ?? {})) {
      if (labSampleId.trim() === '') continue;
      if (!byId.has(id)) throw new InvalidInput('ids', `sample ${id} is not among the arrived samples`);
      wanted.set(id, labSampleId.trim());
    }
    const pasted = parsePastedLabIds(form.pasted ?? '');
    const unknown = pasted.rows
      .filter((r) => !byRef.has(r.ref))
      .map((r) => `line ${r.line}: no arrived sample has UID or id ${r.ref}`);
    const lineOf = (p: string) => Number(/^line (\d+)/.exec(p)?.[1] ?? 0);
    const problems = [...pasted.problems, ...unknown].sort((a, b) => lineOf(a) - lineOf(b));
    if (problems.length) throw new InvalidInput('pasted', `${problems.join('; ')}. Nothing was changed.`);
    for (const r of pasted.rows) wanted.set(byRef.get(r.ref)!.id, r.labSampleId);

    const changes = [...wanted.entries()]
      .filter(([id, labSampleId]) => byId.get(id)!.labSampleId !== labSampleId)
      .map(([id, labSampleId]) => ({ id, labSampleId }));
    if (changes.length === 0)
      return {
        url: '/intake',
        flash: {
          kind: 'error',
          text: 'No lab sample ID was given or changed: type them in the table or paste a two-column list.',
        },
      };
    const changed = await this.samples.assignLabIds(actor, AssignLabIdsSchema.parse({ samples: changes }));
    const left = arrived.filter((s) => !wanted.has(s.id) && !hasLabId(s)).length;
    return {
      url: '/intake',
      flash: {
        kind: 'success',
        text: `Gave ${changed.length} sample(s) their lab sample IDs: ${changed
          .map((s) => s.labSampleId)
          .sort()
          .join(', ')}.${left ? ` ${left} arrived sample(s) still have none.` : ''}`,
      },
    };
  }
}
