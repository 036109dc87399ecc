import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { Migrator } from '@mikro-orm/migrations';
import request from 'supertest';
import { ApiToken } from '../../src/auth/api-token.entity';
import { buildOrmOptions } from '../../src/db/orm-options';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../support/test-app';
import { freshDatabaseUrl } from '../support/test-database';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('single API tokens: revoked one at a time, optionally expiring', () => {
  let t: TestApp;
  let userId: string;
  let initial: string;
  beforeAll(async () => {
    t = await startTestApp();
    const created = await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      .send({ username: 'tara.tech', fullName: 'Tara Tech', role: 'technician' })
      .expect(201);
    userId = created.body.id;
    initial = created.body.token;
  });
  afterAll(async () => t.close());

  it("revokes one token: it opens nothing any more, the user's other token still does, and the audit log says who", async () => {
    const second = await issue({ label: 'tablet' });
    await request(t.http).get('/api/samples').set(bearer(second.token)).expect(200);

    const res = await request(t.http).delete(`/api/users/${userId}/tokens/${second.id}`).set(bearer(ADMIN_TOKEN)).expect(200);

    expect(res.body).toEqual({
      id: second.id,
      label: 'tablet',
      createdAt: expect.any(String),
      expiresAt: null,
      revokedAt: expect.any(String),
    });
    await request(t.http).get('/api/samples').set(bearer(second.token)).expect(401);
    await request(t.http).get('/api/samples').set(bearer(initial)).expect(200);
    const audit = await request(t.http).get(`/api/audit?entityId=${userId}`).set(bearer(ADMIN_TOKEN)).expect(200);
    expect(audit.body).toContainEqual(
      expect.objectContaining({
        actor: 'admin',
        action: 'token.revoked',
        after: expect.objectContaining({ tokenId: second.id, label: 'tablet' }),
      }),
    );
  });

  it("lists a user's tokens with their dates, never the tokens themselves", async () => {
    const res = await request(t.http).get(`/api/users/${userId}/tokens`).set(bearer(ADMIN_TOKEN)).expect(200);

    expect(res.body.map((x: { label: string | null; revokedAt: string | null }) => [x.label, x.revokedAt === null])).toEqual(
      expect.arrayContaining([
        ['initial', true],
        ['tablet', false],
      ]),
    );
    expect(JSON.stringify(res.body)).not.toContain(initial);
  });

  it("answers 404 for a token that is not that user's, and lets only an admin revoke", async () => {
    const other = await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      .send({ username: 'maria.manager', fullName: 'Maria Manager', role: 'manager' })
      .expect(201);
    await request(t.http).delete(`/api/users/${userId}/tokens/${other.body.tokenId}`).set(bearer(ADMIN_TOKEN)).expect(404);
    await request(t.http)
      .delete(`/api/users/${other.body.id}/tokens/${other.body.tokenId}`)
      .set(bearer(other.body.token))
      .expect(403);
    await request(t.http).get('/api/samples').set(bearer(other.body.token)).expect(200);
  });

  it('issues a token that expires after expiresInDays, and refuses it with 401 once it has', async () => {
    const before = Date.now();
    const expiring = await issue({ label: 'visitor', expiresInDays: 2 });

    expect(Date.parse(expiring.expiresAt!) - before).toBeGreaterThanOrEqual(2 * DAY_MS - 1000);
    expect(Date.parse(expiring.expiresAt!) - before).toBeLessThanOrEqual(2 * DAY_MS + 60_000);
    await request(t.http).get('/api/samples').set(bearer(expiring.token)).expect(200);

    // Two days pass for this token.
    await t.orm.em.fork().nativeUpdate(ApiToken, { id: expiring.id }, { expiresAt: new Date(Date.now() - 1000) });
    const res = await request(t.http).get('/api/samples').set(bearer(expiring.token)).expect(401);
    expect(res.body.message).toBe('invalid, expired or revoked API token');
    await request(t.http).get('/api/samples').set(bearer(initial)).expect(200);
  });

  it.each([[0], [-1], [1.5], ['7']])('refuses expiresInDays %j with a 400 naming it', async (expiresInDays) => {
    const res = await request(t.http)
      .post(`/api/users/${userId}/tokens`)
      .set(bearer(ADMIN_TOKEN))
      .send({ expiresInDays })
      .expect(400);
    expect(res.body.message).toMatch(/^expiresInDays: /);
  });

  async function issue(body: object): Promise<{ id: string; token: string; expiresAt: string | null }> {
    const res = await request(t.http).post(`/api/users/${userId}/tokens`).set(bearer(ADMIN_TOKEN)).send(body).expect(201);
    return res.body;
  }
});

describe('usernames are unique whatever their case', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it.each([['tara.tech'], ['TARA.TECH'], ['Tara.Tech']])(
    'refuses %s once Tara.tech exists (409), creating no one',
    async (username) => {
      if ((await users()).length === 1) await create('Tara.tech').expect(201);
      const res = await create(username).expect(409);

      expect(res.body.message).toBe(`username ${username} is taken (as Tara.tech: usernames differ in more than case)`);
      expect((await users()).map((u) => u.username).sort()).toEqual(['Tara.tech', 'admin']);
    },
  );

  const create = (username: string) =>
    request(t.http).post('/api/users').set(bearer(ADMIN_TOKEN)).send({ username, fullName: 'Tara Tech', role: 'technician' });
  const users = async (): Promise<Array<{ username: string }>> =>
    (await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN)).expect(200)).body;
});

describe('the migration to case-insensitive usernames keeps users who already differ only in case', () => {
  it('gives the earliest the plain key and each later one a key of its own, then holds the rule', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lims-usernames-'));
    const db = await freshDatabaseUrl();
    const orm = await MikroORM.init({
      ...buildOrmOptions(db.url ? { type: 'postgresql', url: db.url } : { type: 'sqlite', file: path.join(dir, 'db.sqlite') }),
      allowGlobalContext: true,
    });
    try {
      const migrator = orm.getMigrator() as Migrator;
      const all = (await migrator.getPendingMigrations()).map((m) => m.name);
      const target = all.findIndex((n) => n === 'Migration20261206164706' || n === 'Migration20261206164727');
      await migrator.up({ to: all[target - 1] });
      const sql = orm.em.getConnection();
      const insert = (id: string, username: string, at: string) =>
        sql.execute(
          `insert into users (id, created_at, updated_at, username, role, active) values (?, ?, ?, ?, 'technician', ?)`,
          [id, at, at, username, true],
        );
      await insert('00000000-0000-7000-8000-000000000001', 'Tara', '2026-01-01T00:00:00.000Z');
      await insert('00000000-0000-7000-8000-000000000002', 'tara', '2026-01-02T00:00:00.000Z');
      await insert('00000000-0000-7000-8000-000000000003', 'Maria', '2026-01-03T00:00:00.000Z');

      await migrator.up();

      const rows = (await sql.execute('select username, username_key from users order by username')) as Array<{
        username: string;
        username_key: string;
      }>;
      expect(rows).toEqual([
        { username: 'Maria', username_key: 'maria' },
        { username: 'Tara', username_key: 'tara' },
        { username: 'tara', username_key: 'tara~00000000-0000-7000-8000-000000000002' },
      ]);
      await expect(
        sql.execute(
          `insert into users (id, created_at, updated_at, username, username_key, full_name, role, active) values (?, ?, ?, ?, ?, ?, 'technician', ?)`,
          [
            '00000000-0000-7000-8000-000000000004',
            '2026-01-04T00:00:00.000Z',
            '2026-01-04T00:00:00.000Z',
            'MARIA',
            'maria',
            'Maria Again',
            true,
          ],
        ),
      ).rejects.toThrow(/unique/i);
    } finally {
      await orm.close(true);
      await db.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
