import { ImportRejected } from '../import-rejected.error';
import type { ParsedBatch } from '../parsed-batch';
import type { Detection, ParseContext, SourceAdapter, SourceFileInput } from '../source-adapter';
import { InstrumentJobs } from './instrument-jobs';
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
 * registers it under `SOURCE_ADAPTERS`. The file is read once and reused between `detect` and `parse`;
 * files of `workerMinBytes` and more are read and parsed in a worker thread, so a large file never holds
 * the event loop.
 */
export class InstrumentSourceAdapter implements SourceAdapter {
  readonly kind = 'instrument' as const;
  private jobs: InstrumentJobs;
  private worker: TableWorker;
  private templates: InstrumentTemplate[];
  private labTemplatesKey = '[]';
  /** Why the last file read in the worker fitted no template, kept for `explainRejection`. */
  private lastRejection?: { sha256: string; size: number; rejection: ImportRejected };

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

  /** Empty when the file is not a readable table or no template's signature fits (use `explainRejection` for why). */
  async detect(file: SourceFileInput): Promise<Detection[]> {
    if (!this.offThread(file)) return this.jobs.detect(file);
    const { detections, rejection } = await this.worker.detect(file);
    this.lastRejection = rejection && { sha256: file.sha256, size: file.bytes.length, rejection };
    return detections;
  }

  hasTemplate(template: string): boolean {
    return this.templates.some((t) => t.id === template);
  }

  async parse(file: SourceFileInput, ctx: ParseContext & { template: string }): Promise<ParsedBatch> {
    if (!this.hasTemplate(ctx.template))
      throw new ImportRejected(`unknown instrument template "${ctx.template}"`, {
        template: ctx.template,
        expected: `one of ${this.templates.map((t) => t.id).join(', ')}`,
        code: 'unknown_template',
      });
    return this.offThread(file) ? this.worker.parse(file, ctx) : this.jobs.parse(file, ctx);
  }

  /** Why no template was detected: the read error (empty, corrupt, too large, not a table) or each template's unmet requirement. */
  explainRejection(file: SourceFileInput): ImportRejected {
    const kept = this.lastRejection;
    this.lastRejection = undefined;
    if (kept && kept.sha256 === file.sha256 && kept.size === file.bytes.length) return kept.rejection;
    return this.jobs.explain(file);
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
