import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import axios from 'axios';
import { seededRandom } from '../../../src/simulator/kit/seeded-random';
import type { FaultPlan } from '../../../src/simulator/kit/fault-plan';
import { SIM_LAB, type RunningMetrcSimulator } from '../../../src/simulator/metrc-ny/metrc-simulator';
import { ADMIN_TOKEN } from '../../support/test-app';
import { freshDatabaseUrl } from '../../support/test-database';
import { metrcEnv, newTag, startMetrcForTest } from '../../state-system/metrc-env';
import { exited, freePort, ServiceProcess } from '../../state-system/service-process';
import { sleep } from '../../state-system/simulator-env';

const SETS = 200;

/**
 * The load run: 30 % 5xx, 429s with Retry-After, writes applied whose answer never comes (the simulator holds
 * the socket past the client's timeout, then drops it), a key revoked then restored, and the service (a real child
 * process running src/main.ts) killed with SIGKILL mid-run and started again.
 */
const FAULTS: FaultPlan = {
  error5xxRate: 0.3,
  rate429: 0.01,
  retryAfterSeconds: 1,
  appliedButErrorRate: 0.05,
  timeoutAfterApplyRate: 0.1,
  timeoutAfterApplyHangMs: 1300,
  latencyMs: [0, 3],
};

// About a minute on two idle cores; the timeouts leave room for a busy machine.
jest.setTimeout(600_000);

describe(`Metrc NY, ${SETS} result sets under faults, a revoked then restored key and SIGKILL of the service mid-run`, () => {
  let sim: RunningMetrcSimulator;
  let dataDir: string;
  let dropDatabase: () => Promise<void> = async () => {};
  let service: ServiceProcess;

  beforeAll(async () => {
    sim = await startMetrcForTest({ random: seededRandom(19_200) });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lims-metrc-load-'));
    const db = await freshDatabaseUrl();
    dropDatabase = db.drop;
    const env = metrcEnv(sim, {
      ...(db.url ? { DATABASE_URL: db.url } : {}),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
      METRC_RELEASE: 'auto',
      METRC_TIMEOUT_MS: '1000',
      // Under the simulator's 50 a second and 10 in flight per license.
      METRC_RATE_PER_SECOND: '45',
      METRC_MAX_IN_FLIGHT: '6',
      OUTBOX_ENABLED: 'true',
      OUTBOX_INTERVAL_MS: '25',
      OUTBOX_CONCURRENCY: '8',
      // Two claimed per sender: the kill also catches rows claimed but not yet sent.
      OUTBOX_CLAIM_BATCH: '2',
      OUTBOX_LEASE_SECONDS: '20',
      OUTBOX_MAX_ATTEMPTS: '500',
      OUTBOX_BACKOFF_BASE_MS: '10',
      OUTBOX_BACKOFF_MAX_MS: '150',
    });
    service = new ServiceProcess(env);
  });
  afterAll(async () => {
    service?.killAll();
    await sim?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await dropDatabase();
  });

  it('records and releases every set exactly once, loses none, and pauses without using attempts while the key is refused', async () => {
    const records = () => sim.state.effects({ kind: 'record' }).length;
    const releases = () => sim.state.effects({ kind: 'release' }).length;
    const tags = Array.from({ length: SETS }, () => newTag());
    for (let i = 0; i < SETS; i += 50) sim.state.receive(sim.state.createTransfer(tags.slice(i, i + 50)).Id);
    await service.approveInDatabase(tags);
    sim.setFaults(FAULTS);

    const first = service.start();
    await service.waitFor(() => releases() >= 30, 240_000, 'the first run to release 30 sets');

    // The lab's key is revoked: the queue pauses (an alert on /health), writes nothing and uses no attempts.
    await axios.post(`${sim.url}/sim/users/${SIM_LAB.userKey}/revoke`);
    await service.waitFor(async () => typeof (await health())?.alert === 'string', 30_000, '/health to show the alert', 100);
    await sleep(800); // calls in flight when the key went finish (refused)
    const [effectsPaused, attemptsPaused] = [sim.state.effectLog.length, await attemptSum()];
    await sleep(1500);
    // Attempts claimed before the pause and refunded when refused may still come back; none is claimed.
    expect(sim.state.effectLog.length).toBe(effectsPaused);
    expect(await attemptSum()).toBeLessThanOrEqual(attemptsPaused);
    await axios.post(`${sim.url}/sim/users/${SIM_LAB.userKey}/restore`);

    // SIGKILL mid-run, with rows claimed and mid-protocol.
    const recordsAtRestore = records();
    await service.waitFor(() => records() >= recordsAtRestore + 40, 240_000, 'forty more records after the key was restored');
    first.kill('SIGKILL');
    await exited(first);
    const afterKill = await service.readSubmissions();
    expect(afterKill.filter((s) => s.status === 'sending').length).toBeGreaterThan(0);
    expect(afterKill.filter((s) => s.status === 'accepted').length).toBeLessThan(SETS);

    const second = service.start();
    await service.waitFor(
      async () => {
        const rows = (await service.listSubmissions()) ?? [];
        return rows.length === SETS && rows.every((s) => s.status === 'accepted' || s.status === 'dead');
      },
      300_000,
      'every row settled after the restart',
      300,
    );
    second.kill('SIGTERM');
    await exited(second);

    const rows = await service.readSubmissions();
    expect(rows.filter((s) => s.status !== 'accepted').map((s) => `${s.status}: ${s.lastError}`)).toEqual([]);
    const counts = tags
      .map((tag) => ({
        tag,
        records: sim.state.effects({ kind: 'record', label: tag }).length,
        releases: sim.state.effects({ kind: 'release', label: tag }).length,
        released: sim.state.resultsOf(tag).every((r) => r.ResultReleased),
      }))
      .filter((c) => c.records !== 1 || c.releases !== 1 || !c.released);
    expect(counts).toEqual([]);
    expect(records()).toBe(SETS);
    const faults = new Set(sim.state.requests.map((r) => r.fault));
    for (const kind of ['5xx', '429', 'applied-but-500', 'timeout-after-apply'])
      expect({ kind, seen: faults.has(kind) }).toEqual({ kind, seen: true });
    // A live sender may still lose a row to another when the machine is starved past OUTBOX_LEASE_SECONDS ("lease ran
    // out" in the output): the lease check then keeps it from a second effect, which the counts above prove.
  });

  async function health(): Promise<{ alert?: unknown } | null> {
    try {
      const res = await axios.get(`${service.url}/health`, { timeout: 2000, validateStatus: () => true });
      return (res.data as { stateSystem?: { alert?: unknown } }).stateSystem ?? null;
    } catch {
      return null;
    }
  }

  async function attemptSum(): Promise<number> {
    const rows = (await service.listSubmissions()) ?? [];
    if (rows.length !== SETS) throw new Error(`expected ${SETS} submissions, the service listed ${rows.length}`);
    return rows.reduce((sum, r) => sum + r.attempts, 0);
  }
});
