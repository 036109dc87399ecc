import { AuditEvent } from '../../../src/audit/audit-event.entity';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { Submission } from '../../../src/outbox/submission.entity';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/biotrack-ny/simulator';
import { startTestApp, type TestApp } from '../../support/test-app';
import { approveResultSet, labSamplesAtSimulator, newUid } from '../../state-system/result-set.factory';
import { simulatorEnv } from '../../state-system/simulator-env';

/**
 * Issue 18 item 6: after a write that may have been applied, the next attempt looks up first, and keeps doing so
 * until a look-up has answered, even when the look-up itself fails. The simulator ignores the idempotency key
 * here, so a write sent twice is applied twice.
 */
describe('after an ambiguous write, nothing is sent again until a look-up has answered', () => {
  let sim: RunningSimulator;
  let t: TestApp;
  let minutes = 0;

  beforeAll(async () => {
    sim = await startSimulator({ seed: false, behaviour: { replayExternalId: false } });
    t = await startTestApp(simulatorEnv(sim, { OUTBOX_MAX_ATTEMPTS: '10' }));
  });
  afterEach(() => sim.setFaults({}));
  afterAll(async () => {
    await t.close();
    await sim.close();
  });

  it.each([
    ['first results (POST)', false],
    ['an amendment (PUT)', true],
  ])(
    '%s applied but answered 500, then a failing look-up: applied exactly once, accepted as already held',
    async (_label, amend) => {
      const uid = newUid();
      labSamplesAtSimulator(sim, [uid]);
      const stateSampleId = sim.state.labSample(uid)?.ID;
      let approved = await approveResultSet(t.app, { uid, stateSampleId });
      if (amend) {
        await sendLater();
        approved = await approveResultSet(t.app, {
          uid,
          stateSampleId,
          amends: approved.resultSetId,
          results: [{ panel: 'metals', analyte: 'lead', value: '0.14', unit: 'ug/g', status: 'pass' }],
        });
      }
      const before = sim.state.effectCount(uid);

      sim.setFaults({ appliedButErrorRate: 1 });
      await sendLater();
      expect(sim.state.effectCount(uid)).toBe(before + 1);
      expect(await row(approved.submissionId)).toMatchObject({
        status: 'retry',
        lastError: expect.stringMatching(/^\[ambiguous\]/),
      });

      // The look-up of the next attempt fails: still unknown whether the write applied.
      sim.setFaults({ error5xxRate: 1 });
      await sendLater();
      expect(await row(approved.submissionId)).toMatchObject({
        status: 'retry',
        lastError: expect.stringMatching(/^\[retryable\] GET /),
      });

      sim.setFaults({});
      await sendLater();
      expect(await row(approved.submissionId)).toMatchObject({ status: 'accepted' });
      expect(sim.state.effectCount(uid)).toBe(before + 1);
      const accepted = await t.orm.em.fork().find(AuditEvent, { action: 'submission.accepted', entityId: approved.submissionId });
      expect(accepted.map((e) => e.after?.alreadyHeld)).toEqual([true]);
    },
  );

  /** Runs the outbox as if the backoff had passed. */
  async function sendLater(): Promise<void> {
    minutes += 10;
    await t.app.get(OutboxWorker).sendDue(new Date(Date.now() + minutes * 60_000));
  }

  function row(id: string) {
    return t.orm.em.fork().findOneOrFail(Submission, { id });
  }
});
