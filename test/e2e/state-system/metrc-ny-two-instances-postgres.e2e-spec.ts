import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { Submission } from '../../../src/outbox/submission.entity';
import type { RunningMetrcSimulator } from '../../../src/simulator/metrc-ny/metrc-simulator';
import { describeOnPostgres, startSecondInstance, type SecondInstance } from '../../support/second-instance';
import { startTestApp, type TestApp } from '../../support/test-app';
import { approveResultSet } from '../../state-system/result-set.factory';
import { metrcEnv, newTag, startMetrcForTest } from '../../state-system/metrc-env';
import { sleep } from '../../state-system/simulator-env';

const SETS = 24;

jest.setTimeout(240_000);
const d = describeOnPostgres('two instances sharing one Metrc outbox');

d('two instances on PostgreSQL report to Metrc NY without recording anything twice', () => {
  let sim: RunningMetrcSimulator;
  let one: TestApp;
  let two: SecondInstance;

  beforeAll(async () => {
    sim = await startMetrcForTest({ faults: { latencyMs: [5, 25] } });
    const env = metrcEnv(sim, { METRC_RELEASE: 'auto', OUTBOX_CONCURRENCY: '4' });
    one = await startTestApp(env);
    two = await startSecondInstance(one, env);
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
    await sim?.close();
  });

  it(`${SETS} result sets: each recorded and released once in all, both instances sending`, async () => {
    const tags = Array.from({ length: SETS }, () => newTag());
    sim.state.receive(sim.state.createTransfer(tags).Id);
    for (const uid of tags) await approveResultSet(one.app, { uid });
    const workers = [one.app.get(OutboxWorker), two.app.get(OutboxWorker)];

    await Promise.all(workers.map((w) => sendUntilSettled(w, 180_000)));

    const rows = await one.orm.em.fork().find(Submission, {});
    expect(rows.filter((r) => r.status !== 'accepted').map((r) => `${r.status}: ${r.lastError}`)).toEqual([]);
    expect(sim.state.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/labtests/v2/record'))).toHaveLength(SETS);
    expect(
      tags.filter(
        (tag) =>
          sim.state.effects({ kind: 'record', label: tag }).length !== 1 ||
          sim.state.effects({ kind: 'release', label: tag }).length !== 1,
      ),
    ).toEqual([]);
  });

  async function sendUntilSettled(worker: OutboxWorker, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await worker.sendDue();
      const open = await one.orm.em.fork().count(Submission, { status: { $nin: ['accepted', 'dead'] } });
      if (open === 0 || Date.now() > until) return;
      await sleep(20);
    }
  }
});
