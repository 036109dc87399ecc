import { Worker } from 'node:worker_threads';
import { PDF_DOCUMENT_OPTIONS, PDF_TEXT_CONTENT_OPTIONS, PDF_TEXT_WORKER_SOURCE } from './pdf-text.worker-source';

/** One page of positioned text as the worker reports it (see `PdfPageText`). */
export interface WorkerPage {
  page: number;
  width: number;
  height: number;
  items: Array<{ str: string; x: number; y: number; width: number; size: number; font?: string }>;
}

export type WorkerAnswer = { ok: true; pages: WorkerPage[] } | { ok: false; name: string; message: string };

export interface ReadJob {
  bytes: Uint8Array;
  maxPages: number;
  timeoutMs: number;
  /** How far the process's resident memory may grow while this job runs. */
  maxGrowthBytes: number;
  /**
   * Called with each page as soon as a reader has it (pages of a shared read arrive in any order). Once it
   * throws it is not called again; every page is still in the answer.
   */
  onPage?: (page: WorkerPage) => void;
}

/** How a job ended: the worker's answer, or why the worker was stopped. */
export type ReadOutcome =
  | { kind: 'answer'; answer: WorkerAnswer }
  | { kind: 'timeout' }
  | { kind: 'memory' }
  | { kind: 'heap' }
  | { kind: 'crashed'; message: string };

/** How often a job's memory is looked at; pdf.js inflates a few tens of MB in that time. */
const WATCH_EVERY_MS = 20;
/** An idle worker is stopped after this long, so a quiet service holds no reader. */
const IDLE_MS = 10_000;
/** A worker is replaced after this many files, so nothing pdf.js keeps between documents can pile up. */
const RECYCLE_AFTER = 100;

interface Slot {
  worker: Worker;
  jobs: number;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Worker threads that read PDFs, at most `size` at once (one per core), kept between files: starting a
 * worker and loading pdf.js into it costs several times what reading a certificate does. A worker that
 * times out, outgrows the memory budget or its heap, or crashes is stopped and replaced; jobs beyond
 * `size` wait their turn, and their time limit starts when they do.
 */
export class PdfReaderPool {
  private readonly idle: Slot[] = [];
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private nextId = 1;

  constructor(
    private readonly heapMb: number,
    private readonly size: number,
    private readonly pdfParsePath: string,
  ) {}

  /**
   * Reads a document. A read that finds more than one reader free shares the pages among them: each loads the
   * document and takes the next unread page from a counter they share until none is left, so a certificate
   * read on its own uses every core, while reads arriving together take one reader each. The first reader
   * that fails decides the outcome.
   */
  async read(job: ReadJob): Promise<ReadOutcome> {
    await this.acquire();
    let readers = 1;
    while (readers < this.size && this.tryAcquire()) readers++;
    const nextPage = new SharedArrayBuffer(4);
    const outcomes = await Promise.all(
      Array.from({ length: readers }, (_, i) => this.readShare(job, nextPage, i === readers - 1)),
    );
    return combine(outcomes);
  }

  private async readShare(job: ReadJob, nextPage: SharedArrayBuffer, last: boolean): Promise<ReadOutcome> {
    try {
      const slot = this.idle.pop() ?? this.spawn();
      clearTimeout(slot.idleTimer);
      // Every reader but the last gets its own copy: the bytes are moved, not copied, into a worker.
      const outcome = await this.run(slot, { ...job, bytes: last ? job.bytes : job.bytes.slice() }, nextPage);
      if (outcome.kind === 'answer' && slot.jobs < RECYCLE_AFTER) this.park(slot);
      else void slot.worker.terminate();
      return outcome;
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.running < this.size) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Takes a free place only if nobody is waiting for one. */
  private tryAcquire(): boolean {
    if (this.running >= this.size || this.waiting.length > 0) return false;
    this.running++;
    return true;
  }

  /** The place passes straight to the next job in line, so a job arriving meanwhile cannot take it too. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  private spawn(): Slot {
    const worker = new Worker(PDF_TEXT_WORKER_SOURCE, {
      eval: true,
      workerData: {
        pdfParsePath: this.pdfParsePath,
        documentOptions: PDF_DOCUMENT_OPTIONS,
        textContentOptions: PDF_TEXT_CONTENT_OPTIONS,
      },
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
      // The reader is plain JavaScript: a preload the service runs under (ts-node) would only slow its start.
      execArgv: [],
    });
    // An idle reader must not keep the process alive; a running job keeps it alive through its timers.
    worker.unref();
    const slot: Slot = { worker, jobs: 0 };
    // A reader that dies while parked is forgotten, so no job is handed to it.
    worker.once('exit', () => {
      const at = this.idle.indexOf(slot);
      if (at >= 0) this.idle.splice(at, 1);
      clearTimeout(slot.idleTimer);
    });
    return slot;
  }

  private park(slot: Slot): void {
    slot.idleTimer = setTimeout(() => {
      const at = this.idle.indexOf(slot);
      if (at >= 0) this.idle.splice(at, 1);
      void slot.worker.terminate();
    }, IDLE_MS);
    slot.idleTimer.unref();
    this.idle.push(slot);
  }

  private run(slot: Slot, job: ReadJob, nextPage: SharedArrayBuffer): Promise<ReadOutcome> {
    const id = this.nextId++;
    slot.jobs++;
    return new Promise<ReadOutcome>((resolve) => {
      const { worker } = slot;
      const finish = (outcome: ReadOutcome): void => {
        clearTimeout(timer);
        clearInterval(watch);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(outcome);
      };
      const pages: WorkerPage[] = [];
      let watcher = job.onPage;
      const onMessage = (
        message: ({ ok: true } | Extract<WorkerAnswer, { ok: false }> | { page: WorkerPage }) & { id: number },
      ) => {
        if (message.id !== id) return;
        if ('page' in message) {
          pages.push(message.page);
          if (watcher) {
            try {
              watcher(message.page);
            } catch {
              // Thrown inside an event handler it would stop the process; the page is in the answer all the same.
              watcher = undefined;
            }
          }
          return;
        }
        const { id: _id, ...answer } = message;
        finish({ kind: 'answer', answer: answer.ok ? { ok: true, pages } : answer });
      };
      const onError = (error: Error & { code?: string }) =>
        finish(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { kind: 'heap' } : { kind: 'crashed', message: error.message });
      const onExit = (code: number) => finish({ kind: 'crashed', message: `the reader stopped (exit ${code})` });
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);

      const timer = setTimeout(() => finish({ kind: 'timeout' }), job.timeoutMs);
      // The resident size is the whole process's, so reads running side by side share the budget: a bomb
      // read beside a certificate may cost the certificate its read too, never the service its memory.
      const startRss = process.memoryUsage.rss();
      const watch = setInterval(() => {
        if (process.memoryUsage.rss() - startRss > job.maxGrowthBytes) finish({ kind: 'memory' });
      }, WATCH_EVERY_MS);
      worker.postMessage({ id, bytes: job.bytes, maxPages: job.maxPages, nextPage }, [job.bytes.buffer as ArrayBuffer]);
    });
  }
}

/** One outcome for the whole document: every reader's pages in page order, or the first reader's failure. */
function combine(outcomes: ReadOutcome[]): ReadOutcome {
  if (outcomes.length === 1) return outcomes[0];
  const stopped = outcomes.find((o) => o.kind !== 'answer');
  if (stopped) return stopped;
  const answers = outcomes.map((o) => (o as Extract<ReadOutcome, { kind: 'answer' }>).answer);
  const failed = answers.find((a) => !a.ok);
  if (failed) return { kind: 'answer', answer: failed };
  const pages = answers.flatMap((a) => (a.ok ? a.pages : [])).sort((a, b) => a.page - b.page);
  return { kind: 'answer', answer: { ok: true, pages } };
}
