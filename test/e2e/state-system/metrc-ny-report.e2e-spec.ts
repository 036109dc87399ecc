import request from 'supertest';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { Submission } from '../../../src/outbox/submission.entity';
import type { RunningMetrcSimulator } from '../../../src/simulator/metrc-ny/metrc-simulator';
import { upload } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp, signature } from '../../support/test-app';
import { loadMetrcMapping, mappedTypeNames } from '../../../src/state-system/metrc-ny/mapping.loader';
import { approveResultSet } from '../../state-system/result-set.factory';
import { METRC_MAPPING_FILE, metrcEnv, newTag, startMetrcForTest } from '../../state-system/metrc-env';

const MAPPING = JSON.stringify({ sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units', loq: 'LOQ' });

/** What Metrc should hold for the CSV below, by the mapping file (ND as 0 with the qualifier, <LOQ with its LOQ). */
const EXPECTED = [
  ['THCA (%) Raw Plant Material', 24.1, true, ''],
  ['Lead (ppm) Raw Plant Material', 0, true, 'ND'],
  ['Arsenic (ppm) Raw Plant Material', 0, true, '<LOQ (LOQ 0.05 ug/g)'],
];

describe.each([
  ['manual', 'a manager releases it'],
  ['auto', 'it is released as soon as it is verified'],
])('Metrc NY, METRC_RELEASE=%s: intake, import, two-person approval, recorded with the certificate, %s', (release) => {
  let sim: RunningMetrcSimulator;
  let t: TestApp;
  let tech: string;
  let mgr: string;

  beforeAll(async () => {
    sim = await startMetrcForTest();
    t = await startTestApp(metrcEnv(sim, { METRC_RELEASE: release }));
    tech = await t.userToken('tara.tech', 'technician');
    mgr = await t.userToken('mia.manager', 'manager');
  });
  afterAll(async () => {
    await t?.close();
    await sim.close();
  });

  it('reports exactly the approved results to Metrc once, after the sample was received there', async () => {
    const [tag, other] = [newTag(), newTag()];
    const transfer = sim.state.createTransfer([tag, other]);

    const sync = await request(t.http).post('/api/samples/sync').set(bearer(tech)).expect(200);
    expect(sync.body.problems).toEqual([]);
    expect(sync.body.registered.map((r: { uid: string }) => r.uid).sort()).toEqual([tag, other].sort());
    expect(sync.body.received).toEqual([]);

    const csv = `Sample,Analyte,Result,Units,LOQ\n${tag},THCA,24.10,%,0.02\n${tag},Lead,ND,ug/g,0.05\n${tag},Arsenic,<LOQ,ug/g,0.05\n`;
    const imported = await upload(
      t.http,
      tech,
      { name: 'metrc.csv', bytes: Buffer.from(csv) },
      { template: 'generic-long', mapping: MAPPING },
    ).expect(201);
    const setId = imported.body.resultSets[0].id as string;
    // Only some panels were ordered: the technician may not submit it; a manager does, as a partial set with the reason.
    const refused = await request(t.http).post(`/api/result-sets/${setId}/submit`).set(bearer(tech)).expect(409);
    expect(refused.body.readiness.every((i: { kind: string }) => i.kind === 'missing_panel')).toBe(true);
    const lead = await t.userToken('lena.lead', 'manager');
    await request(t.http)
      .post(`/api/result-sets/${setId}/submit`)
      .set(bearer(lead))
      .send({ override: { reason: 'the client ordered potency and metals only' } })
      .expect(200);
    await request(t.http).post(`/api/result-sets/${setId}/approve`).set(bearer(mgr)).send({ signature: signature() }).expect(200);
    const row = async () => t.orm.em.fork().findOneOrFail(Submission, { resultSet: setId });
    expect(await row()).toMatchObject({ target: 'metrc-ny', endpoint: sim.url, status: 'pending' });

    // Not received in Metrc yet: nothing is written, and waiting does not use up attempts.
    await sendLater();
    expect(await row()).toMatchObject({
      status: 'retry',
      attempts: 0,
      lastError: expect.stringContaining('waiting to be received in Metrc'),
    });
    expect(sim.state.effects()).toEqual([]);

    sim.state.receive(transfer.Id);
    await sendLater();
    if (release === 'manual') {
      expect(await row()).toMatchObject({ status: 'awaiting_release', step: 'release' });
      expect(sim.state.effects().map((e) => e.kind)).toEqual(['record']);
      await request(t.http)
        .post(`/api/submissions/${(await row()).id}/release`)
        .set(bearer(tech))
        .send({ signature: signature('Released to the state system') })
        .expect(403);
      const released = await request(t.http)
        .post(`/api/submissions/${(await row()).id}/release`)
        .set(bearer(mgr))
        .send({ signature: signature('Released to the state system') })
        .expect(200);
      expect(released.body).toMatchObject({ status: 'pending' });
      await request(t.http)
        .post(`/api/submissions/${(await row()).id}/release`)
        .set(bearer(mgr))
        .send({ signature: signature('Released to the state system') })
        .expect(409);
      await sendLater();
    }

    expect(await row()).toMatchObject({ status: 'accepted' });
    expect(sim.state.effects().map((e) => `${e.kind} ${e.label}`)).toEqual([`record ${tag}`, `release ${tag}`]);
    const held = sim.state.resultsOf(tag);
    expect(held.map((r) => [r.TestTypeName, r.TestResultLevel, r.TestPassed, r.TestComment])).toEqual(EXPECTED);
    expect(held.every((r) => r.ResultReleased && r.LabTestResultDocumentFileId !== null)).toBe(true);
    const doc = sim.state.documents.get(held[0].LabTestResultDocumentFileId as number);
    expect(doc?.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(sim.state.resultsOf(other)).toEqual([]);

    // Nothing more is sent.
    await sendLater();
    expect(sim.state.effects()).toHaveLength(2);
    if (release === 'manual') {
      const audit = await request(t.http)
        .get(`/api/audit?entityType=submission&entityId=${(await row()).id}`)
        .set(bearer(mgr))
        .expect(200);
      expect(
        (audit.body as Array<{ actor: string; action: string }>)
          .filter((e) => e.action === 'submission.release_approved')
          .map((e) => e.actor),
      ).toEqual(['mia.manager']);
    }
  });

  let minutes = 0;
  async function sendLater(): Promise<void> {
    minutes += 30;
    await t.app.get(OutboxWorker).sendDue(new Date(Date.now() + minutes * 60_000));
  }
});

describe('Metrc NY: the mapping checked against Metrc lab test types', () => {
  let sim: RunningMetrcSimulator;
  let t: TestApp;

  beforeAll(async () => {
    const names = mappedTypeNames(loadMetrcMapping(METRC_MAPPING_FILE)).filter((n) => n !== 'Lead (ppm) Raw Plant Material');
    sim = await startMetrcForTest({ typeNames: names });
    t = await startTestApp(metrcEnv(sim, { METRC_RELEASE: 'auto' }));
  });
  afterAll(async () => {
    await t?.close();
    await sim.close();
  });

  it('lists a name Metrc does not know on /health, and a submission needing it stops with that reason, nothing sent', async () => {
    const health = await request(t.http).get('/health').expect(200);
    expect(health.body.stateSystem).toMatchObject({
      kind: 'metrc-ny',
      endpoint: sim.url,
      reachable: true,
      license: 'LAB-NY-000042',
      release: 'auto',
      mapping: { unknownTypeNames: ['Lead (ppm) Raw Plant Material'], requiredTypesNotFilled: [] },
    });

    const tag = newTag();
    sim.state.receive(sim.state.createTransfer([tag]).Id);
    const approved = await approveResultSet(t.app, { uid: tag });
    await t.app.get(OutboxWorker).sendDue();
    const row = await t.orm.em.fork().findOneOrFail(Submission, { id: approved.submissionId });
    expect(row).toMatchObject({
      status: 'needs_action',
      action: 'fix_setup',
      lastError: expect.stringContaining('lead: Metrc has no lab test type "Lead (ppm) Raw Plant Material"'),
    });
    expect(sim.state.effects()).toEqual([]);
  });
});
