import request from 'supertest';
import { METALS, POTENCY, ResultSetFactory } from '../../support/factories/result-set.factory';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';
import { auditTrail, reviewAs, submissionsOf } from './review-requests';

describe('the two-person rule: whoever created or submitted a result set cannot approve it', () => {
  let t: TestApp;
  let tech: ReturnType<typeof reviewAs>;
  let mia: ReturnType<typeof reviewAs>;
  let max: ReturnType<typeof reviewAs>;
  let admin: ReturnType<typeof reviewAs>;
  let licensee: ReturnType<typeof reviewAs>;
  let sample = 0;

  beforeAll(async () => {
    t = await startTestApp();
    tech = reviewAs(t, await t.userToken('tara.tech', 'technician'));
    mia = reviewAs(t, await t.userToken('mia.manager', 'manager'));
    max = reviewAs(t, await t.userToken('max.manager', 'manager'));
    admin = reviewAs(t, await t.userToken('ada.admin', 'admin'));
    licensee = reviewAs(t, await t.userToken('sjr.licensee', 'licensee', 'OCM-PROC-24-000030'));
  });
  afterAll(async () => t.close());

  /** A draft imported by `creator`, with its own sample. */
  async function draftBy(creator: string): Promise<string> {
    sample += 1;
    const built = await ResultSetFactory.for(t)
      .by(creator)
      .sample({ labSampleId: `2502RLI0135-07${String(sample).padStart(2, '0')}` })
      .from(POTENCY)
      .from(METALS)
      .complete()
      .build();
    return built.resultSetId;
  }

  it('refuses the manager who submitted the set, and leaves it in review with no outbox row and no audit event', async () => {
    const id = await draftBy('tara.tech');
    await mia.submit(id).expect(200);
    const res = await mia.approve(id).expect(403);
    expect(res.body).toMatchObject({
      statusCode: 403,
      message: 'two-person rule: mia.manager submitted this result set, so someone else must approve it',
      details: { rule: 'two-person', approver: 'mia.manager', role: 'submitted' },
    });
    const after = await mia.get(id).expect(200);
    expect(after.body).toMatchObject({ status: 'in_review', approvedBy: null, approvedAt: null });
    expect(await submissionsOf(t, id)).toEqual([]);
    expect((await auditTrail(t, ADMIN_TOKEN, 'result_set', id)).map(([, action]) => action)).not.toContain('result_set.approved');
    await max.approve(id).expect(200);
  });

  it('refuses the manager who created the set (imported its results), even when someone else submitted it', async () => {
    const id = await draftBy('mia.manager');
    await tech.submit(id).expect(200);
    const res = await mia.approve(id).expect(403);
    expect(res.body.message).toBe('two-person rule: mia.manager created this result set, so someone else must approve it');
    const approved = await max.approve(id).expect(200);
    expect(approved.body).toMatchObject({ createdBy: 'mia.manager', submittedBy: 'tara.tech', approvedBy: 'max.manager' });
  });

  it('holds for admins too', async () => {
    const id = await draftBy('ada.admin');
    await admin.submit(id).expect(200);
    await admin.approve(id).expect(403);
    await mia.approve(id).expect(200);
  });

  it('never lets a technician approve, whoever did the work', async () => {
    const id = await draftBy('mia.manager');
    await max.submit(id).expect(200);
    const res = await tech.approve(id).expect(403);
    expect(res.body.message).toBe('role technician may not do this (allowed: manager, admin)');
  });

  it('shows licensees nothing of the review workflow', async () => {
    const id = await draftBy('tara.tech');
    await licensee.get(id).expect(403);
    await licensee.list().expect(403);
    await licensee.submit(id).expect(403);
    await licensee.approve(id).expect(403);
    await licensee.reject(id, 'licensees cannot reject results').expect(403);
    await licensee
      .amend(id, { reason: 'licensees cannot amend results', changes: [{ analyte: 'lead', value: '0.1' }] })
      .expect(403);
    await licensee.resolveConflict(id, { analyte: 'lead', choose: 'existing', reason: 'licensees cannot resolve' }).expect(403);
  });

  describe('the admin switch for one-person approval', () => {
    const settings = (token: string) => request(t.http).get('/api/settings/review').set(bearer(token));
    const setSelfApproval = (token: string, allowSelfApproval: unknown) =>
      request(t.http).put('/api/settings/review').set(bearer(token)).send({ allowSelfApproval });

    it('is off by default, readable by managers, and only an admin may change it', async () => {
      const res = await settings(ADMIN_TOKEN).expect(200);
      expect(res.body).toEqual({ allowSelfApproval: false, updatedBy: null, updatedAt: null });
      await settings(await t.userToken('tom.tech', 'technician')).expect(403);
      await request(t.http)
        .get('/api/settings/review')
        .set(bearer(await t.userToken('mo.manager', 'manager')))
        .expect(200);
      const managerToken = await t.userToken('mae.manager', 'manager');
      await setSelfApproval(managerToken, true).expect(403);
      await setSelfApproval(ADMIN_TOKEN, 'yes').expect(400);
    });

    it('when an admin turns it on, lets a manager approve their own work; the change is audited', async () => {
      const id = await draftBy('mia.manager');
      await mia.submit(id).expect(200);
      await mia.approve(id).expect(403);

      const on = await setSelfApproval(ADMIN_TOKEN, true).expect(200);
      expect(on.body).toMatchObject({ allowSelfApproval: true, updatedBy: 'admin' });
      const res = await mia.approve(id).expect(200);
      expect(res.body).toMatchObject({ createdBy: 'mia.manager', submittedBy: 'mia.manager', approvedBy: 'mia.manager' });

      await setSelfApproval(ADMIN_TOKEN, false).expect(200);
      const next = await draftBy('mia.manager');
      await mia.submit(next).expect(200);
      await mia.approve(next).expect(403);

      const trail = await request(t.http).get('/api/audit?entityType=setting').set(bearer(ADMIN_TOKEN)).expect(200);
      expect(trail.body.map((e: { actor: string; before: unknown; after: unknown }) => [e.actor, e.before, e.after])).toEqual([
        ['admin', { allowSelfApproval: false }, { allowSelfApproval: true }],
        ['admin', { allowSelfApproval: true }, { allowSelfApproval: false }],
      ]);
    });
  });
});
