import { AuditEvent } from '../../../src/audit/audit-event.entity';
import { seededRandom, startSimulator, type RunningSimulator } from '../../../src/simulator/biotrack-ny/simulator';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { Submission } from '../../../src/outbox/submission.entity';
import { startTestApp, type TestApp } from '../../support/test-app';
import { approveResultSet, labSamplesAtSimulator, newUid } from '../../state-system/result-set.factory';
import { simulatorEnv, sleep } from '../../state-system/simulator-env';

const SETS = 200;

describe('under faults (30 % 5xx, 429s, early session expiry, applied-but-500) every approved result set is accepted exactly once', () => {
  let sim: RunningSimulator;
  let t: TestApp;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: false,
      random: seededRandom(20250301),
      faults: {
        error5xxRate: 0.3,
        rate429: 0.1,
        retryAfterSeconds: 1,
        sessionExpireRate: 0.05,
        appliedButErrorRate: 0.2,
        latencyMs: [0, 15],
      },
    });
    t = await startTestApp(
      simulatorEnv(sim, {
        OUTBOX_CONCURRENCY: '8',
        OUTBOX_MAX_ATTEMPTS: '80',
        OUTBOX_BACKOFF_BASE_MS: '20',
        OUTBOX_BACKOFF_MAX_MS: '400',
      }),
    );
  });
  afterAll(async () => {
    await t.close();
    await sim.close();
  });

  it(`sends ${SETS} result sets; the simulator counts one effect per sample and holds exactly their results`, async () => {
    const uids = Array.from({ length: SETS }, () => newUid());
    labSamplesAtSimulator(sim, uids);
    // As after a sample sync: the lab's samples already carry their LabSample ids.
    for (const uid of uids) await approveResultSet(t.app, { uid, stateSampleId: sim.state.labSample(uid)?.ID });

    const rows = await sendUntilSettled(90_000);

    expect(rows.filter((r) => r.status !== 'accepted').map((r) => `${r.status}: ${r.lastError}`)).toEqual([]);
    expect(rows).toHaveLength(SETS);
    const perSample = uids.map((uid) => sim.state.effectCount(uid));
    expect(perSample.filter((n) => n !== 1)).toEqual([]);
    expect(sim.state.effects({ kind: 'post-result' })).toHaveLength(SETS);
    for (const uid of uids) {
      expect(sim.state.labSample(uid)?.TestingData.map((d) => d.TestResult.map((r) => `${r.TestPanel}=${r.TestValue}`))).toEqual([
        ['thca=26.82', 'delta9_thc=0.31'],
        ['lead=0.12', 'cadmium=0'],
      ]);
    }

    const faults = sim.state.requestLog().map((entry) => entry.fault);
    for (const kind of ['5xx', '429', 'session-expired', 'applied-but-500'] as const) {
      expect({ kind, seen: faults.includes(kind) }).toEqual({ kind, seen: true });
    }
    // Some posts were applied but answered 500: their rows were looked up and accepted without a second POST.
    const accepted = await t.orm.em.fork().find(AuditEvent, { action: 'submission.accepted' });
    expect(accepted.filter((e) => e.after?.alreadyHeld === true).length).toBeGreaterThan(0);
    // Room for approving the 200 sets and for sendUntilSettled's own 90 s: a slow machine waits, it does not fail.
  }, 240_000);

  /** What the outbox interval does, driven from the test: send what is due, wait a moment, again. */
  async function sendUntilSettled(timeoutMs: number): Promise<Submission[]> {
    const worker = t.app.get(OutboxWorker);
    const until = Date.now() + timeoutMs;
    for (;;) {
      await worker.sendDue();
      const rows = await t.orm.em.fork().find(Submission, {});
      const open = rows.filter((r) => r.status !== 'accepted' && r.status !== 'dead');
      if (open.length === 0 || Date.now() > until) return rows;
      await sleep(50);
    }
  }
});
