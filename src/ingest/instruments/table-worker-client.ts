import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParsedBatch } from '../parsed-batch';
import type { Detection, ParseContext, SourceFileInput } from '../source-adapter';
import type { ImportRejected } from '../import-rejected.error';
import { receiveError, type TableAnswer, type TableJob, type TableWorkerData } from './table-worker-protocol';

type JobBody = TableJob extends infer J ? (J extends TableJob ? Omit<J, 'id'> : never) : never;

/**
 * One worker thread that reads instrument tables and runs the template pass, kept for the service's life: the
 * worker keeps the table it read between `detect` and `parse` of one file, and starting one costs a few hundred
 * ms (seconds from TypeScript source), so the service starts it ahead (`warm`). Jobs run one at a time in arrival
 * order. A worker that crashes is replaced on the next job.
 */
export class TableWorker {
  private worker?: Worker;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  constructor(private readonly data: TableWorkerData) {}

  /** The templates that fit, and when none does, why. */
  detect(file: SourceFileInput): Promise<{ detections: Detection[]; rejection?: ImportRejected }> {
    return this.run({ op: 'detect', file: sent(file) }).then((a) => {
      if (a.op !== 'detect') throw new Error(`the table worker answered ${a.op} to detect`);
      return { detections: a.detections, rejection: a.rejection && (receiveError(a.rejection) as ImportRejected) };
    });
  }

  parse(file: SourceFileInput, ctx: ParseContext & { template: string }): Promise<ParsedBatch> {
    return this.run({ op: 'parse', file: sent(file), ctx }).then((a) => {
      if (a.op !== 'parse') throw new Error(`the table worker answered ${a.op} to parse`);
      return a.batch;
    });
  }

  /**
   * Starts the worker and waits until it has loaded the engine (an empty file's detection is its first job), so
   * neither the first large file nor anything else running at start-up shares the CPU with that load.
   */
  async warm(): Promise<void> {
    await this.run({ op: 'detect', file: { name: 'warm-up', bytes: new Uint8Array(0), sha256: 'warm-up' } }).catch(
      () => undefined,
    );
  }

  /** Stops the worker once the jobs already queued are done (its replacement takes new ones). */
  async retire(): Promise<void> {
    await this.queue;
    await this.stop();
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private run(body: JobBody): Promise<Extract<TableAnswer, { ok: true }>> {
    const result = this.queue.then(() => this.send(body));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private send(body: JobBody): Promise<Extract<TableAnswer, { ok: true }>> {
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        // An idle worker does not keep the process alive.
        worker.unref();
      };
      const onMessage = (answer: TableAnswer) => {
        if (answer.id !== id) return;
        finish();
        if (answer.ok) resolve(answer);
        else reject(receiveError(answer.error));
      };
      const onError = (error: Error) => {
        this.forget(worker);
        finish();
        reject(new Error(`the table reader failed: ${error.message}`));
      };
      const onExit = (code: number) => {
        this.forget(worker);
        finish();
        reject(new Error(`the table reader stopped (exit ${code})`));
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      // A running job keeps the process alive; an idle worker does not (see `spawn`).
      worker.ref();
      worker.postMessage({ id, ...body });
    });
  }

  private spawn(): Worker {
    const entry = path.join(__dirname, `table-worker${path.extname(__filename)}`);
    // From source (Jest, ts-node) the worker compiles the engine as it loads it; the build's worker is plain JavaScript.
    const worker = entry.endsWith('.ts')
      ? new Worker(`require('ts-node/register/transpile-only'); require(${JSON.stringify(entry)});`, {
          eval: true,
          workerData: this.data,
          execArgv: [],
        })
      : new Worker(entry, { workerData: this.data, execArgv: [] });
    worker.unref();
    return worker;
  }

  private forget(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
  }
}

/** A copy of the bytes: the upload's Buffer may share memory with others and stays in use here. */
function sent(file: SourceFileInput) {
  return { name: file.name, bytes: new Uint8Array(file.bytes), sha256: file.sha256, mimeType: file.mimeType };
}
