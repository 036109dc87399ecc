import request from 'supertest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/biotrack-ny/simulator';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { bearer, startTestApp, type TestApp, signature } from '../../support/test-app';
import { approveResultSet, draftResultSet, labSamplesAtSimulator, newUid } from '../../state-system/result-set.factory';
import { simulatorEnv } from '../../state-system/simulator-env';
import { signIn } from '../web/web-client';

describe('approved results reach BioTrack NY (the simulator, over real HTTP) exactly once', () => {
  let sim: RunningSimulator;
  let t: TestApp;
  let manager: string;
  let technician: string;

  beforeAll(async () => {
    sim = await startSimulator({ seed: false });
    t = await startTestApp(simulatorEnv(sim, { OUTBOX_MAX_ATTEMPTS: '3' }));
    manager = await t.userToken('maria', 'manager');
    technician = await t.userToken('tara', 'technician');
  });
  afterEach(() => sim.setFaults({}));
  afterAll(async () => {
    await t.close();
    await sim.close();
  });

  it('sends exactly the approved results: values as numbers, ND as 0 with its qualifier as a note, no derived total', async () => {
    const uid = newUid();
    labSamplesAtSimulator(sim, [uid]);
    const approved = await approveResultSet(t.app, { uid });

    expect(await sendDue()).toMatchObject({ accepted: 1, retry: 0, dead: 0 });

    const held = sim.state.labSample(uid);
    expect(
      held?.TestingData.map((d) => ({ TestID: d.TestID, results: d.TestResult.map(({ TransactionID: _, ...r }) => r) })),
    ).toEqual([
      {
        TestID: 2,
        results: [
          { TestPanel: 'thca', TestValue: 26.82, TestPass: true, LabProvided: false },
          { TestPanel: 'delta9_thc', TestValue: 0.31, TestPass: true, LabProvided: false },
        ],
      },
      {
        TestID: 8,
        results: [
          { TestPanel: 'lead', TestValue: 0.12, TestPass: true, LabProvided: true },
          { TestPanel: 'cadmium', TestValue: 0, TestPass: true, LabProvided: true, TestNote: 'ND' },
        ],
      },
    ]);
    expect(held?.CertOfAnalysisHyperlink).toBe(`${t.config.publicUrl}/api/certificates/${approved.resultSetId}.pdf`);

    const effects = sim.state.effects({ sample: uid });
    expect(effects).toHaveLength(1);
    const row = await submission(approved.submissionId);
    expect(effects[0]).toMatchObject({ kind: 'post-result', externalId: row.idempotencyKey });
    expect(row).toMatchObject({
      status: 'accepted',
      attempts: 1,
      lastError: null,
      remoteTransactionId: String(effects[0].transactionId),
    });

    expect(await sendDue()).toMatchObject({ attempts: 0 });
    expect(sim.state.effectCount(uid)).toBe(1);
  });

  it('reports what a manager released through the review workflow', async () => {
    const uid = newUid();
    labSamplesAtSimulator(sim, [uid]);
    const { resultSetId } = await draftResultSet(t.app, { uid });
    await request(t.http).post(`/api/result-sets/${resultSetId}/submit`).set(bearer(technician)).expect(200);
    const approved = await request(t.http)
      .post(`/api/result-sets/${resultSetId}/approve`)
      .set(bearer(manager))
      .send({ signature: signature() })
      .expect(200);

    expect(await sendDue()).toMatchObject({ accepted: 1 });

    expect(await submission(approved.body.submission.id)).toMatchObject({ status: 'accepted', resultSetId });
    expect(sim.state.effects({ sample: uid }).map((e) => e.kind)).toEqual(['post-result']);
    expect(sim.state.labSample(uid)?.TestingData.flatMap((d) => d.TestResult.map((r) => r.TestPanel))).toEqual([
      'thca',
      'delta9_thc',
      'lead',
      'cadmium',
    ]);
  });

  it('marks results entered by hand from an offline source on every TestResult it sends', async () => {
    const uid = newUid();
    labSamplesAtSimulator(sim, [uid]);
    await approveResultSet(t.app, {
      uid,
      origin: 'manual',
      meta: { offlineSource: { supplierLicense: 'OCM-CULT-24-000999', certificateNumber: 'PAPER-17' } },
      results: [
        { panel: 'metals', analyte: 'lead', value: '0.20', unit: 'ug/g', status: 'pass' },
        { panel: 'metals', analyte: 'arsenic', qualifier: 'ND', unit: 'ug/g', status: 'pass' },
      ],
    });

    await sendDue();

    const notes = sim.state.labSample(uid)?.TestingData.flatMap((d) => d.TestResult.map((r) => r.TestNote));
    expect(notes).toEqual([
      'manual entry from an offline source (supplier OCM-CULT-24-000999, CoA PAPER-17)',
      'ND; manual entry from an offline source (supplier OCM-CULT-24-000999, CoA PAPER-17)',
    ]);
  });

  it('sends an amendment as PUT with its reason, only after the version it amends was accepted', async () => {
    const uid = newUid();
    labSamplesAtSimulator(sim, [uid]);
    const v1 = await approveResultSet(t.app, { uid, releasedAt: new Date(Date.now() - 2000) });
    const v2 = await approveResultSet(t.app, {
      uid,
      amends: v1.resultSetId,
      amendmentReason: 'lead re-integrated',
      releasedAt: new Date(Date.now() - 1000),
      results: [{ panel: 'metals', analyte: 'lead', value: '0.14', unit: 'ug/g', status: 'pass' }],
    });
    // Both due at once: the amendment must not overtake the version it amends.
    await t.sql(`update submissions set next_attempt_at = created_at`);

    await sendDue();
    await sendDue(new Date(Date.now() + 60_000));

    expect(sim.state.effects({ sample: uid }).map((e) => e.kind)).toEqual(['post-result', 'amend-result']);
    expect(sim.state.amendments(uid)).toEqual([
      expect.objectContaining({
        reason: 'lead re-integrated',
        externalId: (await submission(v2.submissionId)).idempotencyKey,
        after: [
          expect.objectContaining({ TestID: 8, TestResult: [expect.objectContaining({ TestPanel: 'lead', TestValue: 0.14 })] }),
        ],
      }),
    ]);
    expect(await submission(v2.submissionId)).toMatchObject({ kind: 'amend', status: 'accepted' });
  });

  it('gives up after OUTBOX_MAX_ATTEMPTS with the reason, and sends again when a manager retries it', async () => {
    const uid = newUid();
    labSamplesAtSimulator(sim, [uid]);
    const { submissionId } = await approveResultSet(t.app, { uid });
    sim.setFaults({ error5xxRate: 1, error5xxStatuses: [502] });

    for (let i = 1; i <= 3; i += 1) await sendDue(new Date(Date.now() + i * 60_000));

    const dead = await submission(submissionId);
    expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
    expect(dead.lastError).toMatch(
      /^gave up after 3 attempts \(OUTBOX_MAX_ATTEMPTS=3\): \[retryable\] GET \/v1\/lab\/sample: HTTP 502 \(502\): server error/,
    );
    expect(sim.state.effectCount(uid)).toBe(0);

    sim.setFaults({});
    await request(t.http).post(`/api/submissions/${submissionId}/retry`).set(bearer(technician)).expect(403);
    const retried = await request(t.http).post(`/api/submissions/${submissionId}/retry`).set(bearer(manager)).expect(200);
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 0 });
    await sendDue();

    expect(await submission(submissionId)).toMatchObject({ status: 'accepted', attempts: 1 });
    expect(sim.state.effectCount(uid)).toBe(1);
    const again = await request(t.http).post(`/api/submissions/${submissionId}/retry`).set(bearer(manager)).expect(409);
    expect(again.body.message).toMatch(/is accepted; only dead, retry or needs-action submissions .* can be retried/);
    const audit = await request(t.http)
      .get(`/api/audit?entityType=submission&entityId=${submissionId}`)
      .set(bearer(manager))
      .expect(200);
    expect((audit.body as Array<{ action: string; actor: string }>).map((e) => `${e.actor} ${e.action}`)).toEqual([
      'maria submission.queued',
      ...Array.from({ length: 2 }, () => ['outbox submission.sending', 'outbox submission.retry_scheduled']).flat(),
      'outbox submission.sending',
      'outbox submission.dead',
      'maria submission.retried',
      'outbox submission.sending',
      'outbox submission.accepted',
    ]);
  });

  it.each([
    [
      'a sample the state system does not know',
      () => ({ uid: newUid(), known: false, results: undefined }),
      /^\[permanent\] the state system has no lab sample \d{16} for this lab/,
      'register_sample',
    ],
    [
      'a result the mapping cannot place',
      () => ({
        uid: newUid(),
        known: true,
        results: [{ panel: 'other', analyte: 'vitamin_e_acetate', qualifier: 'ND', unit: 'ug/g', status: 'pass' as const }],
      }),
      /^\[permanent\] cannot be sent as mapped: vitamin_e_acetate: panel other has no TestID in the mapping/,
      'fix_setup',
    ],
    [
      'a presence result with no honest number',
      () => ({
        uid: newUid(),
        known: true,
        results: [{ panel: 'microbials', analyte: 'salmonella', qualifier: 'PRESENT', unit: 'CFU/g', status: 'fail' as const }],
      }),
      /salmonella: PRESENT has no number the state system can take \(qualifier rule refuse\)/,
      'fix_setup',
    ],
  ])('stops at once at needs_action, never gave up, with the reason and what to do for %s', async (_, make, reason, action) => {
    const { uid, known, results } = make();
    if (known) labSamplesAtSimulator(sim, [uid]);
    const { submissionId } = await approveResultSet(t.app, { uid, results });

    await sendDue();

    const row = await submission(submissionId);
    expect(row).toMatchObject({ status: 'needs_action', attempts: 1, needsAction: { action, retryHelps: true } });
    expect(row.needsAction?.whatToDo.length).toBeGreaterThan(20);
    expect(row.lastError).toMatch(reason);
    expect(sim.state.effectCount(uid)).toBe(0);
  });

  it('sends a refused submission again once the sample is registered in the state system, on Retry', async () => {
    const uid = newUid();
    const { submissionId } = await approveResultSet(t.app, { uid });
    await sendDue();
    expect(await submission(submissionId)).toMatchObject({
      status: 'needs_action',
      needsAction: { action: 'register_sample', retryHelps: true },
    });
    const page = await signIn(t.http, manager);
    const listed = await page.get('/submissions?status=needs_action').expect(200);
    expect(listed.text).toContain('Needs action');
    expect(listed.text).toContain('What to do:</strong> Register the sample in the state system');
    expect(listed.text).toContain(`Retry the submission for LAB-${uid}`);

    labSamplesAtSimulator(sim, [uid]);
    await request(t.http).post(`/api/submissions/${submissionId}/retry`).set(bearer(manager)).expect(200);
    await sendDue();
    expect(await submission(submissionId)).toMatchObject({ status: 'accepted', needsAction: null });
    expect(sim.state.effectCount(uid)).toBe(1);
  });

  it('sends an approved amendment in place of a refused submission, as first results, and closes the refused one', async () => {
    const uid = newUid();
    labSamplesAtSimulator(sim, [uid]);
    const v1 = await approveResultSet(t.app, {
      uid,
      results: [{ panel: 'microbials', analyte: 'salmonella', qualifier: 'PRESENT', unit: 'CFU/g', status: 'fail' }],
    });
    await sendDue();
    expect(await submission(v1.submissionId)).toMatchObject({ status: 'needs_action' });

    const v2 = await approveResultSet(t.app, { uid, amends: v1.resultSetId, amendmentReason: 'salmonella re-plated: absent' });
    expect(await submission(v1.submissionId)).toMatchObject({ status: 'superseded', needsAction: null });
    expect(await submission(v2.submissionId)).toMatchObject({ kind: 'post', status: 'pending' });
    const audit = await request(t.http)
      .get(`/api/audit?entityType=submission&entityId=${v1.submissionId}`)
      .set(bearer(manager))
      .expect(200);
    expect((audit.body as Array<{ action: string; after: unknown }>).at(-1)).toMatchObject({
      action: 'submission.superseded',
      after: { status: 'superseded', byResultSet: v2.resultSetId },
    });

    await sendDue();
    expect(await submission(v2.submissionId)).toMatchObject({ status: 'accepted' });
    expect(sim.state.effects({ sample: uid }).map((e) => e.kind)).toEqual(['post-result']);
  });

  it('offers no Retry where only an amendment can help, and says so', async () => {
    const uid = newUid();
    const { submissionId } = await approveResultSet(t.app, { uid });
    // As the worker leaves a submission whose values the state system refused (HTTP 400).
    await t.sql(`update submissions set status = 'needs_action', action = 'amend', attempts = 1 where id = ?`, [submissionId]);
    expect(await submission(submissionId)).toMatchObject({ needsAction: { action: 'amend', retryHelps: false } });
    const refused = await request(t.http).post(`/api/submissions/${submissionId}/retry`).set(bearer(manager)).expect(409);
    expect(refused.body.message).toContain('cannot succeed by sending it again: Amend the result set');
    const page = await signIn(t.http, manager);
    const listed = await page.get('/submissions?status=needs_action').expect(200);
    expect(listed.text).toContain('What to do:</strong> Amend the result set');
    expect(listed.text).not.toContain(`Retry the submission for LAB-${uid}`);
    await t.sql(`update submissions set status = 'accepted' where id = ?`, [submissionId]);
  });

  it('shows each row’s 48-hour deadline, what is late or near-late, and the queue in /health', async () => {
    const hour = 60 * 60 * 1000;
    sim.setFaults({ error5xxRate: 1 });
    const late = await approveResultSet(t.app, { uid: newUid(), releasedAt: new Date(Date.now() - 50 * hour) });
    const near = await approveResultSet(t.app, { uid: newUid(), releasedAt: new Date(Date.now() - 40 * hour) });
    const fresh = await approveResultSet(t.app, { uid: newUid(), releasedAt: new Date(Date.now() + hour) });

    const list = await request(t.http).get('/api/submissions?status=pending').set(bearer(manager)).expect(200);
    const byId = new Map((list.body.submissions as Array<{ id: string }>).map((s) => [s.id, s]));
    expect(byId.get(late.submissionId)).toMatchObject({
      late: true,
      nearLate: false,
      status: 'pending',
      attempts: 0,
      lastError: null,
    });
    expect(byId.get(near.submissionId)).toMatchObject({ late: false, nearLate: true });
    expect(byId.get(fresh.submissionId)).toMatchObject({ late: false, nearLate: false });
    expect(byId.get(near.submissionId)).toEqual(
      expect.objectContaining({
        deadlineAt: expect.any(String),
        remoteTransactionId: null,
        sample: { labSampleId: expect.any(String), uid: expect.any(String) },
      }),
    );
    expect(list.body.summary).toMatchObject({ late: 1, nearLate: 1 });
    const lateOnly = await request(t.http).get('/api/submissions?deadline=late').set(bearer(manager)).expect(200);
    expect(lateOnly.body.submissions.map((s: { id: string }) => s.id)).toEqual([late.submissionId]);
    await request(t.http).get('/api/submissions').set(bearer(technician)).expect(403);
    await request(t.http).get('/api/submissions?status=lost').set(bearer(manager)).expect(400);

    const health = await request(t.http).get('/health').expect(200);
    expect(health.body.queue).toMatchObject({ pending: 3, sending: 0, retry: 0 });
    expect(health.body.stateSystem).toMatchObject({ kind: 'biotrack-ny', reachable: false });
    sim.setFaults({});
    expect((await request(t.http).get('/health').expect(200)).body.stateSystem).toMatchObject({ reachable: true });
  });

  function sendDue(now?: Date) {
    return t.app.get(OutboxWorker).sendDue(now);
  }

  async function submission(id: string) {
    const res = await request(t.http).get('/api/submissions?limit=500').set(bearer(manager)).expect(200);
    type Row = {
      id: string;
      idempotencyKey: string;
      lastError: string | null;
      needsAction: { action: string; whatToDo: string; retryHelps: boolean } | null;
    };
    const row = (res.body.submissions as Row[]).find((s) => s.id === id);
    if (!row) throw new Error(`submission ${id} not listed`);
    return row;
  }
});
