import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { HealthProbe, type HealthProbeReport } from '../../support/health-probe';
import { HOSTILE_SAMPLES } from '../../generators/hostile/spreadsheets';
import { registerSamples } from '../../support/lab-setup';
import { startTestApp, type TestApp } from '../../support/test-app';

/** What "nothing was stored" is checked against: the rows every import path could write. */
export interface StoredCounts {
  samples: number;
  resultSets: number;
  results: number;
  imported: number;
  rejected: number;
  sourceFiles: number;
}

export async function storedCounts(t: TestApp): Promise<StoredCounts> {
  const count = async (from: string) =>
    Number(((await t.sql(`select count(*) as n from ${from}`)) as Array<{ n: number | string }>)[0].n);
  return {
    samples: await count('samples'),
    resultSets: await count('result_sets'),
    results: await count('results'),
    imported: await count("imports where status = 'imported'"),
    rejected: await count("imports where status = 'rejected'"),
    sourceFiles: await count('source_files'),
  };
}

/** Every regular file under `dir`, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

/** The files of the content-addressed store: `uploads/<first two hex digits>/<sha256>` and nothing else. */
export function storedUploads(dataDir: string): string[] {
  return filesUnder(path.join(dataDir, 'uploads')).sort();
}

/**
 * Samples the whole process's resident set size from a worker thread, so the peak is seen even while
 * the main thread is busy inside a synchronous parser (SheetJS) that no timer on the main thread interrupts.
 */
export class RssSampler {
  private readonly worker: Worker;
  private readonly shared = new BigInt64Array(new SharedArrayBuffer(8));

  private constructor() {
    this.worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const peak = workerData;
       setInterval(() => {
         const rss = BigInt(process.memoryUsage.rss());
         if (rss > Atomics.load(peak, 0)) Atomics.store(peak, 0, rss);
       }, 5);`,
      { eval: true, workerData: this.shared },
    );
    this.worker.unref();
  }

  static start(): RssSampler {
    return new RssSampler();
  }

  /** Runs `work`; returns its result, how long it took and how far RSS rose above where it started. */
  async measure<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; rssGrowthMb: number }> {
    const start = process.memoryUsage.rss();
    Atomics.store(this.shared, 0, BigInt(start));
    const started = performance.now();
    const value = await work();
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const peak = Number(Atomics.load(this.shared, 0));
    return { value, ms, rssGrowthMb: Math.max(0, peak - start) / (1024 * 1024) };
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Runs `work` while a HealthProbe asks the service (which must be listening) for /health. */
export async function probingHealth<T>(
  healthUrl: string,
  work: () => PromiseLike<T>,
): Promise<{ value: T; health: HealthProbeReport }> {
  const probe = HealthProbe.start(healthUrl);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const outcome = await Promise.resolve(work()).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const health = await probe.stop();
  if (!outcome.ok) throw outcome.error;
  return { value: outcome.value, health };
}

/** The app served on a free port with the hostile files' samples registered: a technician's token and /health to probe. */
export async function startProbedApp(env: Record<string, string> = {}): Promise<{ t: TestApp; tech: string; healthUrl: string }> {
  const t = await startTestApp(env);
  await t.app.listen(0, '127.0.0.1');
  const healthUrl = `${await t.app.getUrl()}/health`;
  const tech = await t.userToken('tara.tech', 'technician');
  await registerSamples(
    t.http,
    tech,
    HOSTILE_SAMPLES.map((labSampleId) => ({ labSampleId })),
  );
  return { t, tech, healthUrl };
}
