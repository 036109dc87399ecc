import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import { Conflict, InvalidInput, NotFound } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { ImportRejected } from '../ingest/import-rejected.error';
import { InstrumentTemplateSchema, type InstrumentTemplate } from '../ingest/instruments/instrument-template.schema';
import { InstrumentSourceAdapter } from '../ingest/instruments/instrument.adapter';
import { fileGrid, previewTemplate } from '../ingest/instruments/proposal/proposal-preview';
import { NoTableFound, proposeTemplate, type ProposalChoices } from '../ingest/instruments/proposal/propose-template';
import { readTableFile } from '../ingest/instruments/read-table';
import { matchTemplate } from '../ingest/instruments/template-detection';
import { LabInstrumentTemplate } from './lab-instrument-template.entity';

const RELOAD_INTERVAL = 'lab-instrument-templates-reload';
const RELOAD_CHECK_MS = 30_000;

export interface LabTemplateView {
  id: string;
  version: number;
  retired: boolean;
  createdBy: string;
  createdAt: string;
  template: InstrumentTemplate;
}

/** The upload's prep data and unit, used only for the preview. */
export interface PreviewContext {
  unit?: string;
  mass?: string;
  volume?: string;
  dilution?: string;
}

/**
 * The lab's own instrument templates: proposed from an example export, saved (versioned, audited) beside the
 * built-in files, detected from then on, exported as JSON and retired. A built-in template id is never taken.
 */
@Injectable()
export class InstrumentTemplatesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InstrumentTemplatesService.name);
  /** What was last loaded: the number of template versions and the newest one (versions are only ever added). */
  private loaded = '';

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly adapter: InstrumentSourceAdapter,
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Before the service answers: the worker for large files is loaded with the lab's templates.
    await this.reload({ waitForWorker: true });
    // Another instance sharing the database may save or retire a template: look for new versions now and then.
    const timer = setInterval(() => void this.reloadIfChanged(), RELOAD_CHECK_MS);
    timer.unref();
    this.scheduler.addInterval(RELOAD_INTERVAL, timer);
  }

  onModuleDestroy(): void {
    if (this.scheduler.doesExist('interval', RELOAD_INTERVAL)) this.scheduler.deleteInterval(RELOAD_INTERVAL);
  }

  /** Loads the templates again when their versions changed since the last load (another instance saved one). */
  async reloadIfChanged(): Promise<void> {
    try {
      if ((await this.fingerprint()) !== this.loaded) await this.reload();
    } catch (error) {
      this.logger.warn(`could not look for new lab templates: ${(error as Error).message}`);
    }
  }

  private async fingerprint(): Promise<string> {
    const em = this.em.fork();
    const count = await em.count(LabInstrumentTemplate, {});
    const [newest] = await em.find(LabInstrumentTemplate, {}, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 1 });
    return `${count}:${newest?.id ?? ''}`;
  }

  /** Loads the latest version of every live lab template into the instrument adapter. */
  async reload(options: { waitForWorker?: boolean } = {}): Promise<void> {
    const fingerprint = await this.fingerprint();
    const live = (await this.latest()).filter((row) => !row.retired);
    const templates: InstrumentTemplate[] = [];
    for (const row of live) {
      const parsed = InstrumentTemplateSchema.safeParse(row.definition);
      if (parsed.success) templates.push(parsed.data);
      else this.logger.error(`lab template ${row.templateId} v${row.version} no longer validates and is not used`);
    }
    const warmed = this.adapter.useLabTemplates(templates);
    this.loaded = fingerprint;
    if (options.waitForWorker) await warmed;
    else void warmed;
  }

  /** The lab's templates (latest version of each, retired ones included) and the built-in ones. */
  async list(): Promise<{
    lab: Array<Omit<LabTemplateView, 'template'> & { title: string; instrument: string }>;
    builtIn: unknown[];
  }> {
    const lab = (await this.latest()).map((row) => {
      const view = toView(row);
      return {
        id: view.id,
        version: view.version,
        retired: view.retired,
        createdBy: view.createdBy,
        createdAt: view.createdAt,
        title: view.template.title,
        instrument: view.template.instrument,
      };
    });
    const builtIn = this.adapter.listTemplates().filter((t) => this.adapter.isBuiltIn(t.id));
    return { lab, builtIn };
  }

  async get(id: string, version?: number): Promise<LabTemplateView> {
    const row = await this.em
      .fork()
      .findOne(LabInstrumentTemplate, version === undefined ? { templateId: id } : { templateId: id, version }, {
        orderBy: { version: 'desc' },
      });
    if (!row) throw new NotFound('instrument template', version === undefined ? id : `${id} v${version}`);
    return toView(row);
  }

  /**
   * A proposed template for an export, with what the real engine would import with it, the first rows of the
   * file, and which templates in use already read the file.
   */
  propose(file: { name: string; bytes: Buffer }, choices: ProposalChoices, prep: PreviewContext) {
    const limits = {
      maxRows: this.config.limits.importMaxRows,
      maxCells: 10_000_000,
      maxUncompressedBytes: this.config.limits.importMaxUncompressedBytes,
    };
    const table = readTableFile(file.bytes, limits);
    let proposal;
    try {
      proposal = proposeTemplate(table, file.name, choices);
    } catch (error) {
      if (error instanceof NoTableFound)
        throw new ImportRejected(error.reason, { code: 'no_table', expected: 'a table with a header row and rows of results' });
      throw error;
    }
    const source = { name: file.name, bytes: file.bytes, sha256: createHash('sha256').update(file.bytes).digest('hex') };
    const ctx = {
      ...(prep.unit ? { defaultUnit: prep.unit } : {}),
      prep: {
        ...(prep.mass ? { mass: prep.mass } : {}),
        ...(prep.volume ? { volume: prep.volume } : {}),
        ...(prep.dilution ? { dilution: prep.dilution } : {}),
      },
    };
    const preview = proposal.template ? previewTemplate(source, table, proposal.template, ctx) : null;
    const fits = this.adapter
      .allTemplates()
      .filter((t) => matchTemplate(table, t).ok)
      .map((t) => ({ id: t.id, title: t.title, builtIn: this.adapter.isBuiltIn(t.id) }));
    const { template, ...explanation } = proposal;
    return {
      template,
      preview,
      proposal: explanation,
      grid: fileGrid(table, proposal.layout.sheet, proposal.layout.headerRow),
      fits,
    };
  }

  async create(actor: string, input: unknown): Promise<LabTemplateView> {
    return this.save(actor, input, 'create');
  }

  async update(actor: string, id: string, input: unknown): Promise<LabTemplateView> {
    const template = validate(input);
    if (template.id !== id) throw new InvalidInput('id', `the body is template "${template.id}", the path "${id}"`);
    return this.save(actor, template, 'update');
  }

  async retire(actor: string, id: string): Promise<LabTemplateView> {
    const view = await this.writeVersion(actor, id, 'retire', (previous) => {
      if (!previous) throw new NotFound('instrument template', id);
      if (previous.retired) throw new Conflict(`instrument template "${id}" is already retired`);
      return { definition: previous.definition, retired: true };
    });
    await this.reload();
    return view;
  }

  private async save(actor: string, input: unknown, mode: 'create' | 'update'): Promise<LabTemplateView> {
    const template = validate(input);
    if (this.adapter.isBuiltIn(template.id))
      throw new Conflict(`"${template.id}" is a built-in template: a lab template needs an id of its own`);
    const view = await this.writeVersion(actor, template.id, mode, (previous) => {
      if (mode === 'create' && previous)
        throw new Conflict(
          `instrument template "${template.id}" exists (version ${previous.version}); change it with PUT /api/instrument-templates/${template.id}`,
        );
      if (mode === 'update' && !previous) throw new NotFound('instrument template', template.id);
      return { definition: template as unknown as Record<string, unknown>, retired: false };
    });
    await this.reload();
    return view;
  }

  private async writeVersion(
    actor: string,
    id: string,
    mode: 'create' | 'update' | 'retire',
    next: (previous: LabInstrumentTemplate | null) => { definition: Record<string, unknown>; retired: boolean },
  ): Promise<LabTemplateView> {
    try {
      return await this.em.fork().transactional(async (em) => {
        const previous = await em.findOne(LabInstrumentTemplate, { templateId: id }, { orderBy: { version: 'desc' } });
        const { definition, retired } = next(previous);
        const version = (previous?.version ?? 0) + 1;
        const row = new LabInstrumentTemplate(id, version, { ...definition, version: String(version) }, actor, retired);
        em.persist(row);
        await this.audit.record(em, {
          actor,
          action: {
            create: 'instrument_template.created',
            update: 'instrument_template.changed',
            retire: 'instrument_template.retired',
          }[mode],
          entityType: 'instrument_template',
          entityId: row.id,
          before: previous
            ? { id, version: previous.version, retired: previous.retired, definition: previous.definition }
            : undefined,
          after: { id, version, retired, definition: row.definition },
        });
        return toView(row);
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException)
        throw new Conflict(`instrument template "${id}" was changed at the same time; try again`);
      throw e;
    }
  }

  private async latest(): Promise<LabInstrumentTemplate[]> {
    const rows = await this.em.fork().find(LabInstrumentTemplate, {}, { orderBy: { templateId: 'asc', version: 'desc' } });
    const latest = new Map<string, LabInstrumentTemplate>();
    for (const row of rows) if (!latest.has(row.templateId)) latest.set(row.templateId, row);
    return [...latest.values()];
  }
}

function validate(input: unknown): InstrumentTemplate {
  const parsed = InstrumentTemplateSchema.safeParse(input);
  if (!parsed.success)
    throw new InvalidInput(
      'template',
      parsed.error.issues
        .map((i) => `$${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`)
        .join('; '),
    );
  return parsed.data;
}

function toView(row: LabInstrumentTemplate): LabTemplateView {
  return {
    id: row.templateId,
    version: row.version,
    retired: row.retired,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    template: InstrumentTemplateSchema.parse(row.definition),
  };
}
