import request from 'supertest';
import { METALS, POTENCY, ResultSetFactory } from '../../support/factories/result-set.factory';
import { ADMIN_TOKEN, TEST_PASSWORD, bearer, signature, startTestApp, type TestApp } from '../../support/test-app';
import { countRows, reviewAs, submissionsOf } from './review-requests';

interface SignatureBody {
  id: string;
  action: string;
  meaning: string;
  username: string;
  fullName: string;
  title: string | null;
  resultSetId: string;
  resultSetVersion: number;
  contentHash: string;
}

describe('e-signatures: approve, reject and amend are signed with the password and a meaning', () => {
  let t: TestApp;
  let tech: ReturnType<typeof reviewAs>;
  let rita: ReturnType<typeof reviewAs>;
  let ritaToken: string;
  let sample = 0;

  beforeAll(async () => {
    t = await startTestApp();
    tech = reviewAs(t, await t.userToken('tara.tech', 'technician'));
    const made = await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      .send({
        username: 'rita.director',
        fullName: 'Rita Okafor',
        title: 'Laboratory Director',
        role: 'manager',
        password: TEST_PASSWORD,
      })
      .expect(201);
    ritaToken = (made.body as { token: string }).token;
    rita = reviewAs(t, ritaToken);
  });
  afterAll(async () => t.close());

  /** A complete set imported by the technician, its own sample; submitted unless asked not to. */
  async function setInReview(submit = true): Promise<string> {
    sample += 1;
    const built = await ResultSetFactory.for(t)
      .by('tara.tech')
      .sample({ labSampleId: `2502RLI0135-08${String(sample).padStart(2, '0')}` })
      .from(POTENCY)
      .from(METALS)
      .complete()
      .build();
    if (submit) await tech.submit(built.resultSetId).expect(200);
    return built.resultSetId;
  }

  const verify = async () => (await request(t.http).get('/api/audit/verify').set(bearer(ADMIN_TOKEN)).expect(200)).body;

  it('refuses an approval without a signature (400, naming signature), whatever token it carries', async () => {
    const id = await setInReview();
    for (const body of [{ signature: undefined }, { signature: 'yes' }, { signature: { password: TEST_PASSWORD } }]) {
      const res = await rita.approve(id, body).expect(400);
      expect(res.body.message).toContain('signature');
    }
    const short = await rita.approve(id, { signature: { password: TEST_PASSWORD, meaning: 'ok' } }).expect(400);
    expect(short.body.message).toContain('signature.meaning');
    expect((await rita.get(id).expect(200)).body).toMatchObject({ status: 'in_review', signatures: [] });
  });

  it('refuses a wrong password with 401: nothing changes, nothing is queued, the failure is audited', async () => {
    const id = await setInReview();
    const res = await rita.approve(id, { signature: { password: 'not the password', meaning: 'Approved' } }).expect(401);
    expect(res.body.message).toContain('signature');
    expect((await rita.get(id).expect(200)).body).toMatchObject({ status: 'in_review', approvedBy: null, signatures: [] });
    expect(await submissionsOf(t, id)).toEqual([]);
    expect(await countRows(t, 'signatures')).toBe(0);
    const failed = await request(t.http).get('/api/audit?actor=rita.director').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(failed.body.filter((e: { action: string }) => e.action === 'signature.failed')).toEqual([
      expect.objectContaining({ after: { action: 'approve', targets: [id], reason: 'wrong_password' } }),
    ]);
    expect(JSON.stringify(failed.body)).not.toContain('not the password');
  });

  it('refuses a person without a password (an API-token-only account) with 401, saying to set one', async () => {
    const id = await setInReview();
    const res = await reviewAs(t, ADMIN_TOKEN).approve(id).expect(401);
    expect(res.body.message).toMatch(/no password to sign with.*set a password/);
    expect((await rita.get(id).expect(200)).body.status).toBe('in_review');
  });

  it('records the signature with full name, title and meaning, shows it on the set, in its audit event and for the certificate', async () => {
    const id = await setInReview();
    const res = await rita.approve(id, { signature: signature('Reviewed and approved for release') }).expect(200);
    const signed = res.body.signature as SignatureBody;
    expect(signed).toMatchObject({
      action: 'approve',
      meaning: 'Reviewed and approved for release',
      username: 'rita.director',
      fullName: 'Rita Okafor',
      title: 'Laboratory Director',
      resultSetId: id,
      resultSetVersion: 1,
    });
    expect(signed.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(res.body)).not.toContain(TEST_PASSWORD);

    const view = (await rita.get(id).expect(200)).body;
    expect(view.signatures).toEqual([signed]);
    const approved = view.history.find((e: { action: string }) => e.action === 'result_set.approved');
    expect(approved.after.signature).toMatchObject({
      id: signed.id,
      fullName: 'Rita Okafor',
      title: 'Laboratory Director',
      meaning: 'Reviewed and approved for release',
      contentHash: signed.contentHash,
    });
    expect(view.meta.release.signatures).toEqual([
      expect.objectContaining({ username: 'rita.director', fullName: 'Rita Okafor', title: 'Laboratory Director' }),
    ]);
    expect(await verify()).toMatchObject({ ok: true, signatures: { tampered: [] } });
  });

  it('signs a rejection and an amendment', async () => {
    const id = await setInReview();
    await rita.reject(id, 'Pb internal standard out of range; re-run', { password: 'wrong', meaning: 'Rejected' }).expect(401);
    await rita.reject(id, 'Pb internal standard out of range; re-run').expect(200);
    const rejected = (await rita.get(id).expect(200)).body;
    expect(rejected.signatures).toEqual([expect.objectContaining({ action: 'reject', meaning: 'Reviewed and rejected' })]);

    await tech.submit(id).expect(200);
    await rita.approve(id).expect(200);
    const change = { reason: 'transcription error on lead found at audit', changes: [{ analyte: 'lead', value: '0.11' }] };
    await rita.amend(id, { ...change, signature: undefined }).expect(400);
    const amendment = (await rita.amend(id, change).expect(201)).body;
    const amended = (await rita.get(id).expect(200)).body;
    expect(amended.signatures.map((s: SignatureBody) => s.action)).toEqual(['reject', 'approve', 'amend']);
    expect(amended.history.find((e: { action: string }) => e.action === 'result_set.amended').after.signature).toMatchObject({
      action: 'amend',
      fullName: 'Rita Okafor',
    });
    expect(amendment.signatures).toEqual([]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  describe('bulk approval', () => {
    it('approves several sets under one signature, one record each, and refuses those that cannot be approved', async () => {
      const [a, b] = [await setInReview(), await setInReview()];
      const draft = await setInReview(false);
      const res = await rita.approveMany({ ids: [a, draft, b] }).expect(200);
      expect(res.body).toMatchObject({ approved: 2, refused: 1 });
      expect(res.body.outcomes).toEqual([
        expect.objectContaining({ id: a, outcome: 'approved', signature: expect.objectContaining({ fullName: 'Rita Okafor' }) }),
        expect.objectContaining({ id: draft, outcome: 'refused', statusCode: 409 }),
        expect.objectContaining({ id: b, outcome: 'approved' }),
      ]);
      expect(res.body.outcomes[1].message).toContain('draft');
      for (const id of [a, b]) {
        const view = (await rita.get(id).expect(200)).body;
        expect(view).toMatchObject({ status: 'approved', approvedBy: 'rita.director' });
        expect(view.signatures).toHaveLength(1);
        expect(await submissionsOf(t, id)).toHaveLength(1);
      }
      expect((await rita.get(draft).expect(200)).body).toMatchObject({ status: 'draft', signatures: [] });
      expect(res.body.outcomes[0].signature.id).not.toBe(res.body.outcomes[2].signature.id);
    });

    it('refuses the two-person rule per set (403) and approves the rest', async () => {
      const mine = await (async () => {
        sample += 1;
        const built = await ResultSetFactory.for(t)
          .by('rita.director')
          .sample({ labSampleId: `2502RLI0135-08${String(sample).padStart(2, '0')}` })
          .from(POTENCY)
          .from(METALS)
          .complete()
          .build();
        await tech.submit(built.resultSetId).expect(200);
        return built.resultSetId;
      })();
      const other = await setInReview();
      const res = await rita.approveMany({ ids: [mine, other] }).expect(200);
      expect(res.body.outcomes).toEqual([
        expect.objectContaining({ id: mine, outcome: 'refused', statusCode: 403 }),
        expect.objectContaining({ id: other, outcome: 'approved' }),
      ]);
    });

    it('approves nothing on a wrong password (401) and refuses empty, oversized or repeated lists (400)', async () => {
      const id = await setInReview();
      await rita.approveMany({ ids: [id], signature: { password: 'nope nope nope', meaning: 'Approved' } }).expect(401);
      expect((await rita.get(id).expect(200)).body.status).toBe('in_review');
      await rita.approveMany({ ids: [] }).expect(400);
      const many = Array.from({ length: 51 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      expect((await rita.approveMany({ ids: many }).expect(400)).body.message).toContain('at most 50');
      await rita.approveMany({ ids: [id, id] }).expect(400);
      await rita.approveMany({ ids: [id], signature: undefined }).expect(400);
      await tech.approveMany({ ids: [id] }).expect(403);
    });

    it('answers 404 inside the list for a set that does not exist', async () => {
      const res = await rita.approveMany({ ids: ['00000000-0000-4000-8000-000000000000'] }).expect(200);
      expect(res.body).toMatchObject({ approved: 0, refused: 1, outcomes: [{ outcome: 'refused', statusCode: 404 }] });
    });
  });

  it('reports a signed value changed behind the service’s back as tampering, with the set id', async () => {
    const id = await setInReview();
    await rita.approve(id).expect(200);
    expect(await verify()).toMatchObject({ ok: true, signatures: { tampered: [] } });
    await t.sql(`update results set value = '0.01' where result_set_id = ? and analyte = 'lead'`, [id]);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toBeNull();
    expect(report.signatures.tampered).toEqual([
      expect.objectContaining({
        resultSetId: id,
        action: 'approve',
        signedBy: 'rita.director',
        reason: expect.stringContaining('changed'),
      }),
    ]);
    await t.sql(`update signatures set content_hash = ? where result_set_id = ?`, ['0'.repeat(64), id]);
    expect((await verify()).signatures.tampered).toEqual([
      expect.objectContaining({ resultSetId: id, reason: expect.stringContaining('audit event') }),
    ]);
  });
});
