import { createServer } from 'node:net';
import request from 'supertest';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';
import { startTestIssuer, walkSignIn, type TestIssuer } from '../../support/oidc-issuer';

jest.setTimeout(120_000);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const refreshTarget = (html: string) =>
  /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(html)?.[1].replace(/&amp;/g, '&');

describe('single sign-on through OpenID Connect against a local issuer (authorization code with PKCE)', () => {
  let t: TestApp;
  let issuer: TestIssuer;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    issuer = await startTestIssuer(`${base}/login/sso/callback`, {
      mia: { email: 'Mia.Manager@Hudson-Lab.example', email_verified: true, name: 'Mia Manager' },
      stranger: { email: 'stranger@elsewhere.example', email_verified: true },
      unverified: { email: 'mia.manager@hudson-lab.example', email_verified: false },
      dan: { email: 'dan@hudson-lab.example', email_verified: true },
    });
    t = await startTestApp({
      PUBLIC_URL: base,
      OIDC_ISSUER: issuer.url,
      OIDC_CLIENT_ID: issuer.clientId,
      OIDC_CLIENT_SECRET: issuer.clientSecret,
    });
    await t.app.listen(port, '127.0.0.1');
    const users = [
      { username: 'mia.manager', fullName: 'Mia Manager', role: 'manager', email: 'mia.manager@hudson-lab.example' },
      { username: 'dan.tech', fullName: 'Dan Tech', role: 'technician', email: 'dan@hudson-lab.example' },
    ];
    for (const u of users) await request(t.http).post('/api/users').set(bearer(ADMIN_TOKEN)).send(u).expect(201);
    const dan = (await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN))).body.find(
      (u: { username: string }) => u.username === 'dan.tech',
    );
    await request(t.http).post(`/api/users/${dan.id}/deactivate`).set(bearer(ADMIN_TOKEN)).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  const userCount = async () => ((await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN))).body as unknown[]).length;

  it('offers single sign-on on the sign-in page', async () => {
    const page = await request(t.http).get('/login').expect(200);
    expect(page.text).toContain('<a class="button" href="/login/sso">Sign in with single sign-on</a>');
  });

  it('signs in the active user whose e-mail the issuer vouches for (any case), into a working web session', async () => {
    const { response, cookies } = await walkSignIn(`${base}/login/sso?next=/samples`, 'mia', `${base}/login/sso/callback`);
    expect(response.status).toBe(200);
    expect(refreshTarget(await response.text())).toBe('/samples');
    const session = cookies.get('lims_session');
    expect(session).toBeTruthy();
    expect(response.headers.getSetCookie().find((c) => c.startsWith('lims_session='))).toMatch(/HttpOnly; SameSite=Strict/);
    const samples = await request(t.http).get('/samples').set('Cookie', `lims_session=${session}`).expect(200);
    expect(samples.text).toContain('mia.manager');
    const audit = await request(t.http).get('/api/audit?entityType=user').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(audit.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: 'mia.manager',
          action: 'user.signed_in_sso',
          after: expect.objectContaining({ issuer: issuer.url, subject: 'mia', email: 'mia.manager@hudson-lab.example' }),
        }),
      ]),
    );
    // Signing out ends it like any web session.
    const form = /name="_csrf" value="([^"]+)"/.exec(samples.text)![1];
    await request(t.http).post('/logout').set('Cookie', `lims_session=${session}`).type('form').send({ _csrf: form }).expect(303);
    await request(t.http).get('/samples').set('Cookie', `lims_session=${session}`).expect(303);
    // The session's own token, expiring with it, is revoked by signing out; the user's own token is untouched.
    const mia = (await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN))).body.find(
      (u: { username: string }) => u.username === 'mia.manager',
    );
    const tokens = (await request(t.http).get(`/api/users/${mia.id}/tokens`).set(bearer(ADMIN_TOKEN)).expect(200)).body;
    expect(tokens).toEqual([
      expect.objectContaining({ label: 'initial', revokedAt: null, expiresAt: null }),
      expect.objectContaining({
        label: 'web session (single sign-on)',
        revokedAt: expect.any(String),
        expiresAt: expect.any(String),
      }),
    ]);
  });

  it.each([
    ['an e-mail address no user has', 'stranger', 'unknown'],
    ['the e-mail address of a deactivated user', 'dan', 'unknown'],
    ['an e-mail address the issuer has not verified', 'unverified', 'unverified'],
    ['no e-mail address at all', 'nobody', 'unknown'],
  ])('refuses %s, and never makes a user', async (_what, login, refusal) => {
    const before = await userCount();
    const { response, cookies } = await walkSignIn(`${base}/login/sso`, login, `${base}/login/sso/callback`);
    expect(refreshTarget(await response.text())).toBe(`/login?sso=${refusal}`);
    expect(cookies.get('lims_session')).toBeUndefined();
    expect(await userCount()).toBe(before);
    const page = await request(t.http).get(`/login?sso=${refusal}`).expect(200);
    expect(page.text).toContain(
      refusal === 'unverified' ? 'has not verified its e-mail address' : 'no active user here has your e-mail address',
    );
  });

  it('never sends the browser off the site after signing in (next=//elsewhere goes to the landing page)', async () => {
    const { response } = await walkSignIn(`${base}/login/sso?next=//evil.example/x`, 'mia', `${base}/login/sso/callback`);
    expect(refreshTarget(await response.text())).toBe('/dashboard');
  });

  it("refuses an issuer's answer that does not match this browser's sign-in (forged state, garbage cookie)", async () => {
    const flow = Buffer.from(
      JSON.stringify({ state: 'x'.repeat(43), nonce: 'y'.repeat(43), verifier: 'z'.repeat(43), next: null }),
    ).toString('base64url');
    for (const cookie of [`lims_sso=${flow}`, 'lims_sso=%%%not-base64', `lims_sso=${'A'.repeat(4000)}`]) {
      const res = await fetch(`${base}/login/sso/callback?code=forged&state=${'w'.repeat(43)}`, {
        redirect: 'manual',
        headers: { cookie },
      });
      expect(res.status).toBe(200);
      expect(refreshTarget(await res.text())).toBe('/login?sso=failed');
      expect(res.headers.getSetCookie().some((c) => c.startsWith('lims_session='))).toBe(false);
    }
  });

  it('refuses an answer from the issuer that this browser did not ask for (no sign-in in progress)', async () => {
    const res = await fetch(`${base}/login/sso/callback?code=forged&state=forged`, { redirect: 'manual' });
    expect(refreshTarget(await res.text())).toBe('/login?sso=failed');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('lims_session='))).toBe(false);
  });
});
