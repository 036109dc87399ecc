import request from 'supertest';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { Submission } from '../../../src/outbox/submission.entity';
import type { RunningMetrcSimulator } from '../../../src/simulator/metrc-ny/metrc-simulator';
import { approveResultSet } from '../../state-system/result-set.factory';
import { metrcEnv, newTag, startMetrcForTest } from '../../state-system/metrc-env';
import { bearer, startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import { signed, signIn, type WebClient } from './web-client';

const flashes = (html: string): string[] =>
  [...html.matchAll(/<div class="flash flash-(?:success|error)"[^>]*>([^<]*)<\/div>/g)].map((m) => m[1]);

describe('the submissions page: releasing results held in Metrc is signed', () => {
  let sim: RunningMetrcSimulator;
  let t: TestApp;
  let managerToken: string;
  let manager: WebClient;
  let submissionId: string;
  let resultSetId: string;

  const row = () => t.orm.em.fork().findOneOrFail(Submission, { id: submissionId });

  beforeAll(async () => {
    sim = await startMetrcForTest();
    t = await startTestApp(metrcEnv(sim, { METRC_RELEASE: 'manual' }));
    managerToken = await t.userToken('mia.manager', 'manager');
    manager = await signIn(t.http, managerToken);
    const tag = newTag();
    sim.state.receive(sim.state.createTransfer([tag]).Id);
    // The factory's set: created by "importer", submitted by "tara", approved by "maria"; Mia may release it.
    const set = await approveResultSet(t.app, { uid: tag });
    submissionId = set.submissionId;
    resultSetId = set.resultSetId;
    await t.app.get(OutboxWorker).sendDue(new Date(Date.now() + 30 * 60_000));
    expect(await row()).toMatchObject({ status: 'awaiting_release' });
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  it('shows the release form with the signature fields and the default meaning', async () => {
    const page = (await manager.get('/submissions?status=awaiting_release').expect(200)).text;
    expect(page).toContain(`action="/submissions/${submissionId}/release"`);
    expect(page).toContain('Signing records your name, title, the meaning and a fingerprint of these results');
    expect(page).toContain('name="signature[meaning]" value="Released to the state system"');
    expect(page).toContain('name="signature[password]" type="password"');
  });

  it('refuses a wrong password: the page again with a plain message, the meaning kept, the password not, nothing released', async () => {
    const res = await manager.post(`/submissions/${submissionId}/release`, signed('Checked and released', 'not-the-password'));
    expect(res.status).toBe(401);
    expect(flashes(res.text)).toEqual(['That password is not yours: nothing was released. Enter your own password to sign.']);
    expect(res.text).toMatch(/<details class="release-details" open>/);
    expect(res.text).toContain('value="Checked and released"');
    expect(res.text).not.toContain('not-the-password');
    expect(await row()).toMatchObject({ status: 'awaiting_release' });
    // Still signed in: a wrong signature password is not a sign-out.
    await manager.get('/submissions').expect(200);
  });

  it('refuses a release without the password, saying what is missing', async () => {
    const res = await manager.post(`/submissions/${submissionId}/release`, {
      'signature[meaning]': 'Checked',
      'signature[password]': '',
    });
    expect(res.status).toBe(400);
    expect(flashes(res.text)[0]).toMatch(/^Signature: .*password.* Nothing was released\.$/);
    expect(await row()).toMatchObject({ status: 'awaiting_release' });
  });

  it('releases with the right password and records the signature on the result set', async () => {
    const res = await manager
      .post(`/submissions/${submissionId}/release`, signed('Checked and released', TEST_PASSWORD))
      .expect(303);
    expect(res.headers.location).toBe('/submissions');
    const page = (await manager.get('/submissions').expect(200)).text;
    expect(flashes(page)[0]).toMatch(/^Release signed: results for .* will be released in the state system now\.$/);
    const set = (await request(t.http).get(`/api/result-sets/${resultSetId}`).set(bearer(managerToken)).expect(200)).body;
    expect(set.signatures).toEqual([
      expect.objectContaining({ action: 'release', username: 'mia.manager', meaning: 'Checked and released', submissionId }),
    ]);
    const review = (await manager.get(`/review/${resultSetId}`).expect(200)).text;
    expect(review).toContain('Signatures on this version');
    expect(review).toContain('Checked and released');
    expect(review).toContain('released in the state system, version 1');
  });
});
