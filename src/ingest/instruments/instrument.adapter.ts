import { startsWithPdfHeader } from '../file-kind';
import { ImportRejected } from '../import-rejected.error';
import type { ParsedBatch } from '../parsed-batch';
import type { Detection, OpenedFile, ParseContext, SourceAdapter, SourceFileInput } from '../source-adapter';
import { InstrumentJobs, type TableRead } from './instrument-jobs';
import type { InstrumentTemplate } from './instrument-template.schema';
import type { ReadLimits } from './table-file';
import { TableWorker } from './table-worker-client';

/**
 * Files from this size up are read and parsed in a worker thread. Below it the work takes less time on the
 * event loop than starting a worker does; the common export of a few KB never pays for one.
 */
export const DEFAULT_WORKER_MIN_BYTES = 64 * 1024;

/**
 * The instrument-export source adapter: one engine, many JSON templates. Plain class; the Nest module
 * registers it under `SOURCE_ADAPTERS`. An opened file is read once for its detection and parse; files of
 * `workerMinBytes` and more are read and parsed in a worker thread, so a large file never holds the event loop.
 */
export class InstrumentSourceAdapter implements SourceAdapter {
  readonly kind = 'instrument' as const;
  private jobs: InstrumentJobs;
  private worker: TableWorker;
  private templates: InstrumentTemplate[];
  private labTemplatesKey = '[]';

  constructor(
    private readonly builtIn: InstrumentTemplate[],
    private readonly limits: ReadLimits,
    private readonly workerMinBytes = DEFAULT_WORKER_MIN_BYTES,
  ) {
    this.templates = builtIn;
    this.jobs = new InstrumentJobs(builtIn, limits);
    this.worker = new TableWorker({ templates: builtIn, limits });
  }

  /**
   * The lab's own templates (taught on the teach page) beside the built-in files, replacing the previous list.
   * The worker reading large files is replaced too, once the jobs it holds are done; the promise resolves when the
   * new one has loaded.
   */
  useLabTemplates(lab: InstrumentTemplate[]): Promise<void> {
    const key = JSON.stringify(lab);
    // The same list again (start-up with none, a reload that found no change) keeps the warm worker.
    if (key === this.labTemplatesKey) return Promise.resolve();
    this.labTemplatesKey = key;
    this.templates = [...this.builtIn, ...lab];
    this.jobs = new InstrumentJobs(this.templates, this.limits);
    const previous = this.worker;
    this.worker = new TableWorker({ templates: this.templates, limits: this.limits });
    void previous.retire();
    return Number.isFinite(this.workerMinBytes) ? this.worker.warm() : Promise.resolve();
  }

  isBuiltIn(template: string): boolean {
    return this.builtIn.some((t) => t.id === template);
  }

  /** Every template in use (built-in and the lab's), for the teach page's "already fits" check. */
  allTemplates(): InstrumentTemplate[] {
    return this.templates;
  }

  /** Nest awaits it at start: the worker has loaded before the service answers its first request. */
  async onModuleInit(): Promise<void> {
    if (Number.isFinite(this.workerMinBytes)) await this.worker.warm();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.stop();
  }

  /** Nothing is read until asked: a file imported before is answered without reading it. */
  open(file: SourceFileInput): OpenedFile {
    return this.offThread(file) ? this.openInWorker(file) : this.openHere(file);
  }

  /** Empty when the file is not a readable table or no template's signature fits (`explainRejection` says why). */
  detect(file: SourceFileInput): Promise<Detection[]> {
    return this.open(file).detections();
  }

  hasTemplate(template: string): boolean {
    return this.templates.some((t) => t.id === template);
  }

  parse(file: SourceFileInput, ctx: ParseContext & { template: string }): Promise<ParsedBatch> {
    return this.open(file).parse(ctx);
  }

  /** Why no template was detected: the read error (empty, corrupt, too large, not a table) or each template's unmet requirement. */
  explainRejection(file: SourceFileInput): Promise<ImportRejected> {
    return this.open(file).explain();
  }

  private openHere(file: SourceFileInput): OpenedFile {
    let read: TableRead | undefined;
    const table = () => (read ??= this.jobs.read(file));
    return {
      detections: async () => this.jobs.detect(file, table()),
      parse: async (ctx) => {
        this.checkTemplate(ctx.template);
        const held = table();
        // Parsing is the last use: a 100,000-row table must not stay in memory while the rows are normalized.
        read = undefined;
        return this.jobs.parse(file, ctx, held);
      },
      explain: async () => this.jobs.explain(file, table()),
      ofItsKind: isExport(file),
    };
  }

  /** The worker keeps the table between detection and parse; its detection says why when no template fits. */
  private openInWorker(file: SourceFileInput): OpenedFile {
    let detected: ReturnType<TableWorker['detect']> | undefined;
    const detect = () => (detected ??= this.worker.detect(file));
    return {
      detections: async () => (await detect()).detections,
      parse: async (ctx) => {
        this.checkTemplate(ctx.template);
        return this.worker.parse(file, ctx);
      },
      explain: async () => (await detect()).rejection ?? this.jobs.explain(file, this.jobs.read(file)),
      ofItsKind: isExport(file),
    };
  }

  private checkTemplate(template: string): void {
    if (!this.hasTemplate(template))
      throw new ImportRejected(`unknown instrument template "${template}"`, {
        template,
        expected: `one of ${this.templates.map((t) => t.id).join(', ')}`,
        code: 'unknown_template',
      });
  }

  /** Templates for pickers and the admin page. */
  listTemplates(): Array<Pick<InstrumentTemplate, 'id' | 'version' | 'title' | 'instrument' | 'fileKinds'> & { auto: boolean }> {
    return this.templates.map((t) => ({
      id: t.id,
      version: t.version,
      title: t.title,
      instrument: t.instrument,
      fileKinds: t.fileKinds,
      auto: t.match.auto,
    }));
  }

  private offThread(file: SourceFileInput): boolean {
    return file.bytes.length >= this.workerMinBytes;
  }
}

/** Every file but a PDF is taken for an instrument export, so its refusal is this adapter's to explain. */
function isExport(file: SourceFileInput): boolean {
  return !startsWithPdfHeader(file.bytes);
}
