import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { KeptFormsAside } from '../../../src/web/kept-forms-aside';
import { SsoService } from '../../../src/web/sso.service';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';
import { refreshTarget, startTestIssuer, walkSignIn, type SignInStart, type TestIssuer } from '../../support/oidc-issuer';
import { cookiesOf, csrfIn } from './web-client';
import { freePort } from '../../support/free-port';

jest.setTimeout(120_000);

const unescapeHtml = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The fields of the form on `html` that posts to `action`, as a browser would send them. */
function formFields(html: string, action: string): Record<string, string> {
  const form = new RegExp(`<form method="post" action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(html);
  if (!form) throw new Error(`no form posting to ${action}`);
  const inputs = [...form[1].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)];
  return Object.fromEntries(inputs.map((m) => [m[1], unescapeHtml(m[2])]));
}

/** The single sign-on round trip's cookie, as the service wrote it. */
const flowIn = (cookie: string) =>
  JSON.parse(Buffer.from(decodeURIComponent(cookie), 'base64url').toString('utf8')) as { state: string; kept?: string };

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
    // The users list says how she last signed in.
    expect(mia).toMatchObject({ lastSignInAt: expect.any(String), lastSignInMethod: 'sso' });
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
  describe('a form posted after the session ended, by a person who signs in only through single sign-on', () => {
    /** Mia signs in through the issuer, opens the clients page, and her session ends before she posts its form. */
    async function postAfterSessionEnded(form: Record<string, string>): Promise<request.Response> {
      const { cookies } = await walkSignIn(`${base}/login/sso?next=/clients`, 'mia', `${base}/login/sso/callback`);
      const session = `lims_session=${cookies.get('lims_session')}`;
      const page = await request(t.http).get('/clients').set('Cookie', session).expect(200);
      await t.sql('delete from web_sessions');
      return request(base)
        .post('/clients')
        .set('Cookie', session)
        .set('Origin', base)
        .set('Referer', `${base}/clients`)
        .type('form')
        .send({ _csrf: csrfIn(page.text), ...form });
    }

    /** The sign-in page's single sign-on button, posted from the browser that was shown the page. */
    const ssoButton = (signInPage: request.Response): SignInStart => ({
      url: `${base}/login/sso`,
      form: formFields(signInPage.text, '/login/sso'),
      cookies: { lims_login_csrf: cookiesOf(signInPage).lims_login_csrf },
    });

    /**
     * The button pressed by hand, to see the round trip's cookie it sets: a page that moves on to the issuer by
     * itself (the pages' CSP would refuse a form post redirected to another site).
     */
    const pressSsoButton = async (signInPage: request.Response) => {
      const started = await request(base)
        .post('/login/sso')
        .set('Cookie', `lims_login_csrf=${cookiesOf(signInPage).lims_login_csrf}`)
        .type('form')
        .send(ssoButton(signInPage).form)
        .expect(200);
      return { issuerUrl: refreshTarget(started.text)!, flowCookie: cookiesOf(started).lims_sso, response: started };
    };

    /** The rest of the round trip from the issuer's address, with the cookie the button set. */
    const walkOn = (started: { issuerUrl: string; flowCookie: string }, login: string) =>
      walkSignIn({ url: started.issuerUrl, cookies: { lims_sso: started.flowCookie } }, login, `${base}/login/sso/callback`);

    const clientNames = async () =>
      ((await request(t.http).get('/api/clients').set(bearer(ADMIN_TOKEN))).body as Array<{ name: string }>).map((c) => c.name);

    it('offers single sign-on holding the form, lands on /login/resend after the issuer, and sends it again', async () => {
      const posted = await postAfterSessionEnded({ licenseNumber: 'OCM-PROC-24-000101', name: 'Kept Through SSO' });
      expect(posted.status).toBe(401);
      expect(posted.text).toContain('Sign in again');
      // Both ways of signing in carry the form: the password form, and the single sign-on button (a form too).
      expect(formFields(posted.text, '/login').kept).toContain('Kept Through SSO');
      const button = ssoButton(posted);
      expect(button.form).toEqual({
        _csrf: csrfIn(posted.text),
        next: '/clients',
        kept: expect.stringContaining('Kept Through SSO'),
      });
      expect(posted.text).toContain('Sign in with single sign-on</button>');

      // A form this small rides in the round trip's own cookie (deflated), whichever instance answers the return.
      const started = await pressSsoButton(posted);
      expect(started.issuerUrl.startsWith(issuer.url)).toBe(true);
      expect(flowIn(started.flowCookie).kept).toMatch(/^[\w-]{20,}$/);
      const { response, cookies } = await walkOn(started, 'mia');
      expect(refreshTarget(await response.text())).toBe('/login/resend');
      const session = `lims_session=${cookies.get('lims_session')}`;
      const resend = await request(t.http).get('/login/resend').set('Cookie', session).expect(200);
      expect(resend.text).toContain('Kept Through SSO');
      expect(resend.text).toContain('OCM-PROC-24-000101');
      expect(await clientNames()).not.toContain('Kept Through SSO');

      const sent = await request(t.http)
        .post('/clients')
        .set('Cookie', session)
        .type('form')
        .send(formFields(resend.text, '/clients'));
      expect(sent.status).toBe(303);
      expect(sent.headers.location).toBe('/clients');
      expect(await clientNames()).toContain('Kept Through SSO');
      expect((await request(t.http).get('/login/resend').set('Cookie', session).expect(200)).text).toContain(
        'No form is waiting to be sent again.',
      );
    });

    it("carries a form too large for the round trip's cookie on the server, under the round trip's state", async () => {
      // Random text does not compress: the form cannot ride in a cookie of about 4 KB.
      const notes = randomBytes(6000).toString('base64url');
      const posted = await postAfterSessionEnded({ licenseNumber: 'OCM-PROC-24-000102', name: 'Large Form', notes });
      expect(posted.status).toBe(401);
      const started = await pressSsoButton(posted);
      expect(started.issuerUrl.startsWith(issuer.url)).toBe(true);
      const flowCookie = (started.response.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('lims_sso='))!;
      expect(flowCookie.length).toBeLessThan(4000);
      expect(flowIn(started.flowCookie).kept).toBe('aside');

      const { response, cookies } = await walkOn(started, 'mia');
      expect(refreshTarget(await response.text())).toBe('/login/resend');
      const resend = await request(t.http)
        .get('/login/resend')
        .set('Cookie', `lims_session=${cookies.get('lims_session')}`);
      expect(resend.text).toContain(notes);
      expect(resend.text).toContain('Large Form');
    });

    it('says plainly when a large form held on the server is gone after the issuer (a restart, another instance)', async () => {
      const posted = await postAfterSessionEnded({
        licenseNumber: 'OCM-PROC-24-000103',
        name: 'Lost Form',
        notes: randomBytes(6000).toString('base64url'),
      });
      const started = await pressSsoButton(posted);
      // Another instance answering the issuer's return holds nothing: here, the form is taken out of this one.
      const { state } = flowIn(started.flowCookie);
      const aside = (t.app.get(SsoService) as unknown as { keptAside: KeptFormsAside }).keptAside;
      expect(aside.take(state, Date.now())).not.toBeNull();

      const { response, cookies } = await walkOn(started, 'mia');
      expect(refreshTarget(await response.text())).toBe('/login/resend?lost=1');
      const resend = await request(t.http)
        .get('/login/resend?lost=1')
        .set('Cookie', `lims_session=${cookies.get('lims_session')}`)
        .expect(200);
      expect(resend.text).toContain('could not be carried through single sign-on');
      expect(resend.text).toContain('Nothing was changed');
    });

    it('shows the sign-in page again, still holding the form, when the issuer vouches for no user here', async () => {
      const posted = await postAfterSessionEnded({ licenseNumber: 'OCM-PROC-24-000104', name: 'Kept After Refusal' });
      const { response, cookies } = await walkSignIn(ssoButton(posted), 'stranger', `${base}/login/sso/callback`);
      const page = await response.text();
      expect(cookies.get('lims_session')).toBeUndefined();
      expect(page).toContain('no active user here has your e-mail address');
      expect(formFields(page, '/login').kept).toContain('Kept After Refusal');
      expect(formFields(page, '/login/sso').kept).toContain('Kept After Refusal');
      expect(await clientNames()).not.toContain('Kept After Refusal');
    });

    it('shows the sign-in page again, still holding the form, when the issuer cannot be reached', async () => {
      const closed = await freePort();
      const offline = await startTestApp({
        PUBLIC_URL: base,
        OIDC_ISSUER: `http://127.0.0.1:${closed}`,
        OIDC_CLIENT_ID: issuer.clientId,
        OIDC_CLIENT_SECRET: issuer.clientSecret,
      });
      try {
        const kept = JSON.stringify({ action: '/clients', fields: [['name', 'Kept While Offline']] });
        const res = await request(offline.http)
          .post('/login/sso')
          .set('Cookie', 'lims_login_csrf=a-token-of-the-sign-in-page')
          .type('form')
          .send({ _csrf: 'a-token-of-the-sign-in-page', next: '/clients', kept });
        expect(res.status).toBe(502);
        expect(res.text).toContain('Single sign-on did not complete');
        expect(formFields(res.text, '/login/sso')).toEqual({ _csrf: expect.any(String), next: '/clients', kept });
        expect(cookiesOf(res).lims_sso).toBeUndefined();
      } finally {
        await offline.close();
      }
    });

    it("refuses the single sign-on button posted without the sign-in page's CSRF token", async () => {
      const posted = await postAfterSessionEnded({ licenseNumber: 'OCM-PROC-24-000105', name: 'Forged Start' });
      const { _csrf: _, ...withoutToken } = ssoButton(posted).form!;
      for (const [cookie, fields] of [
        [`lims_login_csrf=${cookiesOf(posted).lims_login_csrf}`, withoutToken],
        ['', ssoButton(posted).form!],
      ] as const) {
        const res = await request(base).post('/login/sso').set('Cookie', cookie).type('form').send(fields);
        expect(res.status).toBe(403);
        expect(cookiesOf(res).lims_sso).toBeUndefined();
      }
    });
  });
});
