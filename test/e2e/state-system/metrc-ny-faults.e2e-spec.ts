import request from 'supertest';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { Submission } from '../../../src/outbox/submission.entity';
import { seededRandom } from '../../../src/simulator/kit/seeded-random';
import { SIM_LAB, type RunningMetrcSimulator } from '../../../src/simulator/metrc-ny/metrc-simulator';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { approveResultSet } from '../../state-system/result-set.factory';
import { metrcEnv, newTag, startMetrcForTest } from '../../state-system/metrc-env';
import { sleep } from '../../state-system/simulator-env';

/** A quick run in-process; metrc-ny-load-crash runs 200 sets with a revoked key and SIGKILL of the service. */
const SETS = 24;

jest.setTimeout(240_000);

describe('Metrc NY under faults: every set recorded and released exactly once; an amendment after release is left for a person', () => {
  let sim: RunningMetrcSimulator;
  let t: TestApp;

  beforeAll(async () => {
    sim = await startMetrcForTest({ random: seededRandom(20261206) });
    t = await startTestApp(metrcEnv(sim, { METRC_RELEASE: 'auto', OUTBOX_CONCURRENCY: '4', OUTBOX_MAX_ATTEMPTS: '80' }));
  });
  afterAll(async () => {
    await t?.close();
    await sim.close();
  });

  it(`records and releases ${SETS} sets once each through 5xx, 429s, answers lost after the write applied, and a revoked then restored key`, async () => {
    const tags = Array.from({ length: SETS }, () => newTag());
    sim.state.receive(sim.state.createTransfer(tags).Id);
    const rows = [];
    for (const uid of tags) rows.push(await approveResultSet(t.app, { uid }));

    sim.setFaults({
      error5xxRate: 0.25,
      rate429: 0.04,
      retryAfterSeconds: 1,
      appliedButErrorRate: 0.15,
      timeoutAfterApplyRate: 0.15,
      latencyMs: [0, 5],
    });
    await t.app.get(OutboxWorker).sendDue();

    // The lab's key is revoked mid-run: the queue pauses, says why, and keeps its attempts.
    await request(sim.url).post(`/sim/users/${SIM_LAB.userKey}/revoke`).expect(200);
    sim.setFaults({});
    const before = await attemptsOf();
    for (let i = 0; i < 3; i += 1) await t.app.get(OutboxWorker).sendDue(new Date(Date.now() + 3600_000));
    const health = await request(t.http).get('/health').expect(200);
    expect(health.body.stateSystem).toMatchObject({
      kind: 'metrc-ny',
      endpoint: sim.url,
      reachable: false,
      alert: expect.stringContaining('refuses the lab'),
    });
    const paused = await attemptsOf();
    expect([...paused.entries()].filter(([id, n]) => n > (before.get(id) ?? 0))).toEqual([]);

    await request(sim.url).post(`/sim/users/${SIM_LAB.userKey}/restore`).expect(200);
    sim.setFaults({
      error5xxRate: 0.25,
      rate429: 0.04,
      retryAfterSeconds: 1,
      appliedButErrorRate: 0.15,
      timeoutAfterApplyRate: 0.15,
      latencyMs: [0, 5],
    });
    const settled = await sendUntilSettled(150_000);

    expect(settled.filter((r) => r.status !== 'accepted').map((r) => `${r.status}: ${r.lastError}`)).toEqual([]);
    for (const tag of tags) {
      expect({
        tag,
        records: sim.state.effects({ kind: 'record', label: tag }).length,
        releases: sim.state.effects({ kind: 'release', label: tag }).length,
      }).toEqual({ tag, records: 1, releases: 1 });
      expect(sim.state.resultsOf(tag).map((r) => [r.TestTypeName, r.TestResultLevel, r.ResultReleased])).toEqual([
        ['THCA (%) Raw Plant Material', 26.82, true],
        ['THC (%) Raw Plant Material', 0.31, true],
        ['Lead (ppm) Raw Plant Material', 0.12, true],
        ['Cadmium (ppm) Raw Plant Material', 0, true],
      ]);
    }
    const faults = sim.state.requests.map((r) => r.fault);
    for (const kind of ['5xx', '429', 'applied-but-500', 'timeout-after-apply'])
      expect({ kind, seen: faults.includes(kind) }).toEqual({ kind, seen: true });
    expect((await request(t.http).get('/health').expect(200)).body.stateSystem).not.toHaveProperty('alert');

    // An amendment of a released set: Metrc has no amend call; it waits for a person with what changed.
    sim.setFaults({});
    const effects = sim.state.effectLog.length;
    const amended = await approveResultSet(t.app, {
      uid: tags[0],
      amends: rows[0].resultSetId,
      results: [
        { panel: 'cannabinoids', analyte: 'thca', value: '26.82', unit: '%', status: 'report_only' },
        { panel: 'cannabinoids', analyte: 'delta9_thc', value: '0.31', unit: '%', status: 'report_only' },
        { panel: 'metals', analyte: 'lead', value: '0.14', unit: 'ug/g', status: 'pass' },
        { panel: 'metals', analyte: 'cadmium', qualifier: 'ND', unit: 'ug/g', status: 'pass' },
      ],
    });
    for (let i = 0; i < 2; i += 1) await t.app.get(OutboxWorker).sendDue(new Date(Date.now() + 3600_000));
    const row = await t.orm.em.fork().findOneOrFail(Submission, { id: amended.submissionId });
    expect(row).toMatchObject({ kind: 'amend', status: 'manual_correction_required' });
    expect(row.lastError).toContain('already released in Metrc');
    expect(row.lastError).toContain('Lead (ppm) Raw Plant Material: 0.12 → 0.14');
    expect(sim.state.effectLog).toHaveLength(effects);
    const list = await request(t.http)
      .get('/api/submissions?status=manual_correction_required')
      .set(bearer(await t.userToken('mia.manager', 'manager')))
      .expect(200);
    expect(list.body.submissions.map((s: { id: string }) => s.id)).toEqual([amended.submissionId]);
  });

  async function attemptsOf(): Promise<Map<string, number>> {
    return new Map((await t.orm.em.fork().find(Submission, {})).map((s) => [s.id, s.attempts]));
  }

  async function sendUntilSettled(timeoutMs: number): Promise<Submission[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await t.app.get(OutboxWorker).sendDue(new Date(Date.now() + 5_000));
      const all = await t.orm.em.fork().find(Submission, {});
      if (all.every((r) => r.status === 'accepted' || r.status === 'dead') || Date.now() > until) return all;
      await sleep(50);
    }
  }
});
