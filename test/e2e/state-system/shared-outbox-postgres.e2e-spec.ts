import { AuditEvent } from '../../../src/audit/audit-event.entity';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/biotrack-ny/simulator';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { Submission } from '../../../src/outbox/submission.entity';
import { describeOnPostgres, startSecondInstance, type SecondInstance } from '../../support/second-instance';
import { startTestApp, type TestApp } from '../../support/test-app';
import { approveResultSet, labSamplesAtSimulator, newUid } from '../../state-system/result-set.factory';
import { simulatorEnv, sleep } from '../../state-system/simulator-env';

const SETS = 120;
// Approving the sets and the 60 s settling budget both fit: a slow machine waits, it does not fail.
jest.setTimeout(180_000);
const d = describeOnPostgres('two instances sharing one outbox');

d('two instances on PostgreSQL share one outbox without sending anything twice', () => {
  let sim: RunningSimulator;
  let one: TestApp;
  let two: SecondInstance;

  beforeAll(async () => {
    // Answers take a while, so both instances have rows in flight at the same time.
    sim = await startSimulator({ seed: false, faults: { latencyMs: [5, 25] } });
    const env = simulatorEnv(sim, { OUTBOX_CONCURRENCY: '4' });
    one = await startTestApp(env);
    two = await startSecondInstance(one, env);
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
    await sim?.close();
  });

  it(`${SETS} result sets: each POSTed once in all, both instances sending`, async () => {
    const uids = Array.from({ length: SETS }, () => newUid());
    labSamplesAtSimulator(sim, uids);
    for (const uid of uids) await approveResultSet(one.app, { uid });
    const workers = [one.app.get(OutboxWorker), two.app.get(OutboxWorker)];

    await Promise.all(workers.map((w) => sendUntilSettled(w, 60_000)));

    const rows = await one.orm.em.fork().find(Submission, {});
    expect(rows.filter((r) => r.status !== 'accepted')).toEqual([]);
    const posts = sim.state.requestLog().filter((r) => r.method === 'POST' && r.path.endsWith('/result'));
    expect(posts).toHaveLength(SETS);
    expect(uids.map((uid) => sim.state.effectCount(uid)).filter((n) => n !== 1)).toEqual([]);
    const claims = await one.orm.em.fork().find(AuditEvent, { action: 'submission.sending' });
    expect(claims).toHaveLength(SETS);
    const byInstance = new Map<string, number>();
    for (const c of claims) byInstance.set(String(c.after?.lockedBy), (byInstance.get(String(c.after?.lockedBy)) ?? 0) + 1);
    expect([...byInstance.keys()].sort()).toEqual(workers.map((w) => w.instanceId).sort());
    expect(Math.min(...byInstance.values())).toBeGreaterThan(SETS / 10);
  });

  async function sendUntilSettled(worker: OutboxWorker, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      await worker.sendDue();
      if ((await one.orm.em.fork().count(Submission, { status: { $ne: 'accepted' } })) === 0) return;
      await sleep(20);
    }
  }
});
