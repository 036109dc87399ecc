import { startSimulator, type RunningSimulator } from '../../../src/simulator/biotrack-ny/simulator';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { Submission } from '../../../src/outbox/submission.entity';
import { SubmissionRepository } from '../../../src/outbox/submission.repository';
import { startTestApp, type TestApp } from '../../support/test-app';
import { approveResultSet, labSamplesAtSimulator, newUid } from '../../state-system/result-set.factory';
import { simulatorEnv } from '../../state-system/simulator-env';

describe('outbox claims: one sender per row, a dead sender’s row is taken over after its lease', () => {
  let sim: RunningSimulator;
  let t: TestApp;
  let rows: SubmissionRepository;

  beforeAll(async () => {
    sim = await startSimulator({ seed: false });
    t = await startTestApp(simulatorEnv(sim, { OUTBOX_CONCURRENCY: '4' }));
    rows = t.app.get(SubmissionRepository);
  });
  afterAll(async () => {
    await t.close();
    await sim.close();
  });

  it('claims a due row once: while its lease holds nobody else gets it', async () => {
    const { submissionId } = await approveResultSet(t.app, { uid: newUid() });
    const leaseUntil = new Date(Date.now() + 30_000);

    const first = await claim('a', leaseUntil);
    const second = await claim('b', leaseUntil);

    expect(first).toMatchObject({ id: submissionId, attempt: 1, previousStatus: 'pending' });
    expect(second).toBeNull();
    expect(await row(submissionId)).toMatchObject({ status: 'sending', attempts: 1, lockedBy: 'a', lockedUntil: leaseUntil });
  });

  it('takes over a row whose sender’s lease ran out, and the late sender cannot overwrite it', async () => {
    const { submissionId } = await approveResultSet(t.app, { uid: newUid() });
    await claim('crashed', new Date(Date.now() - 1));

    const taken = await claim('survivor', new Date(Date.now() + 30_000));
    const late = await rows.complete(submissionId, 'crashed', 1, { status: 'accepted', audit: {} });

    expect(taken).toMatchObject({ id: submissionId, attempt: 2, previousStatus: 'sending' });
    expect(late).toBe(false);
    expect(await row(submissionId)).toMatchObject({ status: 'sending', attempts: 2, lockedBy: 'survivor' });
    await rows.complete(submissionId, 'survivor', 2, { status: 'dead', lastError: 'test', audit: {} });
  });

  it('sends a taken-over row once, after looking it up, with all lanes free', async () => {
    const uid = newUid();
    labSamplesAtSimulator(sim, [uid]);
    const { submissionId } = await approveResultSet(t.app, { uid });
    await claim('crashed', new Date(Date.now() - 1));

    const summary = await t.app.get(OutboxWorker).sendDue();

    expect(summary).toEqual({ attempts: 1, accepted: 1, retry: 0, dead: 0, held: 0, lost: 0 });
    expect(await row(submissionId)).toMatchObject({ status: 'accepted', attempts: 2, lockedBy: null, lockedUntil: null });
    expect(
      sim.state.requestLog().map((r) => `${r.method} ${r.path.replace(/\d{16}/, '<uid>').replace(/\/\d+\//, '/<id>/')}`),
    ).toEqual([
      'POST /v1/lab/login',
      'GET /v1/lab/sample?inventoryid=<uid>&cursor=0&limit=100',
      'GET /v1/lab/test',
      'POST /v1/lab/sample/<id>/result',
    ]);
    expect(sim.state.effectCount(uid)).toBe(1);
  });

  function claim(owner: string, leaseUntil: Date) {
    return rows.claimNext({ target: 'biotrack-ny', endpoint: sim.url, owner, now: new Date(), leaseUntil, waitMs: 10 });
  }

  function row(id: string) {
    return t.orm.em.fork().findOneOrFail(Submission, { id });
  }
});
