import { performance } from 'node:perf_hooks';
import type { FaultConfig } from '../../src/simulator/biotrack-ny/simulator-options.schemas';
import { loadBiotrackMapping } from '../../src/state-system/biotrack-ny/mapping.loader';
import type { BiotrackMapping } from '../../src/state-system/biotrack-ny/mapping.schemas';
import { BiotrackNyAdapter } from '../../src/state-system/biotrack-ny/biotrack-ny.adapter';
import { indexCatalogue, planResultBody, type CatalogueIndex } from '../../src/state-system/biotrack-ny/result-body';
import type { ResultWriteBody } from '../../src/state-system/biotrack-ny/biotrack.schemas';
import type { SubmissionPayload } from '../../src/outbox/submission-payload';
import { OutboxWorker } from '../../src/outbox/outbox.worker';
import { Submission } from '../../src/outbox/submission.entity';
import { startBenchApp, type BenchApp, type DatabaseKind } from '../bench-app';
import {
  SETS_PER_TRANSACTION,
  approveInBulk,
  importDrafts,
  managerToken,
  SIGNED_PARTIAL_APPROVAL,
  post,
  registerStateSamples,
  reportingRun,
  submitInBulk,
  type StateSample,
} from '../inputs/approved-sets';
import { inLanes, sleep } from '../lanes';
import { expectHeldOnce } from '../reporting-check';
import { postRaw } from '../reporting-floor';
import {
  REPORTING_LANES as LANES,
  reportWithinBudget,
  reportingMeasurement,
  skippedReporting,
  type ReportingRun,
} from '../reporting-measure';
import { fits, writeInputs, type BenchContext, type Measurement } from '../section';
import { startSimulatorProcess, type SimulatorProcess } from '../simulator-process';

/** BENCH_QUICK=1 divides the work by 16, as the other sections do. */
const QUICK = process.env.BENCH_QUICK === '1';
/** The measured sets, approved in bulk. */
const SETS = QUICK ? 63 : 1000;
/** Sets approved first, one by one over HTTP: the latency a manager sees, and a warm-up for the measured run. */
const ONE_BY_ONE = QUICK ? 16 : 50;
/** A run's wall time (setup, service, floor, checks) before one has been measured, as on the machine this was written on. */
const FIRST_RUN_ESTIMATE_MS = QUICK ? 15_000 : 70_000;
/** A run whose sets are not all accepted by then has stalled. */
const SETTLE_TIMEOUT_MS = 180_000;

/** Every fault the simulator can inject at once, at rates the outbox must ride out without a dead row. */
const FAULTS: FaultConfig = {
  error5xxRate: 0.15,
  rate429: 0.05,
  retryAfterSeconds: 1,
  dropRate: 0.02,
  sessionExpireRate: 0.02,
  appliedButErrorRate: 0.05,
  latencyMs: [0, 10],
};
const FAULTS_IN_WORDS =
  '15 % 5xx, 5 % 429 (Retry-After 1 s), 2 % dropped connections, 2 % early session expiry, 5 % applied-but-500, 0–10 ms latency';

const RUNS: Array<ReportingRun<FaultConfig>> = [
  { kase: 'approved result sets to the simulator, no faults', faults: {} },
  { kase: 'approved result sets to the simulator, with faults', faults: FAULTS, words: FAULTS_IN_WORDS },
];

/** Outbox settings: sends as soon as rows are due, and (with faults) retries within milliseconds, not seconds. */
function serviceEnv(sim: SimulatorProcess): Record<string, string> {
  return {
    STATE_SYSTEM: 'biotrack-ny',
    BIOTRACK_BASE_URL: sim.url,
    BIOTRACK_UBI: sim.lab.ubi,
    BIOTRACK_LICENSE: sim.lab.license,
    BIOTRACK_USERNAME: sim.lab.username,
    BIOTRACK_PASSWORD: sim.lab.password,
    BIOTRACK_TIMEOUT_MS: '5000',
    // The bench drives the worker itself (see OutboxDriver), so the thousand can be approved before sending starts.
    OUTBOX_ENABLED: 'false',
    OUTBOX_CONCURRENCY: String(LANES),
    OUTBOX_MAX_ATTEMPTS: '50',
    OUTBOX_BACKOFF_BASE_MS: '20',
    OUTBOX_BACKOFF_MAX_MS: '500',
    // The service's default OUTBOX_CLAIM_BATCH (4): the lease covers four sends of up to four requests each.
    OUTBOX_LEASE_SECONDS: '90',
  };
}

interface Mapper {
  mapping: BiotrackMapping;
  catalogue: CatalogueIndex;
}

/**
 * Reporting: result sets imported from an instrument CSV and submitted for review, then sent by the outbox to the
 * BioTrack NY simulator (a process of its own), without faults and then with them. The first fifty are approved one by
 * one over HTTP by a manager other than the technician while the outbox runs: their approval-to-accepted times are
 * the p50 and p99. Then the measured thousand are approved in bulk with the outbox idle, and the time from starting
 * it to the last accepted submission is set against the floor: plain fetch posting the same bodies to a fresh
 * simulator, with the same faults. Both runs check that the simulator holds every set exactly once.
 */
export async function runReporting(ctx: BenchContext, database: DatabaseKind): Promise<Measurement[]> {
  if (!fits(ctx, FIRST_RUN_ESTIMATE_MS)) return RUNS.map((r) => skippedReporting(r.kase, database, SETS, FIRST_RUN_ESTIMATE_MS));
  const sim = await startSimulatorProcess(20250301);
  let app: BenchApp | undefined;
  try {
    app = await startBenchApp(database, ctx.postgresBase, serviceEnv(sim));
    return await reportAll(ctx, app, sim);
  } finally {
    await app?.close();
    await sim.close();
  }
}

/** Every run on one service and one simulator, with the service's own mapper to rebuild the bodies it sent. */
async function reportAll(ctx: BenchContext, app: BenchApp, sim: SimulatorProcess): Promise<Measurement[]> {
  const manager = await managerToken(app);
  const mapping = loadBiotrackMapping(app.config.biotrack.mappingFile, app.config.biotrack.nonDetect);
  const catalogue = indexCatalogue(
    await new BiotrackNyAdapter({ baseUrl: sim.url, ...sim.lab }, mapping, { timeoutMs: 5000 }).testCatalogue(),
  );
  return reportWithinBudget(ctx, app.database, SETS, RUNS, FIRST_RUN_ESTIMATE_MS, (run, spec) =>
    reportOnce(ctx, app, sim, manager, { mapping, catalogue }, run, spec),
  );
}

async function reportOnce(
  ctx: BenchContext,
  app: BenchApp,
  sim: SimulatorProcess,
  manager: string,
  mapper: Mapper,
  run: number,
  spec: (typeof RUNS)[number],
): Promise<Measurement> {
  const label = `${app.database}, ${spec.words ? 'with faults' : 'no faults'}`;
  ctx.log(`  ${label}: importing and submitting ${ONE_BY_ONE + SETS} result sets`);
  const { samples, setIds } = await setsInReview(ctx, app, sim, run);
  const oneByOneIds = setIds.slice(0, ONE_BY_ONE);
  const bulkIds = setIds.slice(ONE_BY_ONE);

  ctx.log(
    `  ${label}: approving ${ONE_BY_ONE} one by one over HTTP while the outbox runs, then ${SETS} in bulk before it sends them`,
  );
  await sim.setFaults(spec.faults);
  let accepted = (await byStatus(app)).get('accepted') ?? 0;
  const driver = new OutboxDriver(app.get(OutboxWorker));
  await inLanes(oneByOneIds, LANES, (id) =>
    post(app.baseUrl, manager, `/api/result-sets/${id}/approve`, SIGNED_PARTIAL_APPROVAL),
  );
  await untilAccepted(app, (accepted += ONE_BY_ONE));
  await driver.stop();
  const approving = performance.now();
  await approveInBulk(app, bulkIds);
  const approvalMs = performance.now() - approving;
  const sending = Date.now();
  driver.start();
  await untilAccepted(app, accepted + SETS);
  await driver.stop();
  await sim.setFaults({});

  const oneByOne = await submissionsOf(app, oneByOneIds);
  const rows = await submissionsOf(app, bulkIds);
  const bodies = new Map([...oneByOne, ...rows].map((r) => [r.uid, bodyOf(r, mapper)]));
  await expectHeldOnce(sim, bodies, `${label}, the service`);
  const ms = Math.max(...rows.map((r) => r.acceptedAt)) - sending;

  ctx.log(`  ${label}: ${Math.round(ms)} ms; the floor posts the same ${SETS} bodies to a fresh simulator`);
  await sim.reset();
  const stateSampleIds = await sim.receiveSamples(samples);
  const posts = rows.map((r) => ({ stateSampleId: stateSampleIds.get(r.uid)!, body: bodies.get(r.uid) }));
  await sim.setFaults(spec.faults);
  const floor = await postRaw(sim.url, sim.lab, posts, LANES);
  await sim.setFaults({});
  await expectHeldOnce(sim, new Map(rows.map((r) => [r.uid, bodies.get(r.uid)!])), `${label}, the floor`);

  return reportingMeasurement({
    kase: spec.kase,
    database: app.database,
    sets: SETS,
    ms,
    floorMs: floor.ms,
    latenciesMs: oneByOne.map((r) => r.acceptedAt - r.approvedAt),
    note:
      `${spec.words ? `faults: ${spec.words}; ` : ''}the ${SETS} approved in transactions of ${SETS_PER_TRANSACTION} (${seconds(approvalMs)}) before the outbox ` +
      `started; p50/p99 from ${ONE_BY_ONE} sets approved one by one over HTTP (${LANES} at once) while it ran; ` +
      `${attemptsOf(rows)} outbox attempts, ${floor.attempts} floor attempts; every set held exactly once`,
  });
}

/**
 * Runs the outbox worker as its interval would (OUTBOX_INTERVAL_MS 50: another round 50 ms after one ends), from
 * the bench, so sending can start at a moment the bench chooses.
 */
class OutboxDriver {
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(private readonly worker: OutboxWorker) {
    this.start();
  }

  start(): void {
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        await this.worker.sendDue();
        await sleep(50);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }
}

/** A fresh simulator holding the run's samples, the service knowing them, and their result sets imported and in review. */
async function setsInReview(
  ctx: BenchContext,
  app: BenchApp,
  sim: SimulatorProcess,
  run: number,
): Promise<{ samples: StateSample[]; setIds: string[] }> {
  const { samples, csv } = reportingRun(run, ONE_BY_ONE + SETS);
  await sim.reset();
  await registerStateSamples(app, samples, await sim.receiveSamples(samples));
  const setIds = await importDrafts(app, writeInputs(ctx, csv));
  await submitInBulk(app, setIds);
  return { samples, setIds };
}

/**
 * Waits until `accepted` submissions are accepted; throws at the first dead one, or when the run stalls. One
 * query every 50 ms: the times measured are the rows' own, so looking more often would only load the database.
 */
async function untilAccepted(app: BenchApp, accepted: number): Promise<void> {
  const until = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const counts = await byStatus(app);
    if ((counts.get('accepted') ?? 0) >= accepted) return;
    if (counts.get('dead')) {
      const [dead] = await app.orm.em.fork().find(Submission, { status: 'dead' }, { limit: 1 });
      throw new Error(`reporting: a submission is dead: ${dead?.lastError}`);
    }
    if (Date.now() > until) throw new Error(`reporting: not every submission was accepted within ${SETTLE_TIMEOUT_MS / 1000} s`);
    await sleep(50);
  }
}

async function byStatus(app: BenchApp): Promise<Map<string, number>> {
  const rows = (await app.orm.em
    .getConnection()
    .execute('select status, count(*) as n from submissions group by status')) as Array<{ status: string; n: number | string }>;
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

interface SentRow {
  uid: string;
  approvedAt: number;
  acceptedAt: number;
  attempts: number;
  payload: SubmissionPayload;
  idempotencyKey: string;
}

async function submissionsOf(app: BenchApp, setIds: string[]): Promise<SentRow[]> {
  const wanted = new Set(setIds);
  const rows = (await app.orm.em.fork().find(Submission, {}, { populate: ['resultSet'] })).filter((s) =>
    wanted.has(s.resultSet.id),
  );
  if (rows.length !== setIds.length) throw new Error(`reporting: ${setIds.length} sets approved, ${rows.length} submissions`);
  return rows.map((s) => {
    const payload = s.payload as unknown as SubmissionPayload;
    if (!payload.sample.uid || !s.acceptedAt || !s.resultSet.approvedAt)
      throw new Error(`reporting: submission ${s.id} lacks a UID or a time`);
    return {
      uid: payload.sample.uid,
      approvedAt: s.resultSet.approvedAt.getTime(),
      acceptedAt: s.acceptedAt.getTime(),
      attempts: s.attempts,
      payload,
      idempotencyKey: s.idempotencyKey,
    };
  });
}

/** The body the outbox sent for a row: the service's own mapper, on the row's frozen payload. */
function bodyOf(row: SentRow, { mapping, catalogue }: Mapper): ResultWriteBody {
  return planResultBody(row.payload, mapping, catalogue, { externalId: row.idempotencyKey, kind: 'post' }).body;
}

function attemptsOf(rows: SentRow[]): number {
  return rows.reduce((n, r) => n + r.attempts, 0);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
