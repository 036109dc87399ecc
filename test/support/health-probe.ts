import { Worker } from 'node:worker_threads';

export interface HealthProbeReport {
  answered: number;
  failures: number;
  slowestMs: number;
}

/**
 * Asks `GET /health` every 50 ms from a worker thread, as a monitor outside the service would: a request
 * waits for the service's event loop however long it is held, and its latency is measured on the worker's own.
 * `url` is the listening service's address. Each request gives up after `timeoutMs` and counts as a failure.
 */
export class HealthProbe {
  private readonly worker: Worker;
  private readonly report: Promise<HealthProbeReport>;

  private constructor(url: string, timeoutMs: number) {
    this.worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const report = { answered: 0, failures: 0, slowestMs: 0 };
       let stop = false;
       parentPort.on('message', () => { stop = true; });
       (async () => {
         while (!stop) {
           const started = performance.now();
           try {
             const res = await fetch(workerData.url, { signal: AbortSignal.timeout(workerData.timeoutMs) });
             await res.arrayBuffer();
             if (res.status === 200) report.answered += 1; else report.failures += 1;
           } catch {
             report.failures += 1;
           }
           report.slowestMs = Math.max(report.slowestMs, performance.now() - started);
           await new Promise((resolve) => setTimeout(resolve, 50));
         }
         parentPort.postMessage(report);
       })();`,
      { eval: true, workerData: { url, timeoutMs } },
    );
    this.report = new Promise((resolve, reject) => {
      this.worker.once('message', resolve);
      this.worker.once('error', reject);
    });
  }

  static start(url: string, timeoutMs = 60_000): HealthProbe {
    return new HealthProbe(url, timeoutMs);
  }

  /** Stops asking (after the request in flight) and returns what it saw. */
  async stop(): Promise<HealthProbeReport> {
    this.worker.postMessage('stop');
    const report = await this.report;
    await this.worker.terminate();
    return report;
  }
}
