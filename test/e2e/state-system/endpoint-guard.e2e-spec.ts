import { startSimulator, type RunningSimulator } from '../../../src/simulator/biotrack-ny/simulator';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { Submission } from '../../../src/outbox/submission.entity';
import { startTestApp, type TestApp } from '../../support/test-app';
import { approveResultSet, labSamplesAtSimulator, newUid } from '../../state-system/result-set.factory';
import { simulatorEnv } from '../../state-system/simulator-env';

describe('a submission goes only to the endpoint it was approved against', () => {
  let sim: RunningSimulator;
  let t: TestApp;

  beforeAll(async () => {
    // A "live" BioTrack NY (a simulator the test runs, reached with credentials as a live system is).
    sim = await startSimulator({ seed: false });
    t = await startTestApp(simulatorEnv(sim));
  });
  afterAll(async () => {
    await t.close();
    await sim.close();
  });

  it('records system and endpoint; a row approved against a simulator is never sent to the live system, a row queued live before endpoints were kept is', async () => {
    const [live, simulated, legacy] = [newUid(), newUid(), newUid()];
    labSamplesAtSimulator(sim, [live, simulated, legacy]);
    const rows = [];
    for (const uid of [live, simulated, legacy]) rows.push(await approveResultSet(t.app, { uid }));
    expect(await row(rows[0].submissionId)).toMatchObject({ target: 'biotrack-ny', endpoint: sim.url });
    await t.sql(`update submissions set endpoint = 'simulator' where id = ?`, [rows[1].submissionId]);
    await t.sql(`update submissions set endpoint = 'live' where id = ?`, [rows[2].submissionId]);

    expect(await t.app.get(OutboxWorker).sendDue()).toMatchObject({ attempts: 2, accepted: 2 });

    expect([live, simulated, legacy].map((uid) => sim.state.effectCount(uid))).toEqual([1, 0, 1]);
    expect(await row(rows[1].submissionId)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  function row(id: string) {
    return t.orm.em.fork().findOneOrFail(Submission, { id });
  }
});
