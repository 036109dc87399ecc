import { performance } from 'node:perf_hooks';
import { OutboxWorker } from '../../src/outbox/outbox.worker';
import { Submission } from '../../src/outbox/submission.entity';
import type { SubmissionPayload } from '../../src/outbox/submission-payload';
import type { FaultPlan } from '../../src/simulator/kit/fault-plan';
import { seededRandom } from '../../src/simulator/kit/seeded-random';
import { SIM_LAB, SIM_VENDOR_KEY } from '../../src/simulator/metrc-ny/metrc-sim.state';
import { startMetrcSimulator, type RunningMetrcSimulator } from '../../src/simulator/metrc-ny/metrc-simulator';
import { loadMetrcMapping, mappedTypeNames } from '../../src/state-system/metrc-ny/mapping.loader';
import { startBenchApp, type BenchApp, type DatabaseKind } from '../bench-app';
import { approveInBulk, importDrafts, registerStateSamples, reportingRun, submitInBulk } from '../inputs/approved-sets';
import { inLanes, sleep } from '../lanes';
import {
  REPORTING_LANES as LANES,
  reportWithinBudget,
  reportingMeasurement,
  skippedReporting,
  type ReportingRun,
} from '../reporting-measure';
import { fits, writeInputs, type BenchContext, type Measurement } from '../section';

const QUICK = process.env.BENCH_QUICK === '1';
/** Fewer than BioTrack's thousand: every Metrc set is six calls and a certificate PDF rendered by the service. */
const SETS = QUICK ? 32 : 300;
const FIRST_RUN_ESTIMATE_MS = QUICK ? 20_000 : 90_000;
const SETTLE_TIMEOUT_MS = 300_000;

const FAULTS: FaultPlan = {
  error5xxRate: 0.15,
  rate429: 0.01,
  retryAfterSeconds: 1,
  appliedButErrorRate: 0.03,
  timeoutAfterApplyRate: 0.03,
  latencyMs: [0, 10],
};
const FAULTS_IN_WORDS =
  '15 % 5xx, 1 % 429 (Retry-After 1 s), 3 % applied-but-500, 3 % dropped after the write applied, 0–10 ms latency';
const RUNS: Array<ReportingRun<FaultPlan>> = [
  { kase: 'approved result sets to the Metrc NY simulator, no faults', faults: {} },
  { kase: 'approved result sets to the Metrc NY simulator, with faults', faults: FAULTS, words: FAULTS_IN_WORDS },
];

/**
 * Reporting to Metrc NY: the same imported, submitted and bulk-approved sets as the BioTrack section, sent by the
 * outbox through Metrc's protocol (resolve, check, record with the certificate PDF, read back, release, confirm;
 * METRC_RELEASE=auto) to the Metrc simulator, in this process. The floor is plain fetch sending, per set, the record
 * body the service sent (its certificate included) and the release to a fresh simulator: the two writes the
 * protocol cannot do without. Both runs check that Metrc holds every set recorded and released exactly once.
 */
export async function runReportingMetrc(ctx: BenchContext, database: DatabaseKind): Promise<Measurement[]> {
  if (!fits(ctx, FIRST_RUN_ESTIMATE_MS)) return RUNS.map((r) => skippedReporting(r.kase, database, SETS, FIRST_RUN_ESTIMATE_MS));
  return reportWithinBudget(ctx, database, SETS, RUNS, FIRST_RUN_ESTIMATE_MS, (run, spec) =>
    reportOnce(ctx, database, run, spec),
  );
}

async function reportOnce(
  ctx: BenchContext,
  database: DatabaseKind,
  run: number,
  spec: (typeof RUNS)[number],
): Promise<Measurement> {
  const label = `Metrc NY, ${database}, ${spec.words ? 'with faults' : 'no faults'}`;
  const typeNames = mappedTypeNames(loadMetrcMapping(`${__dirname}/../../templates/state-system/metrc-ny-mapping.json`));
  const sim = await startMetrcSimulator({ typeNames, random: seededRandom(20260301 + run) });
  let app: BenchApp | undefined;
  try {
    app = await startBenchApp(database, ctx.postgresBase, serviceEnv(sim));
    // Runs 5–6 of the BioTrack section's numbering, so a database's runs never share a lab sample id.
    const { samples, csv } = reportingRun(5 + run, SETS);
    const tagged = samples.map((s, i) => ({ ...s, uid: tag(run, i, 'A'), parentUid: tag(run, i, 'B') }));
    const transfer = sim.state.createTransfer(
      tagged.map((s) => s.uid),
      { source: (uid) => tagged.find((s) => s.uid === uid)?.parentUid ?? '' },
    );
    sim.state.receive(transfer.Id);
    const packageIds = new Map(tagged.map((s) => [s.uid, sim.state.packageByLabel(s.uid)?.Id ?? 0]));
    await registerStateSamples(app, tagged, packageIds);
    ctx.log(`  ${label}: importing, submitting and approving ${SETS} result sets`);
    const setIds = await importDrafts(app, writeInputs(ctx, csv));
    await submitInBulk(app, setIds);
    await approveInBulk(app, setIds);

    sim.setFaults(spec.faults);
    const worker = app.get(OutboxWorker);
    const sending = Date.now();
    await untilAccepted(app, worker, SETS);
    sim.setFaults({});
    const rows = await app.orm.em.fork().find(Submission, {});
    const ms = Math.max(...rows.map((r) => r.acceptedAt?.getTime() ?? Number.NaN)) - sending;
    heldOnce(
      sim,
      tagged.map((s) => s.uid),
      `${label}, the service`,
    );
    const attempts = rows.reduce((n, r) => n + r.attempts, 0);
    const latenciesMs = rows.map(
      (r) => (r.acceptedAt?.getTime() ?? Number.NaN) - Date.parse((r.payload as unknown as SubmissionPayload).releasedAt),
    );

    // The floor: the service's record bodies (certificate inline) and the releases, to a fresh simulator.
    const bodies = recordBodies(
      sim,
      tagged.map((s) => s.uid),
    );
    ctx.log(`  ${label}: ${Math.round(ms)} ms; the floor records and releases the same ${SETS} sets on a fresh simulator`);
    const fresh = await startMetrcSimulator({ typeNames, random: seededRandom(20260301 + run) });
    try {
      fresh.state.receive(
        fresh.state.createTransfer(
          tagged.map((s) => s.uid),
          { source: (uid) => tagged.find((s) => s.uid === uid)?.parentUid ?? '' },
        ).Id,
      );
      fresh.setFaults(spec.faults);
      const floor = await floorRun(fresh, bodies);
      fresh.setFaults({});
      heldOnce(
        fresh,
        tagged.map((s) => s.uid),
        `${label}, the floor`,
      );
      return reportingMeasurement({
        kase: spec.kase,
        database,
        sets: SETS,
        ms,
        floorMs: floor.ms,
        latenciesMs,
        note:
          `${spec.words ? `faults: ${spec.words}; ` : ''}the ${SETS} approved in bulk before the outbox started (p50/p99 from ` +
          `approval, so they include waiting in the queue); six calls a set and the certificate PDF the service renders; ` +
          `${attempts} outbox attempts, ${floor.attempts} floor calls; every set recorded and released exactly once; ` +
          `simulator in the bench's process`,
      });
    } finally {
      await fresh.close();
    }
  } finally {
    await app?.close();
    await sim.close();
  }
}

/** The service against the simulator, exactly as at a live Metrc but for the URL and keys; the bench drives the worker. */
function serviceEnv(sim: RunningMetrcSimulator): Record<string, string> {
  return {
    STATE_SYSTEM: 'metrc-ny',
    METRC_BASE_URL: sim.url,
    METRC_VENDOR_KEY: SIM_VENDOR_KEY,
    METRC_USER_KEY: SIM_LAB.userKey,
    METRC_LICENSE: SIM_LAB.license,
    METRC_RELEASE: 'auto',
    METRC_TIMEOUT_MS: '5000',
    METRC_VERIFY_DELAY_MS: '20',
    // Under the simulator's (Metrc's inferred) 50 a second and 10 in flight per license.
    METRC_RATE_PER_SECOND: '45',
    METRC_MAX_IN_FLIGHT: '8',
    OUTBOX_ENABLED: 'false',
    OUTBOX_CONCURRENCY: String(LANES),
    OUTBOX_MAX_ATTEMPTS: '100',
    OUTBOX_BACKOFF_BASE_MS: '20',
    OUTBOX_BACKOFF_MAX_MS: '500',
    OUTBOX_LEASE_SECONDS: '90',
    SAMPLE_SYNC_INTERVAL_SECONDS: '0',
  };
}

/** A 24-character tag for run `run`, sample `i` (`A`: the sample, `B`: the lot it was drawn from). */
function tag(run: number, i: number, kind: 'A' | 'B'): string {
  return `1A4FF05${kind}${run}${String(i + 1).padStart(15, '0')}`;
}

async function untilAccepted(app: BenchApp, worker: OutboxWorker, count: number): Promise<void> {
  const until = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    await worker.sendDue();
    const all = await app.orm.em.fork().find(Submission, {});
    const dead = all.find((r) => r.status === 'dead');
    if (dead) throw new Error(`Metrc reporting: a submission is dead: ${dead.lastError}`);
    if (all.filter((r) => r.status === 'accepted').length >= count) return;
    if (Date.now() > until)
      throw new Error(`Metrc reporting: not every submission was accepted within ${SETTLE_TIMEOUT_MS / 1000} s`);
    await sleep(20);
  }
}

function heldOnce(sim: RunningMetrcSimulator, tags: string[], who: string): void {
  const wrong = tags.filter(
    (t) =>
      sim.state.effects({ kind: 'record', label: t }).length !== 1 ||
      sim.state.effects({ kind: 'release', label: t }).length !== 1 ||
      !sim.state.resultsOf(t).every((r) => r.ResultReleased),
  );
  if (wrong.length) throw new Error(`${who}: ${wrong.length} sets not recorded and released exactly once (first ${wrong[0]})`);
}

/** What the service recorded per tag, rebuilt from what the simulator holds (rows and the certificate). */
function recordBodies(sim: RunningMetrcSimulator, tags: string[]): Array<{ label: string; body: unknown[] }> {
  return tags.map((label) => {
    const rows = sim.state.resultsOf(label);
    const doc = sim.state.documents.get(rows[0]?.LabTestResultDocumentFileId ?? -1);
    return {
      label,
      body: [
        {
          Label: label,
          ResultDate: rows[0]?.TestPerformedDate ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          DocumentFileName: doc?.name ?? null,
          DocumentFileBase64: doc ? doc.bytes.toString('base64') : null,
          Results: rows.map((r) => ({
            LabTestTypeName: r.TestTypeName,
            Quantity: r.TestResultLevel,
            Passed: r.TestPassed,
            Notes: r.TestComment,
          })),
        },
      ],
    };
  });
}

/**
 * Plain fetch in `LANES` lanes: record then release each set, a 429 waited out, a 5xx before the write sent again, and
 * a lost answer after a write read back as the service does (the floor must not record twice either).
 */
async function floorRun(
  sim: RunningMetrcSimulator,
  sets: Array<{ label: string; body: unknown[] }>,
): Promise<{ ms: number; attempts: number }> {
  const auth = `Basic ${Buffer.from(`${SIM_VENDOR_KEY}:${SIM_LAB.userKey}`).toString('base64')}`;
  const q = `licenseNumber=${SIM_LAB.license}`;
  let attempts = 0;
  const send = async (method: string, path: string, body: unknown): Promise<number> => {
    attempts += 1;
    try {
      const res = await fetch(`${sim.url}${path}?${q}`, {
        method,
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      if (res.status === 429) await sleep(Number(res.headers.get('retry-after') ?? '1') * 1000);
      return res.status;
    } catch {
      return 0;
    }
  };
  const recorded = (label: string) => sim.state.resultsOf(label).length > 0;
  const started = performance.now();
  await inLanes(sets, LANES, async ({ label, body }) => {
    for (let i = 0; i < 100 && !recorded(label); i += 1) {
      const status = await send('POST', '/labtests/v2/record', body);
      if (status === 200) break;
    }
    for (let i = 0; i < 100; i += 1) {
      const status = await send('PUT', '/labtests/v2/results/release', [{ PackageLabel: label }]);
      if (status === 200 || sim.state.resultsOf(label).every((r) => r.ResultReleased)) break;
    }
  });
  return { ms: performance.now() - started, attempts };
}
