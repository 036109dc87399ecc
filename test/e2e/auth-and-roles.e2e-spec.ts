import request from 'supertest';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../support/test-app';

describe('token auth, roles and the bootstrap admin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('creates the first admin from BOOTSTRAP_ADMIN_TOKEN on an empty database', async () => {
    const res = await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({ username: 'admin', fullName: 'Administrator', role: 'admin', active: true }),
    ]);
  });

  it('answers 401 with a JSON error for a missing token', async () => {
    const res = await request(t.http).get('/api/users').expect(401);
    expect(res.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'missing API token: send "Authorization: Bearer <token>"',
    });
  });

  it.each([
    ['an unknown token', 'Bearer lims_not-a-real-token'],
    ['a malformed header', 'Token abc'],
    ['the bootstrap token with a different case', `Bearer ${ADMIN_TOKEN.toUpperCase()}`],
  ])('answers 401 for %s', async (_, header) => {
    const res = await request(t.http).get('/api/users').set('Authorization', header).expect(401);
    expect(res.body.statusCode).toBe(401);
    expect(res.body).not.toHaveProperty('stack');
  });

  it('returns a new user token once, and that token authenticates as the new user', async () => {
    const res = await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      .send({ username: 'tara.tech', fullName: 'Tara Tech', title: 'Laboratory Technician', role: 'technician' })
      .expect(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        username: 'tara.tech',
        fullName: 'Tara Tech',
        title: 'Laboratory Technician',
        passwordSet: false,
        role: 'technician',
        licenseNumber: null,
        token: expect.stringMatching(/^lims_/),
      }),
    );
    const list = await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
    // The technician is authenticated (403, not 401) but may not manage users.
    const refused = await request(t.http).get('/api/users').set(bearer(res.body.token)).expect(403);
    expect(refused.body.message).toBe('role technician may not do this (allowed: admin)');
  });

  it('keeps an initial password only as a scrypt hash, never in an answer', async () => {
    const res = await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      .send({ username: 'pat.pass', fullName: "Pat O'Neill-Santos", role: 'manager', password: 'amber otter canoe 41' })
      .expect(201);
    expect(res.body).toEqual(expect.objectContaining({ fullName: "Pat O'Neill-Santos", title: null, passwordSet: true }));
    expect(JSON.stringify(res.body)).not.toMatch(/amber otter|passwordHash|scrypt/);
    const [row] = (await t.sql('select password_hash from users where username = ?', ['pat.pass'])) as Array<{
      password_hash: string;
    }>;
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    const list = await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|passwordHash/);
  });

  it('stores only a hash of each token', async () => {
    const token = await t.userToken('hash.check', 'manager');
    const rows = (await t.sql('select token_hash from api_tokens')) as Array<{ token_hash: string }>;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      expect(r.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.token_hash).not.toBe(token);
    }
  });

  it.each(['technician', 'manager', 'licensee'] as const)('refuses user creation to a %s with 403', async (role) => {
    const token = await t.userToken(`nobody-${role}`, role, role === 'licensee' ? 'OCM-PROC-24-000030' : undefined);
    const res = await request(t.http)
      .post('/api/users')
      .set(bearer(token))
      .send({ username: `x-${role}`, fullName: 'X Person', role: 'admin' })
      .expect(403);
    expect(res.body).toEqual({ statusCode: 403, error: 'Forbidden', message: `role ${role} may not do this (allowed: admin)` });
  });

  it('refuses the audit log to technicians and licensees, allows managers', async () => {
    const tech = await t.userToken('audit.tech', 'technician');
    const lic = await t.userToken('audit.lic', 'licensee', 'OCM-CULT-24-000001');
    const mgr = await t.userToken('audit.mgr', 'manager');
    await request(t.http).get('/api/audit').set(bearer(tech)).expect(403);
    await request(t.http).get('/api/audit').set(bearer(lic)).expect(403);
    await request(t.http).get('/api/audit').set(bearer(mgr)).expect(200);
  });

  it.each([
    [{ username: 'lic.nolicense', fullName: 'Lic Nolicense', role: 'licensee' }, 'licenseNumber: required for a licensee user'],
    [
      { username: 'tech.withlicense', fullName: 'Tech Withlicense', role: 'technician', licenseNumber: 'OCM-PROC-24-000030' },
      'licenseNumber: only licensee users are bound to a license',
    ],
    [{ username: 'x', fullName: 'X', role: 'superuser' }, 'role:'],
    [{ username: 'extra.field', fullName: 'Extra Field', role: 'manager', isAdmin: true }, 'unknown field(s) isAdmin'],
    [{ username: 'no.name', role: 'manager' }, 'fullName:'],
    [
      { username: 'weak.pass', fullName: 'Weak Pass', role: 'manager', password: 'password123456' },
      'password: this password is on the list of common or breached passwords',
    ],
    [{ username: 'short.pass', fullName: 'Short Pass', role: 'manager', password: 'Tr0ub4dor&3' }, 'password: use at least 12'],
    [
      { username: 'own.name', fullName: 'Gwendolyn Own', role: 'manager', password: 'gwendolyn-likes-tea' },
      'password: do not use your name',
    ],
  ])('refuses an invalid user body %j with a message naming the field', async (body, message) => {
    const res = await request(t.http).post('/api/users').set(bearer(ADMIN_TOKEN)).send(body).expect(400);
    expect(res.body.message).toContain(message);
  });

  it('answers 409 for a taken username and stores nothing', async () => {
    await t.userToken('dup.user', 'technician');
    const before = (await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN))).body.length;
    const res = await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      .send({ username: 'dup.user', fullName: 'Dup User', role: 'manager' })
      .expect(409);
    expect(res.body.message).toBe('username dup.user is taken');
    const after = (await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN))).body.length;
    expect(after).toBe(before);
  });

  it('deactivating a user revokes their tokens', async () => {
    const created = await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      .send({ username: 'leaving.tech', fullName: 'Leaving Tech', role: 'manager' })
      .expect(201);
    await request(t.http).get('/api/audit').set(bearer(created.body.token)).expect(200);
    await request(t.http).post(`/api/users/${created.body.id}/deactivate`).set(bearer(ADMIN_TOKEN)).expect(200);
    await request(t.http).get('/api/audit').set(bearer(created.body.token)).expect(401);
  });

  it('issues an additional token for a user', async () => {
    const created = await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      .send({ username: 'second.token', fullName: 'Second Token', role: 'manager' })
      .expect(201);
    const res = await request(t.http)
      .post(`/api/users/${created.body.id}/tokens`)
      .set(bearer(ADMIN_TOKEN))
      .send({ label: 'tablet' })
      .expect(201);
    expect(res.body.token).not.toBe(created.body.token);
    await request(t.http).get('/api/audit').set(bearer(res.body.token)).expect(200);
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await request(t.http).get('/api/nothing-here').set(bearer(ADMIN_TOKEN)).expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
  });
});

describe('bootstrap on a database that already has users', () => {
  it('does not create a second admin or accept a new bootstrap token', async () => {
    const t = await startTestApp();
    try {
      await t.app.close();
      // Restart on the same data with a different bootstrap token: it must be ignored.
      const { createApp } = await import('../../src/app.factory');
      const { AppConfig } = await import('../../src/config/app-config');
      const cfg = AppConfig.fromEnv({
        DATA_DIR: t.config.dataDir,
        LOG_LEVEL: 'silent',
        OUTBOX_ENABLED: 'false',
        BOOTSTRAP_ADMIN_TOKEN: 'another-bootstrap-token-abcdefghijkl',
        ...(t.config.database.type === 'postgresql' ? { DATABASE_URL: t.config.database.url } : {}),
      });
      const app2 = await createApp(cfg);
      await app2.init();
      try {
        await request(app2.getHttpServer()).get('/api/users').set(bearer('another-bootstrap-token-abcdefghijkl')).expect(401);
        const users = await request(app2.getHttpServer()).get('/api/users').set(bearer(ADMIN_TOKEN)).expect(200);
        expect(users.body).toHaveLength(1);
      } finally {
        await app2.close();
      }
    } finally {
      t.app.close = async () => {};
      await t.close();
    }
  });
});
