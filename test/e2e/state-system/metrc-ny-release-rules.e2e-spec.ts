import request from 'supertest';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { Submission } from '../../../src/outbox/submission.entity';
import type { RunningMetrcSimulator } from '../../../src/simulator/metrc-ny/metrc-simulator';
import { bearer, startTestApp, type TestApp, signature } from '../../support/test-app';
import { approveResultSet, FLOWER_RESULTS, type ResultSpec } from '../../state-system/result-set.factory';
import { metrcEnv, newTag, startMetrcForTest } from '../../state-system/metrc-env';

/** FLOWER_RESULTS with lead corrected from 0.12 to 0.14. */
const AMENDED: ResultSpec[] = FLOWER_RESULTS.map((r) => (r.analyte === 'lead' ? { ...r, value: '0.14' } : r));

describe('Metrc NY: the manual release, rate limits and re-recording an amendment', () => {
  let sim: RunningMetrcSimulator;
  let t: TestApp;
  let minutes = 0;
  let mgr: string;

  const sendLater = async (): Promise<void> => {
    minutes += 30;
    await t.app.get(OutboxWorker).sendDue(new Date(Date.now() + minutes * 60_000));
  };
  const row = (id: string) => t.orm.em.fork().findOneOrFail(Submission, { id });
  const received = (): string => {
    const tag = newTag();
    sim.state.receive(sim.state.createTransfer([tag]).Id);
    return tag;
  };

  describe('METRC_RELEASE=manual, METRC_ALLOW_RERECORD=false', () => {
    beforeAll(async () => {
      sim = await startMetrcForTest();
      t = await startTestApp(metrcEnv(sim, { METRC_RELEASE: 'manual' }));
      mgr = await t.userToken('mia.manager', 'manager');
    });
    afterAll(async () => {
      await t?.close();
      await sim.close();
    });

    it('a manager who submitted the set cannot release it (two-person rule); another manager can, with a note and a signature key, audited', async () => {
      const tag = received();
      // The factory's set: created by "importer", submitted by "tara", approved by "maria".
      const set = await approveResultSet(t.app, { uid: tag });
      await sendLater();
      expect(await row(set.submissionId)).toMatchObject({ status: 'awaiting_release' });

      const submitter = await t.userToken('tara', 'manager');
      const refused = await request(t.http)
        .post(`/api/submissions/${set.submissionId}/release`)
        .set(bearer(submitter))
        .send({ signature: signature('Released to the state system') })
        .expect(403);
      expect(refused.body.message).toBe('two-person rule: tara submitted its result set, so another manager must release it');
      const creator = await t.userToken('importer', 'manager');
      await request(t.http)
        .post(`/api/submissions/${set.submissionId}/release`)
        .set(bearer(creator))
        .send({ signature: signature('Released to the state system') })
        .expect(403);
      expect(await row(set.submissionId)).toMatchObject({ status: 'awaiting_release' });

      const unknown = await request(t.http)
        .post(`/api/submissions/${set.submissionId}/release`)
        .set(bearer(mgr))
        .send({ releaseNow: true, signature: signature('Released to the state system') })
        .expect(400);
      expect(unknown.body.message).toContain('releaseNow');
      await request(t.http).post(`/api/submissions/${set.submissionId}/release`).set(bearer(mgr)).send({}).expect(400);
      await request(t.http)
        .post(`/api/submissions/${set.submissionId}/release`)
        .set(bearer(mgr))
        .send({ signature: { password: 'not mia’s password', meaning: 'Released' } })
        .expect(401);
      expect(await row(set.submissionId)).toMatchObject({ status: 'awaiting_release' });
      await request(t.http)
        .post(`/api/submissions/${set.submissionId}/release`)
        .set(bearer(mgr))
        .send({ note: 'CoA checked against the paper copy', signature: signature('Released to the state system') })
        .expect(200);
      await sendLater();
      expect(await row(set.submissionId)).toMatchObject({ status: 'accepted' });
      expect(sim.state.effects({ label: tag }).map((e) => e.kind)).toEqual(['record', 'release']);

      const audit = await request(t.http)
        .get(`/api/audit?entityType=submission&entityId=${set.submissionId}`)
        .set(bearer(mgr))
        .expect(200);
      const release = (audit.body as Array<{ actor: string; action: string; after: Record<string, unknown> }>).filter(
        (e) => e.action === 'submission.release_approved',
      );
      expect(release).toEqual([
        expect.objectContaining({
          actor: 'mia.manager',
          after: expect.objectContaining({ releaseApprovedBy: 'mia.manager', note: 'CoA checked against the paper copy' }),
        }),
      ]);
      expect(release[0].after.signature).toMatchObject({
        action: 'release',
        meaning: 'Released to the state system',
        fullName: 'Mia Manager',
      });
      const signed = await request(t.http).get(`/api/result-sets/${set.resultSetId}`).set(bearer(mgr)).expect(200);
      expect(signed.body.signatures).toEqual([
        expect.objectContaining({ action: 'release', username: 'mia.manager', submissionId: set.submissionId }),
      ]);
      const verified = await request(t.http).get('/api/audit/verify').set(bearer(mgr)).expect(200);
      expect(verified.body).toMatchObject({ ok: true, signatures: { checked: 1, tampered: [] } });
    });

    it('an amendment of a recorded, unreleased set is left for a person with what changed; the superseded version cannot be released', async () => {
      const tag = received();
      const first = await approveResultSet(t.app, { uid: tag });
      await sendLater();
      expect(await row(first.submissionId)).toMatchObject({ status: 'awaiting_release' });

      const amended = await approveResultSet(t.app, { uid: tag, amends: first.resultSetId, results: AMENDED });
      await sendLater();
      const held = await row(amended.submissionId);
      expect(held).toMatchObject({ kind: 'amend', status: 'manual_correction_required' });
      expect(held.lastError).toContain('METRC_ALLOW_RERECORD is off');
      expect(held.lastError).toContain('Lead (ppm) Raw Plant Material: 0.12 → 0.14');
      expect(sim.state.effects({ label: tag }).map((e) => e.kind)).toEqual(['record']);

      const refused = await request(t.http)
        .post(`/api/submissions/${first.submissionId}/release`)
        .set(bearer(mgr))
        .send({ signature: signature('Released to the state system') })
        .expect(409);
      expect(refused.body.message).toContain('which is superseded');
      await sendLater();
      expect(sim.state.effects({ label: tag }).map((e) => e.kind)).toEqual(['record']);
    });

    it('a 429 does not use up an attempt: the row waits out Retry-After and is sent once Metrc lets it', async () => {
      const tag = received();
      const set = await approveResultSet(t.app, { uid: tag });
      sim.setFaults({ rate429: 1, retryAfterSeconds: 1 });
      for (let i = 0; i < 4; i += 1) await sendLater();
      expect(await row(set.submissionId)).toMatchObject({
        status: 'retry',
        attempts: 0,
        lastError: expect.stringContaining('HTTP 429'),
      });
      expect(sim.state.requests.filter((r) => r.fault === '429').length).toBeGreaterThanOrEqual(4);

      sim.setFaults({});
      // The key's gate honours the last Retry-After (1 s) before the next call.
      await new Promise((r) => setTimeout(r, 1100));
      await sendLater();
      expect(await row(set.submissionId)).toMatchObject({ status: 'awaiting_release', attempts: 1 });
      expect(sim.state.effects({ label: tag }).map((e) => e.kind)).toEqual(['record']);
    });
  });

  describe('METRC_RELEASE=manual, METRC_ALLOW_RERECORD=true', () => {
    beforeAll(async () => {
      sim = await startMetrcForTest();
      t = await startTestApp(metrcEnv(sim, { METRC_RELEASE: 'manual', METRC_ALLOW_RERECORD: 'true' }));
      mgr = await t.userToken('mia.manager', 'manager');
    });
    afterAll(async () => {
      await t?.close();
      await sim.close();
    });

    it('an amendment of an unreleased set is recorded again and released; one of a released set is still left for a person', async () => {
      const tag = received();
      const first = await approveResultSet(t.app, { uid: tag });
      await sendLater();
      expect(await row(first.submissionId)).toMatchObject({ status: 'awaiting_release' });

      const amended = await approveResultSet(t.app, { uid: tag, amends: first.resultSetId, results: AMENDED });
      await sendLater();
      expect(await row(amended.submissionId)).toMatchObject({ kind: 'amend', status: 'awaiting_release' });
      expect(sim.state.effects({ label: tag }).map((e) => e.kind)).toEqual(['record', 'record']);
      await request(t.http)
        .post(`/api/submissions/${amended.submissionId}/release`)
        .set(bearer(mgr))
        .send({ signature: signature('Released to the state system') })
        .expect(200);
      await sendLater();
      expect(await row(amended.submissionId)).toMatchObject({ status: 'accepted' });
      expect(sim.state.effects({ label: tag }).map((e) => e.kind)).toEqual(['record', 'record', 'release']);
      // Metrc keeps both records; the latest of each type is the amended value, and all are released.
      const lead = sim.state.resultsOf(tag).filter((r) => r.TestTypeName === 'Lead (ppm) Raw Plant Material');
      expect(lead.map((r) => [r.TestResultLevel, r.ResultReleased])).toEqual([
        [0.12, true],
        [0.14, true],
      ]);

      // After release nothing is recorded again, whatever METRC_ALLOW_RERECORD says.
      const again = await approveResultSet(t.app, {
        uid: tag,
        amends: amended.resultSetId,
        results: AMENDED.map((r) => (r.analyte === 'lead' ? { ...r, value: '0.16' } : r)),
      });
      await sendLater();
      const held = await row(again.submissionId);
      expect(held).toMatchObject({ kind: 'amend', status: 'manual_correction_required' });
      expect(held.lastError).toContain('already released in Metrc');
      expect(held.lastError).toContain('Lead (ppm) Raw Plant Material: 0.14 → 0.16');
      expect(sim.state.effects({ label: tag })).toHaveLength(3);
    });
  });
});
