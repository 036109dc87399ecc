import { SimulatorHost } from '../../src/state-system/biotrack-ny/simulator-host';
import type { RunningSimulator } from '../../src/simulator/biotrack-ny/simulator';
import { inboundTransfer } from '../../test/generators/inbound-transfer';
import { HealthProbe } from '../../test/support/health-probe';
import { startBenchApp, type BenchApp, type DatabaseKind } from '../bench-app';
import { settle } from '../measure';
import { fits, type BenchContext, type Measurement } from '../section';

/**
 * Linear means the time per sample stays flat as the transfer grows. Before the batched sync, each sample's
 * lookup flushed every sample registered before it in the transfer's one transaction: 1,000 samples took 16.5 s,
 * 10,000 over nine minutes, and /health waited 23–39 s for the transfer's transaction.
 */
const MAX_PER_SAMPLE_GROWTH = 1.3;
const MAX_HEALTH_MS = 5000;
const TARGET = `per sample ≤ ${MAX_PER_SAMPLE_GROWTH}× the 1× run's; /health never waits ${MAX_HEALTH_MS / 1000} s`;

const QUICK = process.env.BENCH_QUICK === '1';
const SAMPLES: Record<number, number> = QUICK ? { 1: 16, 4: 64, 16: 256 } : { 1: 250, 4: 1000, 16: 4000 };
const WARM_UP = 20;
const CASE = 'sample sync: one inbound transfer registered, samples';
/** Time per sample on the machine this was written on, before one has been measured. */
const FIRST_ESTIMATE_MS_PER_SAMPLE = 5;

/**
 * Sample sync of a large inbound transfer, over HTTP against the built-in BioTrack simulator (in this process, as
 * `npm start` runs it): a transfer of 1×, 4× and 16× the base samples, each pulled by `POST /api/samples/sync`
 * while a worker thread asks /health every 50 ms.
 */
export async function runSampleSync(ctx: BenchContext, database: DatabaseKind): Promise<Measurement[]> {
  const app = await startBenchApp(database, ctx.postgresBase, { STATE_SYSTEM: 'simulator' });
  const out: Measurement[] = [];
  try {
    const sim = app.get(SimulatorHost).simulator;
    if (!sim) throw new Error('the service did not start its simulator');
    await simPost(sim, '/_sim/reset', { seed: 'empty' });
    let next = 1;
    let transferId = 8000;
    const pull = async (samples: number) => {
      await simPost(sim, '/_sim/transfers', inboundTransfer((transferId += 1), next, samples));
      next += samples;
      return pullMeasured(app, samples);
    };
    await pull(WARM_UP);
    let msPerSample = FIRST_ESTIMATE_MS_PER_SAMPLE;
    for (const scale of [1, 4, 16]) {
      const samples = SAMPLES[scale];
      const row = { section: 'sample-sync', case: CASE, database, scale, work: samples, unit: 'samples', target: TARGET };
      if (!fits(ctx, msPerSample * samples)) {
        out.push({
          ...row,
          ms: NaN,
          note: `skipped: projected ${Math.round((msPerSample * samples) / 1000)} s would pass the budget`,
        });
        continue;
      }
      settle();
      const run = await pull(samples);
      msPerSample = run.ms / samples;
      const base = out.find((m) => m.scale === 1 && !Number.isNaN(m.ms));
      const growth = base ? msPerSample / (base.ms / base.work) : 1;
      out.push({
        ...row,
        ms: run.ms,
        rate: samples / (run.ms / 1000),
        met: growth <= MAX_PER_SAMPLE_GROWTH && run.slowestHealthMs < MAX_HEALTH_MS && run.healthFailures === 0,
        note: `per sample ${growth.toFixed(2)}× the 1× run's; /health answered ${run.healthAnswered} times, slowest ${Math.round(run.slowestHealthMs)} ms, ${run.healthFailures} failed`,
      });
      ctx.log(`  ${samples} samples in ${(run.ms / 1000).toFixed(1)} s (${growth.toFixed(2)}× per sample)`);
    }
  } finally {
    await app.close();
  }
  return out;
}

async function pullMeasured(
  app: BenchApp,
  samples: number,
): Promise<{ ms: number; healthAnswered: number; healthFailures: number; slowestHealthMs: number }> {
  const probe = HealthProbe.start(`${app.baseUrl}/health`);
  const started = performance.now();
  const res = await fetch(`${app.baseUrl}/api/samples/sync`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.techToken}` },
  });
  const ms = performance.now() - started;
  const health = await probe.stop();
  const body = (await res.json()) as { registered?: unknown[]; problems?: unknown[] };
  if (res.status !== 200 || body.registered?.length !== samples || body.problems?.length)
    throw new Error(`the sync did not register the ${samples} samples: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  return { ms, healthAnswered: health.answered, healthFailures: health.failures, slowestHealthMs: health.slowestMs };
}

async function simPost(sim: RunningSimulator, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`the simulator refused ${path}: ${res.status} ${await res.text()}`);
}
