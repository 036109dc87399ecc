import request from 'supertest';
import { ADMIN_TOKEN, bearer, startTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';

describe('the append-only, hash-chained audit log', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
    // Data changes through the API: the bootstrap (with the first admin's set-password link), two users
    // created (with passwords, so no links), one deactivated.
    const a = await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      .send({ username: 'mia.manager', fullName: 'Mia Manager', role: 'manager', password: TEST_PASSWORD });
    const b = await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      .send({ username: 'tom.tech', fullName: 'Tom Tech', role: 'technician', password: TEST_PASSWORD });
    await request(t.http).post(`/api/users/${b.body.id}/deactivate`).set(bearer(ADMIN_TOKEN)).expect(200);
    expect(a.status).toBe(201);
  });
  afterEach(async () => t.close());

  it('records every change with actor, action, entity and a link to the previous event', async () => {
    const res = await request(t.http).get('/api/audit').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(res.body.map((e: { sequence: number; action: string; actor: string }) => [e.sequence, e.actor, e.action])).toEqual([
      [1, 'system', 'user.bootstrapped'],
      [2, 'system', 'password_link.issued'],
      [3, 'admin', 'user.created'],
      [4, 'admin', 'user.created'],
      [5, 'admin', 'user.deactivated'],
    ]);
    for (let i = 1; i < res.body.length; i++) expect(res.body[i].prevHash).toBe(res.body[i - 1].hash);
    expect(res.body[4].before).toEqual({ active: true });
    expect(res.body[4].after).toEqual({ active: false, revokedTokens: 1 });
  });

  it('filters by entity', async () => {
    const all = await request(t.http).get('/api/audit').set(bearer(ADMIN_TOKEN)).expect(200);
    const tomId = all.body[3].entityId;
    const res = await request(t.http).get(`/api/audit?entityType=user&entityId=${tomId}`).set(bearer(ADMIN_TOKEN)).expect(200);
    expect(res.body.map((e: { action: string }) => e.action)).toEqual(['user.created', 'user.deactivated']);
  });

  it('refuses unknown audit query parameters, naming them', async () => {
    const res = await request(t.http).get('/api/audit?entity=user').set(bearer(ADMIN_TOKEN)).expect(400);
    expect(res.body.message).toContain('unknown field(s) entity');
  });

  it('verifies an intact chain', async () => {
    const res = await request(t.http).get('/api/audit/verify').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(res.body).toEqual({ ok: true, checked: 5, firstBroken: null, signatures: { checked: 0, tampered: [] } });
  });

  it('reports the first altered row when one is changed behind the service’s back', async () => {
    await t.sql(`update audit_events set actor = 'mallory' where sequence = 3`);
    const res = await request(t.http).get('/api/audit/verify').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(res.body).toEqual({
      ok: false,
      checked: 2,
      firstBroken: { sequence: 3, reason: 'contents do not match the stored hash: the row was altered' },
      signatures: { checked: 0, tampered: [] },
    });
  });

  it('reports an altered before/after payload', async () => {
    await t.sql(`update audit_events set "after" = '{"active":true,"revokedTokens":0}' where sequence = 5`);
    const res = await request(t.http).get('/api/audit/verify').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(res.body.firstBroken).toEqual({ sequence: 5, reason: 'contents do not match the stored hash: the row was altered' });
  });

  it('reports a removed row', async () => {
    await t.sql(`delete from audit_events where sequence = 2`);
    const res = await request(t.http).get('/api/audit/verify').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.firstBroken.sequence).toBe(2);
    expect(res.body.firstBroken.reason).toMatch(/sequence 2 is missing/);
  });

  it('reports a row whose hash was recomputed to hide an edit (the next link breaks)', async () => {
    const rows = (await t.sql(`select hash from audit_events where sequence = 2`)) as Array<{ hash: string }>;
    await t.sql(`update audit_events set hash = ? where sequence = 2`, ['f'.repeat(64)]);
    const res = await request(t.http).get('/api/audit/verify').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(rows[0].hash).not.toBe('f'.repeat(64));
    expect(res.body.firstBroken.sequence).toBe(2);
  });
});
