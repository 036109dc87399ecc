import request from 'supertest';
import type { App } from 'supertest/types';
import { TEST_PASSWORD } from '../../support/test-app';

/** A browser-like client for the pages over supertest: keeps the session cookie and the page's CSRF token. */
export interface WebClient {
  cookie: string;
  csrf: string;
  get: (path: string) => request.Test;
  post: (path: string, form?: Record<string, string>, options?: { csrf?: string | null }) => request.Test;
}

export function cookiesOf(res: request.Response): Record<string, string> {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  return Object.fromEntries((raw ?? []).map((c) => c.split(';')[0].split('=')).map(([k, ...v]) => [k, v.join('=')]));
}

export const csrfIn = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The sign-in form posted with these fields (a fresh form, its CSRF cookie); the answer. */
export async function postSignIn(http: App, fields: Record<string, string>): Promise<request.Response> {
  const form = await request(http).get('/login').expect(200);
  return request(http)
    .post('/login')
    .set('Cookie', `lims_login_csrf=${cookiesOf(form).lims_login_csrf}`)
    .type('form')
    .send({ _csrf: csrfIn(form.text), ...fields });
}

/** Signs in through the form, as a person would; the client then carries the session. */
export async function signIn(http: App, token: string): Promise<WebClient> {
  const form = await request(http).get('/login').expect(200);
  const loginCookie = `lims_login_csrf=${cookiesOf(form).lims_login_csrf}`;
  const res = await request(http)
    .post('/login')
    .set('Cookie', loginCookie)
    .type('form')
    .send({ _csrf: csrfIn(form.text), token })
    .expect(303);
  const session = cookiesOf(res).lims_session;
  if (!session) throw new Error(`sign-in refused: ${res.headers.location}`);
  return sessionClient(http, `lims_session=${session}`, res.headers.location);
}

/** A client for a session begun elsewhere (single sign-on): its CSRF token read from `landing`. */
export async function sessionClient(http: App, cookie: string, landing = '/dashboard'): Promise<WebClient> {
  const page = await request(http).get(landing).set('Cookie', cookie).expect(200);
  const csrf = csrfIn(page.text);
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

/** The signature fields of a signed form (approve, reject, amend, release), as the page posts them. */
export const signed = (meaning = 'Reviewed and approved for release', password = TEST_PASSWORD): Record<string, string> => ({
  'signature[meaning]': meaning,
  'signature[password]': password,
});
