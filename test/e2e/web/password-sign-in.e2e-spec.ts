import request from 'supertest';
import type { App } from 'supertest/types';
import { createApp } from '../../../src/app.factory';
import { ADMIN_TOKEN, bearer, startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import { discoverRoutes } from '../../support/routes';
import { listenForBrowser } from './browser';
import { cookiesOf, csrfIn, postSignIn, signIn, type WebClient } from './web-client';

/** Signed in with a username and password, as a person would; the client then carries the session. */
async function signInWithPassword(http: App, username: string, password = TEST_PASSWORD): Promise<WebClient> {
  const res = await postSignIn(http, { username, password });
  expect(res.status).toBe(303);
  const session = cookiesOf(res).lims_session;
  if (!session) throw new Error(`sign-in refused: ${res.headers.location}`);
  const cookie = `lims_session=${session}`;
  const landing = await request(http).get(res.headers.location).set('Cookie', cookie).expect(200);
  return clientOf(http, cookie, csrfIn(landing.text));
}

function clientOf(http: App, cookie: string, csrf: string): WebClient {
  return {
    cookie,
    csrf,
    get: (path) => request(http).get(path).set('Cookie', cookie),
    post: (path, body = {}, options = {}) => {
      const token = options.csrf === undefined ? csrf : options.csrf;
      return request(http)
        .post(path)
        .set('Cookie', cookie)
        .type('form')
        .send({ ...(token === null ? {} : { _csrf: token }), ...body });
    },
  };
}

interface AuditRow {
  action: string;
  actor: string;
  entityId: string;
  after: Record<string, unknown>;
}

describe('web sign-in with a username and password, lockout, and sessions kept in the database', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    for (const [name, role] of [
      ['tara.tech', 'technician'],
      ['maria.manager', 'manager'],
      ['lock.me', 'technician'],
      ['reset.me', 'technician'],
      ['leaving.tech', 'technician'],
      ['token.user', 'technician'],
      ['changed.pass', 'technician'],
    ] as const) {
      await t.userToken(name, role);
    }
    // A user made without a password (API tokens only) can never sign in with one.
    await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      .send({ username: 'no.password', fullName: 'No Password', role: 'technician' })
      .expect(201);
    const users = await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN)).expect(200);
    for (const u of users.body as Array<{ id: string; username: string }>) ids[u.username] = u.id;
  });
  afterAll(async () => t.close());

  const audit = async (action: string): Promise<AuditRow[]> => {
    const res = await request(t.http).get('/api/audit?limit=500').set(bearer(ADMIN_TOKEN)).expect(200);
    const events = (Array.isArray(res.body) ? res.body : res.body.events) as AuditRow[];
    return events.filter((e) => e.action === action);
  };

  it('signs a person in with their username (any case) and password, and audits it with the address', async () => {
    const res = await postSignIn(t.http, { username: 'Tara.Tech', password: TEST_PASSWORD, next: '/samples' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/samples');
    expect(cookiesOf(res).lims_session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await request(t.http)
      .get('/samples')
      .set('Cookie', `lims_session=${cookiesOf(res).lims_session}`)
      .expect(200);
    const signedIn = (await audit('user.signed_in')).filter((e) => e.entityId === ids['tara.tech']);
    expect(signedIn.at(-1)).toMatchObject({ actor: 'tara.tech', after: { method: 'password', address: expect.any(String) } });
    expect(JSON.stringify(signedIn)).not.toContain(TEST_PASSWORD);
  });

  it('stores only a hash of the session id', async () => {
    const res = await postSignIn(t.http, { username: 'tara.tech', password: TEST_PASSWORD });
    const id = cookiesOf(res).lims_session;
    const rows = (await t.sql('select id_hash, method from web_sessions')) as Array<{ id_hash: string; method: string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.id_hash === id)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
  });

  it.each([
    ['a wrong password', 'maria.manager', 'not the password at all'],
    ['an unknown user', 'nobody.here', TEST_PASSWORD],
    ['a user without a password', 'no.password', TEST_PASSWORD],
  ])('refuses %s with the same words, no session, and an audited failure without the password', async (_, username, password) => {
    const res = await postSignIn(t.http, { username, password });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?failed=1');
    expect(cookiesOf(res).lims_session).toBeUndefined();
    const page = await request(t.http).get(res.headers.location).expect(200);
    expect(page.text).toContain('the username and password (or the API token) were not accepted');
    const failures = await audit('user.sign_in_failed');
    expect(failures.at(-1)).toMatchObject({ after: { method: 'password', username, address: expect.any(String) } });
    expect(JSON.stringify(failures)).not.toContain(password === TEST_PASSWORD ? 'zz-never' : password);
  });

  it('locks an account after 5 failures, says plainly when to try again (429), and leaves other accounts alone', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await postSignIn(t.http, { username: 'lock.me', password: `wrong ${i}` });
      expect(res.headers.location).toBe('/login?failed=1');
    }
    const locked = await postSignIn(t.http, { username: 'lock.me', password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(50);
    expect(locked.text).toContain('Too many failed sign-ins for this account, so it is locked for now.');
    expect(locked.text).toMatch(/Try again in 1 minute \(after \d\d:\d\d UTC\)/);
    expect(locked.text).toContain('name="username"');
    expect(cookiesOf(locked).lims_session).toBeUndefined();
    // Any spelling of the name is the same account.
    expect((await postSignIn(t.http, { username: 'LOCK.ME', password: TEST_PASSWORD })).status).toBe(429);
    const last = (await audit('user.sign_in_failed')).filter((e) => e.entityId === ids['lock.me']).at(-1);
    expect(last?.after).toMatchObject({ reason: 'wrong password', lockedForSeconds: 60 });
    await signInWithPassword(t.http, 'maria.manager');
  });

  it("keeps an account's lock in the database: another instance (or a restart) refuses it too, and no typed name is kept", async () => {
    const again = await createApp(t.config);
    await again.init();
    try {
      const refused = await postSignIn(again.getHttpServer() as App, { username: 'lock.me', password: TEST_PASSWORD });
      expect(refused.status).toBe(429);
      expect(refused.text).toContain('Too many failed sign-ins for this account, so it is locked for now.');
    } finally {
      await again.close();
    }
    const keys = (await t.sql('select key from attempt_counters')) as Array<{ key: string }>;
    expect(keys.length).toBeGreaterThan(0);
    for (const { key } of keys) expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it("resets the account's count on a successful sign-in", async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) await postSignIn(t.http, { username: 'reset.me', password: 'wrong' });
      await signInWithPassword(t.http, 'reset.me');
    }
  });

  it('keeps the API token sign-in for scripts, ending that session when the token is revoked', async () => {
    const token = await t.userToken('token.only', 'technician');
    const tokens = await request(t.http)
      .get(`/api/users/${await idOf('token.only')}/tokens`)
      .set(bearer(ADMIN_TOKEN));
    const tokenId = (tokens.body as Array<{ id: string }>)[0].id;
    const byToken = await signIn(t.http, token);
    const byPassword = await signInWithPassword(t.http, 'token.only');
    await byToken.get('/dashboard').expect(200);
    await request(t.http)
      .delete(`/api/users/${await idOf('token.only')}/tokens/${tokenId}`)
      .set(bearer(ADMIN_TOKEN))
      .expect(200);
    const ended = await byToken.get('/dashboard').expect(303);
    expect(ended.headers.location).toBe('/login?next=%2Fdashboard');
    // The same person's password session did not depend on that token.
    await byPassword.get('/dashboard').expect(200);
  });

  it('shows the admin when each person last signed in and how (lab time, UTC in the tooltip), or never', async () => {
    const before = Date.now();
    await signInWithPassword(t.http, 'tara.tech');
    const scriptToken = await t.userToken('script.signin', 'technician');
    await signIn(t.http, scriptToken);

    type Listed = { username: string; lastSignInAt: string | null; lastSignInMethod: string | null };
    const listed = (await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN)).expect(200)).body as Listed[];
    const byName = Object.fromEntries(listed.map((u) => [u.username, u]));
    const tara = byName['tara.tech'];
    expect(tara.lastSignInMethod).toBe('password');
    expect(tara.lastSignInAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(tara.lastSignInAt!)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(byName['script.signin']).toMatchObject({ lastSignInMethod: 'token' });
    // Failed attempts are not sign-ins; a person made without a password never signed in.
    expect(byName['no.password']).toMatchObject({ lastSignInAt: null, lastSignInMethod: null });

    const admin = await signIn(t.http, ADMIN_TOKEN);
    const page = (await admin.get('/users').expect(200)).text;
    const cell = (username: string): string =>
      new RegExp(`<tr data-username="${username}">[\\s\\S]*?<td[^>]*data-testid="last-sign-in">([\\s\\S]*?)</td>`).exec(
        page,
      )?.[1] ?? '';
    const utc = `${tara.lastSignInAt!.slice(0, 10)} ${tara.lastSignInAt!.slice(11, 16)} UTC`;
    expect(cell('tara.tech')).toMatch(
      new RegExp(
        `^<time datetime="${tara.lastSignInAt!.replace(/\./g, '\\.')}" title="${utc}">\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} [A-Z]{3,4}</time> · password$`,
      ),
    );
    expect(cell('script.signin')).toContain('· API token');
    expect(cell('no.password')).toBe('never');
  });

  it('signs a deactivated person out at once', async () => {
    const c = await signInWithPassword(t.http, 'leaving.tech');
    await c.get('/dashboard').expect(200);
    await request(t.http).post(`/api/users/${ids['leaving.tech']}/deactivate`).set(bearer(ADMIN_TOKEN)).expect(200);
    const res = await c.get('/dashboard').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Fdashboard');
    // Nor can they sign in again.
    expect((await postSignIn(t.http, { username: 'leaving.tech', password: TEST_PASSWORD })).headers.location).toBe(
      '/login?failed=1',
    );
  });

  it('ends sessions begun before the password was changed (a reset)', async () => {
    const c = await signInWithPassword(t.http, 'changed.pass');
    await c.get('/dashboard').expect(200);
    await t.sql('update users set password_changed_at = ? where id = ?', [new Date(Date.now() + 1000), ids['changed.pass']]);
    await c.get('/dashboard').expect(303);
  });

  it('keeps people signed in across a restart: another app on the same database knows the session', async () => {
    const c = await signInWithPassword(t.http, 'maria.manager');
    const again = await createApp(t.config);
    await again.init();
    try {
      await request(again.getHttpServer() as App)
        .get('/dashboard')
        .set('Cookie', c.cookie)
        .expect(200);
      // Signing out on one instance ends the session on the other.
      await c.post('/logout').expect(303);
      await request(again.getHttpServer() as App)
        .get('/dashboard')
        .set('Cookie', c.cookie)
        .expect(303);
    } finally {
      await again.close();
    }
  });

  it('sends a signed-out browser asking for any page to /login', async () => {
    const wrong: string[] = [];
    for (const r of discoverRoutes(t.app)) {
      if (r.method !== 'get' || r.isPublic || /^\/(api|health|docs|verify)(\/|$)/.test(r.path)) continue;
      const res = await request(t.http).get(r.path.replace(/:[^/]+/g, '00000000-0000-0000-0000-000000000000'));
      if (res.status !== 303 || !res.headers.location?.startsWith('/login')) wrong.push(`${r.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  describe('a form posted after its session ended', () => {
    it('keeps what was typed (never the password) through signing in again, applies nothing until it is sent again', async () => {
      const c = await signInWithPassword(t.http, 'tara.tech');
      const page = await c.get('/clients').expect(200);
      await t.sql('delete from web_sessions');
      const form = {
        licenseNumber: 'OCM-PROC-24-000077',
        name: 'Kept Gardens',
        address: '1 Main St',
        password: 'hunter2-secret',
      };
      // Listening on a known address, so the post carries the Origin a page of this site gives it.
      const base = await listenForBrowser(t);
      const posted = await request(base)
        .post('/clients')
        .set('Cookie', c.cookie)
        .set('Origin', base)
        .type('form')
        .send({ _csrf: csrfIn(page.text), ...form });
      expect(posted.status).toBe(401);
      expect(posted.text).toContain('You were signed out before this form was sent, so nothing was changed.');
      expect(posted.text).not.toContain('hunter2-secret');
      const clients = await request(t.http).get('/api/clients').set(bearer(ADMIN_TOKEN)).expect(200);
      expect(JSON.stringify(clients.body)).not.toContain('Kept Gardens');

      const kept = /name="kept" value="([^"]+)"/
        .exec(posted.text)?.[1]
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&');
      expect(kept).toBeDefined();
      // A wrong password keeps the form too.
      const wrong = await request(t.http)
        .post('/login')
        .set('Cookie', `lims_login_csrf=${cookiesOf(posted).lims_login_csrf}`)
        .type('form')
        .send({ _csrf: csrfIn(posted.text), username: 'tara.tech', password: 'wrong', kept: kept! });
      expect(wrong.status).toBe(401);
      expect(wrong.text).toContain('name="kept"');
      const signedIn = await request(t.http)
        .post('/login')
        .set('Cookie', `lims_login_csrf=${cookiesOf(wrong).lims_login_csrf}`)
        .type('form')
        .send({ _csrf: csrfIn(wrong.text), username: 'tara.tech', password: TEST_PASSWORD, kept: kept! });
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.location).toBe('/login/resend');
      const fresh = clientOf(t.http, `lims_session=${cookiesOf(signedIn).lims_session}`, '');
      const resend = await fresh.get('/login/resend').expect(200);
      expect(resend.text).toContain('Kept Gardens');
      expect(resend.text).toContain('action="/clients"');
      expect(resend.text).not.toContain('hunter2-secret');
      expect(JSON.stringify((await request(t.http).get('/api/clients').set(bearer(ADMIN_TOKEN))).body)).not.toContain(
        'Kept Gardens',
      );
      // The button posts the kept values with the new session's CSRF token.
      const fields = [...resend.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]);
      const sent = await request(t.http)
        .post('/clients')
        .set('Cookie', fresh.cookie)
        .type('form')
        .send(Object.fromEntries(fields));
      expect(sent.status).toBe(303);
      expect(sent.headers.location).toBe('/clients');
      expect(JSON.stringify((await request(t.http).get('/api/clients').set(bearer(ADMIN_TOKEN))).body)).toContain('Kept Gardens');
      // Shown once: the page is empty afterwards.
      expect((await fresh.get('/login/resend').expect(200)).text).toContain('No form is waiting to be sent again.');
    });

    it('keeps nothing from a form another site made a signed-out browser post', async () => {
      const res = await request(t.http)
        .post('/clients')
        .set('Origin', 'https://evil.example')
        .type('form')
        .send({ licenseNumber: 'OCM-PROC-24-000078', name: 'Forged' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login');
    });
  });

  const idOf = async (username: string): Promise<string> => {
    const users = await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN)).expect(200);
    return (users.body as Array<{ id: string; username: string }>).find((u) => u.username === username)!.id;
  };
});
