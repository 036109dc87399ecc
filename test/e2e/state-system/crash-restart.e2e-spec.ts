import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/biotrack-ny/simulator';
import { ADMIN_TOKEN } from '../../support/test-app';
import { labSamplesAtSimulator, newUid } from '../../state-system/result-set.factory';
import { exited, freePort, ServiceProcess } from '../../state-system/service-process';
import { simulatorEnv } from '../../state-system/simulator-env';

const SETS = 60;

describe('the service killed with SIGKILL while sending, then restarted, loses nothing and duplicates nothing', () => {
  let sim: RunningSimulator;
  let dataDir: string;
  let service: ServiceProcess;

  beforeAll(async () => {
    // Slow answers keep several sends in flight at any moment; some writes are applied but answered 500.
    sim = await startSimulator({ seed: false, faults: { latencyMs: [40, 80], appliedButErrorRate: 0.1 } });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lims-crash-'));
    const env = simulatorEnv(sim, {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
      OUTBOX_ENABLED: 'true',
      OUTBOX_INTERVAL_MS: '50',
      OUTBOX_CONCURRENCY: '4',
      // Two claimed per sender: the kill also catches rows claimed but not yet sent.
      OUTBOX_CLAIM_BATCH: '2',
      OUTBOX_LEASE_SECONDS: '4',
      BIOTRACK_TIMEOUT_MS: '400',
    });
    service = new ServiceProcess(env);
  });
  afterAll(async () => {
    service?.killAll();
    await sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`delivers all ${SETS} result sets exactly once across the crash`, async () => {
    const uids = Array.from({ length: SETS }, () => newUid());
    labSamplesAtSimulator(sim, uids);
    await service.approveInDatabase(uids);

    const first = service.start();
    await service.waitFor(
      () => sim.state.effects({ kind: 'post-result' }).length >= 15,
      60_000,
      'the first run to send 15 result sets',
    );
    first.kill('SIGKILL');
    await exited(first);

    const afterKill = await service.readSubmissions();
    expect(afterKill.filter((s) => s.status === 'sending').length).toBeGreaterThan(0);
    expect(afterKill.filter((s) => s.status === 'accepted').length).toBeLessThan(SETS);

    const second = service.start();
    await service.waitFor(
      async () => (await service.listSubmissions())?.every((s) => s.status === 'accepted') ?? false,
      60_000,
      'every row accepted after restart',
      300,
    );
    second.kill('SIGTERM');
    await exited(second);

    expect(uids.map((uid) => sim.state.effectCount(uid)).filter((n) => n !== 1)).toEqual([]);
    expect(sim.state.effects({ kind: 'post-result' })).toHaveLength(SETS);
    const rows = await service.readSubmissions();
    expect(rows.filter((s) => s.status !== 'accepted' || s.remoteTransactionId === null)).toEqual([]);
    // Only the killed instance's rows were taken over; no live sender ever lost its row to another lane.
    expect(service.output.join('')).not.toContain('lease ran out');
  });
});
