import request from 'supertest';
import { ROLES, type Role } from '../../../src/auth/role';
import { GENERIC_LONG_MAPPING, genericLongText } from '../../generators/instruments/encoding-fixtures';
import { registerSamples } from '../../support/lab-setup';
import { concreteUrl, discoverRoutes } from '../../support/routes';
import { ADMIN_TOKEN, bearer, startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import { cookiesOf, csrfIn, signed, signIn, type WebClient } from './web-client';
import { completeForRelease } from '../../support/factories/result-set.factory';

interface WebRoute {
  method: 'get' | 'post';
  path: string;
  roles: Role[] | 'public';
}

describe('web pages: sessions, CSRF, roles, and forms that reach the same services as the API', () => {
  let t: TestApp;
  const tokens = {} as Record<Role, string>;
  let routes: WebRoute[];

  beforeAll(async () => {
    t = await startTestApp();
    tokens.admin = ADMIN_TOKEN;
    tokens.technician = await t.userToken('tara.tech', 'technician');
    tokens.manager = await t.userToken('maria.manager', 'manager');
    tokens.licensee = await t.userToken('catskill', 'licensee', 'OCM-PROC-24-000030');
    routes = webRoutes(t);
  });
  afterAll(async () => t.close());

  describe('signing in and out', () => {
    it('sends a visitor without a session to the sign-in page, remembering the page they asked for', async () => {
      const res = await request(t.http).get('/review?status=draft').expect(303);
      expect(res.headers.location).toBe('/login?next=%2Freview%3Fstatus%3Ddraft');
    });

    it('gives the session an httpOnly, SameSite=Strict cookie for the whole site (not Secure over http)', async () => {
      const form = await request(t.http).get('/login').expect(200);
      const res = await request(t.http)
        .post('/login')
        .set('Cookie', `lims_login_csrf=${cookiesOf(form).lims_login_csrf}`)
        .type('form')
        .send({ _csrf: csrfIn(form.text), token: tokens.technician, next: '/upload' })
        .expect(303);
      expect(res.headers.location).toBe('/upload');
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('lims_session='));
      expect(cookie).toMatch(/^lims_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    });

    it.each([
      ['an unknown token', 'lims_not-a-real-token', undefined, '/login?failed=1'],
      ['a next page on another site', undefined, '//evil.example/steal', '/dashboard'],
      ['a next page that is an absolute URL', undefined, 'https://evil.example/', '/dashboard'],
    ])('handles %s without a session or an open redirect', async (_, token, next, location) => {
      const form = await request(t.http).get('/login').expect(200);
      const res = await request(t.http)
        .post('/login')
        .set('Cookie', `lims_login_csrf=${cookiesOf(form).lims_login_csrf}`)
        .type('form')
        .send({ _csrf: csrfIn(form.text), token: token ?? tokens.manager, ...(next ? { next } : {}) })
        .expect(303);
      expect(res.headers.location.split('&')[0]).toBe(location);
      if (token) expect(cookiesOf(res).lims_session).toBeUndefined();
    });

    it('refuses a sign-in form posted without the token of the form it came from (login CSRF)', async () => {
      const form = await request(t.http).get('/login').expect(200);
      const res = await request(t.http)
        .post('/login')
        .type('form')
        .send({ _csrf: csrfIn(form.text), token: tokens.manager })
        .expect(403);
      expect(res.text).toContain('this form has expired or did not come from this site');
      expect(cookiesOf(res).lims_session).toBeUndefined();
    });

    it('signs out: the same cookie no longer opens a page', async () => {
      const c = await signIn(t.http, tokens.technician);
      await c.get('/dashboard').expect(200);
      const out = await c.post('/logout').expect(303);
      expect(out.headers.location).toBe('/login?signedOut=1');
      await c.get('/dashboard').expect(303);
    });

    it('ends the session as soon as the token behind it is revoked (the user deactivated)', async () => {
      const token = await t.userToken('leaving.tech', 'technician');
      const c = await signIn(t.http, token);
      const users = await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN)).expect(200);
      const id = (users.body as Array<{ id: string; username: string }>).find((u) => u.username === 'leaving.tech')!.id;
      await request(t.http).post(`/api/users/${id}/deactivate`).set(bearer(ADMIN_TOKEN)).expect(200);
      const res = await c.get('/dashboard').expect(303);
      expect(res.headers.location).toBe('/login?next=%2Fdashboard');
      expect(cookiesOf(res).lims_session).toBe('');
    });

    it('never lets the session cookie stand in for a token on the API', async () => {
      const c = await signIn(t.http, tokens.manager);
      await request(t.http).get('/api/samples').set('Cookie', c.cookie).expect(401);
    });
  });

  describe('every page route', () => {
    it('finds the pages, and every one declares who may open it', () => {
      expect(routes.filter((r) => r.method === 'get').length).toBeGreaterThanOrEqual(10);
      expect(routes.filter((r) => r.method === 'post').length).toBeGreaterThanOrEqual(12);
    });

    it('answers 403 exactly to the roles a page does not allow, with the same roles as the API', async () => {
      const clients = {} as Record<Role, WebClient>;
      for (const role of ROLES) clients[role] = await signIn(t.http, tokens[role]);
      const wrong: string[] = [];
      for (const r of routes.filter((x) => x.method === 'get' && x.roles !== 'public')) {
        for (const role of ROLES) {
          const res = await clients[role].get(concrete(r.path));
          const allowed = (r.roles as Role[]).includes(role);
          if (allowed && (res.status === 403 || res.status === 401 || res.headers.location?.startsWith('/login')))
            wrong.push(`${role} GET ${r.path}: ${res.status} (allowed)`);
          if (!allowed && res.status !== 403) wrong.push(`${role} GET ${r.path}: ${res.status} (should be 403)`);
          if (res.status >= 500) wrong.push(`${role} GET ${r.path}: ${res.status}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it('keeps licensees to the licensee pages', () => {
      const forLicensees = routes
        .filter((r) => r.roles !== 'public' && r.roles.includes('licensee') && r.roles.length < ROLES.length)
        .map((r) => r.path);
      expect(forLicensees.sort()).toEqual(['/licensee', '/licensee/results/:file']);
    });

    it('refuses every form post that lacks the page’s CSRF token, and changes nothing', async () => {
      const c = await signIn(t.http, tokens.admin);
      const before = await t.sql('select count(*) as n from audit_events');
      const wrong: string[] = [];
      for (const r of routes.filter((x) => x.method === 'post' && x.path !== '/login')) {
        // Refused forms go back to the page they came from; with no Referer, to the start page.
        const res = await c.post(concrete(r.path), {}, { csrf: null });
        const refused = res.status === 403 || (res.status === 303 && res.headers.location === '/');
        if (!refused) wrong.push(`POST ${r.path}: ${res.status} ${res.headers.location ?? ''}`);
        const forged = await c.post(concrete(r.path), {}, { csrf: 'x'.repeat(43) });
        if (!(forged.status === 403 || forged.status === 303)) wrong.push(`POST ${r.path} with a forged token: ${forged.status}`);
      }
      expect(wrong).toEqual([]);
      expect(await t.sql('select count(*) as n from audit_events')).toEqual(before);
      const next = await c.get('/review').expect(200);
      expect(next.text).toContain('this form has expired or did not come from this site');
    });

    it('answers the upload script with JSON, never a redirect, when its CSRF header is missing', async () => {
      const c = await signIn(t.http, tokens.technician);
      const res = await request(t.http)
        .post('/upload/file')
        .set('Cookie', c.cookie)
        .set('Accept', 'application/json')
        .attach('file', Buffer.from('x'), 'x.csv')
        .expect(403);
      expect(res.body).toEqual({ statusCode: 403, message: expect.stringContaining('this form has expired') });
    });
  });

  describe('forms reach the same services and rules as the API', () => {
    let tech: WebClient;
    let manager: WebClient;
    beforeAll(async () => {
      tech = await signIn(t.http, tokens.technician);
      manager = await signIn(t.http, tokens.manager);
      await registerSamples(t.http, tokens.technician, [{ labSampleId: 'WEB-0001' }, { labSampleId: 'WEB-0002' }]);
    });

    it('imports every file of a form posted without script, and says how each went', async () => {
      const csv = Buffer.from(
        'Sample,Analyte,Result,Units,LOQ\nWEB-0001,Lead,0.153,ug/g,0.05\nWEB-0001,Arsenic,ND,ug/g,0.05\nWEB-0002,Lead,0.42,ug/g,0.05\n',
      );
      const res = await request(t.http)
        .post('/upload')
        .set('Cookie', tech.cookie)
        .field('_csrf', tech.csrf)
        .field('template', 'generic-long')
        .field('mapping', JSON.stringify(GENERIC_LONG_MAPPING))
        .attach('file', csv, 'web-metals.csv')
        .attach('file', Buffer.alloc(0), 'empty.csv')
        .expect(303);
      expect(res.headers.location).toBe('/upload');
      const page = await tech.get('/upload').expect(200);
      expect(page.text).toContain('web-metals.csv: imported (2 result set(s), 0 unmatched)');
      expect(page.text).toContain('empty.csv: the file is empty');
    });

    it('answers the upload script with the outcome of its one file, a refused file included', async () => {
      const ok = await request(t.http)
        .post('/upload/file')
        .set('Cookie', tech.cookie)
        .set('X-CSRF-Token', tech.csrf)
        .set('Accept', 'application/json')
        .field('template', 'generic-long')
        .field('mapping', JSON.stringify(GENERIC_LONG_MAPPING))
        .attach('file', genericLongText({}).bytes, 'generic-long.csv')
        .expect(200);
      expect(ok.body).toMatchObject({ ok: true, created: true, href: expect.stringMatching(/^\/imports\//), unmatched: 2 });
      const refused = await request(t.http)
        .post('/upload/file')
        .set('Cookie', tech.cookie)
        .set('X-CSRF-Token', tech.csrf)
        .set('Accept', 'application/json')
        .field('template', 'no-such-template')
        .attach('file', Buffer.from('a,b\n1,2\n'), 'odd.csv')
        .expect(200);
      expect(refused.body).toMatchObject({
        ok: false,
        href: null,
        error: expect.stringContaining('unknown template "no-such-template"'),
      });
    });

    it('submits as the technician; the manager who did not submit approves, rejects with a reason, or is told why not', async () => {
      const set = await resultSetOf('WEB-0001');
      await completeForRelease(t, set);
      await tech.post(`/review/${set}/submit`).expect(303);
      expect(await statusOf(set)).toBe('in_review');

      const short = await manager.post(`/review/${set}/reject`, { reason: 'too short', ...signed('Reviewed and rejected') });
      expect(short.status).toBe(400);
      expect(await statusOf(set)).toBe('in_review');
      expect(short.text).toContain('reason: give a reason of at least 10 characters');
      // The form comes back open with the reason typed, never the password.
      expect(short.text).toContain('>too short</textarea>');
      expect(short.text).not.toContain(TEST_PASSWORD);

      await manager
        .post(`/review/${set}/reject`, { reason: 'Lead was integrated on the wrong peak.', ...signed('Reviewed and rejected') })
        .expect(303);
      expect(await statusOf(set)).toBe('draft');
      const draft = await tech.get(`/review/${set}`).expect(200);
      expect(draft.text).toContain('Lead was integrated on the wrong peak.');

      await manager.post(`/review/${set}/submit`).expect(303);
      const own = await manager.get(`/review/${set}`).expect(200);
      expect(own.text).toContain('You submitted these results for review; another manager must approve them.');
      expect(own.text).not.toContain('Approve and release');
      const refused = await manager.post(`/review/${set}/approve`, signed()).expect(403);
      expect(await statusOf(set)).toBe('in_review');
      expect(refused.text).toMatch(/two-person|created or submitted|cannot approve/i);
    });

    it('amends a released set from a form, ignoring its blank rows', async () => {
      const set = await resultSetOf('WEB-0002');
      await completeForRelease(t, set);
      await tech.post(`/review/${set}/submit`).expect(303);
      await manager.post(`/review/${set}/approve`, signed()).expect(303);
      expect(await statusOf(set)).toBe('approved');
      const res = await manager
        .post(`/review/${set}/amend`, {
          ...signed('Amended with the reason given'),
          reason: 'Lead re-integrated after review of the chromatogram.',
          'changes[0][analyte]': 'Lead',
          'changes[0][value]': '0.40',
          'changes[1][analyte]': '',
          'changes[1][value]': '',
        })
        .expect(303);
      const amended = await request(t.http)
        .get(res.headers.location.replace('/review/', '/api/result-sets/'))
        .set(bearer(tokens.manager))
        .expect(200);
      expect(amended.body).toMatchObject({
        version: 2,
        status: 'draft',
        amendmentReason: 'Lead re-integrated after review of the chromatogram.',
      });
      expect(amended.body.results.find((r: { analyte: string }) => r.analyte === 'lead')).toMatchObject({ valueText: '0.40' });
    });

    it('shows a licensee no UID it does not hold, as a message on its page', async () => {
      const c = await signIn(t.http, tokens.licensee);
      const res = await c.get('/licensee?uid=4815020000009999').expect(200);
      expect(res.text).toContain('No released results for UID 4815020000009999 that your license holds.');
    });
  });

  const resultSetOf = async (labSampleId: string): Promise<string> => {
    const samples = await request(t.http).get(`/api/samples?q=${labSampleId}`).set(bearer(tokens.technician)).expect(200);
    const detail = await request(t.http).get(`/api/samples/${samples.body[0].id}`).set(bearer(tokens.technician)).expect(200);
    return detail.body.resultSets[0].id;
  };
  const statusOf = async (id: string): Promise<string> =>
    (await request(t.http).get(`/api/result-sets/${id}`).set(bearer(tokens.manager)).expect(200)).body.status;
});

/** Every page route (not /api, /health, /docs or /verify). */
function webRoutes(t: TestApp): WebRoute[] {
  return discoverRoutes(t.app)
    .filter((r) => !/^\/(api|health|docs|verify)(\/|$)/.test(r.path))
    .map((r) => ({ method: r.method as 'get' | 'post', path: r.path, roles: r.isPublic ? 'public' : (r.roles ?? []) }));
}

const concrete = concreteUrl;
