import request from 'supertest';
import { WebSessionRecord } from '../../../src/auth/web-session.entity';
import { refreshTarget, startTestIssuer, walkSignIn, type TestIssuer } from '../../support/oidc-issuer';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';
import { reviewAs, submittedSet } from '../workflow/review-requests';
import { sessionClient, signed, type WebClient } from './web-client';
import { freePort } from '../../support/free-port';

jest.setTimeout(120_000);

/** The review page's approve form, posted as the browser does (the password left as typed). */
const approveForm = (password: string) => signed('Reviewed and approved for release', password);

describe('signing through single sign-on: a manager without a password confirms at the issuer, then signs', () => {
  let t: TestApp;
  let issuer: TestIssuer;
  let base: string;
  let tech: ReturnType<typeof reviewAs>;
  let sample = 0;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    issuer = await startTestIssuer(`${base}/login/sso/callback`, {
      mia: { email: 'mia.manager@hudson-lab.example', email_verified: true },
      otto: { email: 'otto.manager@hudson-lab.example', email_verified: true },
    });
    t = await startTestApp({
      PUBLIC_URL: base,
      OIDC_ISSUER: issuer.url,
      OIDC_CLIENT_ID: issuer.clientId,
      OIDC_CLIENT_SECRET: issuer.clientSecret,
    });
    await t.app.listen(port, '127.0.0.1');
    // Single-sign-on people: no password is ever set for them.
    for (const [username, fullName, email] of [
      ['mia.manager', 'Mia Manager', 'mia.manager@hudson-lab.example'],
      ['otto.manager', 'Otto Manager', 'otto.manager@hudson-lab.example'],
    ])
      await request(t.http)
        .post('/api/users')
        .set(bearer(ADMIN_TOKEN))
        .send({ username, fullName, title: 'QA Manager', role: 'manager', email })
        .expect(201);
    tech = reviewAs(t, await t.userToken('tara.tech', 'technician'));
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  async function setInReview(): Promise<string> {
    sample += 1;
    return submittedSet(t, tech, `2502RLI0135-09${String(sample).padStart(2, '0')}`);
  }

  /** Signs `login` in through the issuer: the browser's cookies (issuer's and service's) and a page client. */
  async function ssoSession(login: string): Promise<{ jar: Map<string, string>; web: WebClient }> {
    const { cookies } = await walkSignIn(`${base}/login/sso`, login, `${base}/login/sso/callback`);
    return { jar: cookies, web: await sessionClient(t.http, `lims_session=${cookies.get('lims_session')}`) };
  }

  /** Walks the confirmation round trip from the review page's link; returns where the browser is sent back to. */
  async function confirm(jar: Map<string, string>, href: string, login: string): Promise<string | undefined> {
    const { response } = await walkSignIn(`${base}${href}`, login, `${base}/login/sso/callback`, jar);
    return refreshTarget(await response.text());
  }

  const setOf = async (id: string) =>
    (await request(t.http).get(`/api/result-sets/${id}`).set(bearer(ADMIN_TOKEN)).expect(200)).body as {
      status: string;
      signatures: Array<{ fullName: string; authenticatedBy: string; action: string }>;
    };

  it('offers the confirmation beside the password, refuses an empty password before it, and signs with none after it', async () => {
    const id = await setInReview();
    const { jar, web } = await ssoSession('mia');
    const page = await web.get(`/review/${id}`).expect(200);
    const href = `/login/sso/confirm?next=${encodeURIComponent(`/review/${id}`)}`;
    expect(page.text).toContain(`<a href="${href.replace(/&/g, '&amp;')}">Confirm it is you through single sign-on</a>`);
    expect(page.text).toMatch(/name="signature\[password\]" type="password" autocomplete="current-password" required/);

    const early = await web.post(`/review/${id}/approve`, approveForm('')).expect(400);
    expect(early.text).toContain('your password, entered again');
    expect((await setOf(id)).status).toBe('in_review');

    expect(await confirm(jar, href, 'mia')).toBe(`/review/${id}`);
    const confirmed = await web.get(`/review/${id}`).expect(200);
    expect(confirmed.text).toContain('Single sign-on confirmed it is you: sign within the next five minutes');
    expect(confirmed.text).toContain('Single sign-on confirmed it is you: sign before');
    expect(confirmed.text).not.toMatch(/name="signature\[password\]"[^>]* required/);

    await web.post(`/review/${id}/approve`, approveForm('')).expect(303);
    const approved = await setOf(id);
    expect(approved.status).toBe('approved');
    expect(approved.signatures).toEqual([
      expect.objectContaining({ action: 'approve', fullName: 'Mia Manager', authenticatedBy: 'sso' }),
    ]);
    const history = await web.get(`/review/${id}`).expect(200);
    expect(history.text).toContain('confirmed through single sign-on');
    const audit = await request(t.http).get('/api/audit?actor=mia.manager').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(audit.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'user.confirmed_sso',
          after: expect.objectContaining({ issuer: issuer.url, subject: 'mia', authenticatedAt: expect.any(String) }),
        }),
        expect.objectContaining({
          action: 'result_set.approved',
          after: expect.objectContaining({ signature: expect.objectContaining({ authenticatedBy: 'sso' }) }),
        }),
      ]),
    );
  });

  it('lets the confirmation lapse after five minutes: the empty password is refused again', async () => {
    const id = await setInReview();
    const { jar, web } = await ssoSession('mia');
    expect(await confirm(jar, `/login/sso/confirm?next=${encodeURIComponent(`/review/${id}`)}`, 'mia')).toBe(`/review/${id}`);
    await t.orm.em
      .fork()
      .nativeUpdate(WebSessionRecord, { ssoConfirmedAt: { $ne: null } }, { ssoConfirmedAt: new Date(Date.now() - 6 * 60_000) });
    const page = await web.get(`/review/${id}`).expect(200);
    expect(page.text).toContain('Confirm it is you through single sign-on');
    await web.post(`/review/${id}/approve`, approveForm('')).expect(400);
    expect((await setOf(id)).status).toBe('in_review');
  });

  it('never lets someone else confirm for the signed-in person', async () => {
    const id = await setInReview();
    const { jar, web } = await ssoSession('otto');
    expect(await confirm(jar, `/login/sso/confirm?next=${encodeURIComponent(`/review/${id}`)}`, 'mia')).toBe(`/review/${id}`);
    const page = await web.get(`/review/${id}`).expect(200);
    expect(page.text).toContain('Single sign-on confirmed mia.manager@hudson-lab.example, not Otto Manager');
    await web.post(`/review/${id}/approve`, approveForm('')).expect(400);
    expect((await setOf(id)).status).toBe('in_review');
  });

  it('is for browser sessions only: the API still needs the password, a confirmation or not', async () => {
    const id = await setInReview();
    const token = (
      await request(t.http)
        .post('/api/users')
        .set(bearer(ADMIN_TOKEN))
        .send({ username: 'nia.manager', fullName: 'Nia Manager', role: 'manager' })
        .expect(201)
    ).body.token as string;
    const res = await reviewAs(t, token)
      .approve(id, { signature: { meaning: 'Reviewed and approved for release' } })
      .expect(400);
    expect(res.body.message).toContain('signature.password');
  });
});
