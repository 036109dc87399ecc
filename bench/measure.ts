import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

/**
 * Samples the process's resident set size every 5 ms from a worker thread, so the peak is caught even
 * while the main thread is inside a long synchronous step (a parser) that no main-thread timer interrupts.
 */
export class PeakRss {
  private readonly peak = new BigInt64Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(
      `const { workerData: peak } = require('node:worker_threads');
       setInterval(() => {
         const rss = BigInt(process.memoryUsage.rss());
         if (rss > Atomics.load(peak, 0)) Atomics.store(peak, 0, rss);
       }, 5);`,
      { eval: true, workerData: this.peak },
    );
    this.worker.unref();
  }

  /** Runs `work`; returns its value, wall time, the RSS when it started and the highest seen while it ran (MB). */
  async measure<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; startRssMb: number; peakRssMb: number }> {
    const start = process.memoryUsage.rss();
    Atomics.store(this.peak, 0, BigInt(start));
    const started = performance.now();
    const value = await work();
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
    return { value, ms, startRssMb: mb(start), peakRssMb: mb(Number(Atomics.load(this.peak, 0))) };
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Wall-clock milliseconds of `run`. */
export async function timed<T>(run: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

/** The median of `runs` timings of `run`, after one warm-up run: how a floor is taken. */
export async function medianMs(runs: number, run: () => Promise<unknown> | unknown): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    settle();
    times.push((await timed(run)).ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Collects garbage between measurements when Node runs with --expose-gc (`npm run bench` does). */
export function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function mb(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}

/** The resident size of a bare Node process on this machine: what any service starts from. */
export function bareNodeRssMb(): number {
  const out = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.memoryUsage.rss()))'], {
    encoding: 'utf8',
  });
  return mb(Number(out.stdout));
}

/**
 * The service's resident size at the peak of a step, as an upper estimate from inside the bench process:
 * a bare Node process, plus everything the process gained since before it loaded the service (the
 * service's code and data, and the bench's inputs and floor libraries besides). What ts-node and the
 * bench held before that is left out. Memory an earlier step freed but the process kept counts again.
 */
export function serviceRssMb(memory: { bareNodeRssMb: number; harnessRssMb: number }, step: { peakRssMb: number }): number {
  return memory.bareNodeRssMb + Math.max(0, step.peakRssMb - memory.harnessRssMb);
}
