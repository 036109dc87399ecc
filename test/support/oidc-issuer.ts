import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** oidc-provider 7 is CommonJS without bundled types: the little of it this issuer uses. */
interface ProviderInstance {
  callback(): (req: unknown, res: unknown) => void;
}
type ProviderClass = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;
const Provider = require('oidc-provider') as ProviderClass;

export interface IssuerAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestIssuer {
  url: string;
  clientId: string;
  clientSecret: string;
  close: () => Promise<void>;
}

/**
 * A real OpenID Connect issuer (oidc-provider, its development login and consent pages) on a loopback port, with
 * one confidential client whose redirect URI is the service's. Any login name signs in; `accounts` says what
 * the issuer then vouches for (an account not listed has no e-mail address).
 */
export async function startTestIssuer(redirectUri: string, accounts: Record<string, IssuerAccount>): Promise<TestIssuer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'lims-connector';
  const clientSecret = 'a-client-secret-for-tests-only-0123456789';
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(url, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...signingKey, use: 'sig', kid: 'test-key' }] },
    cookies: { keys: ['test-issuer-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true, methods: ['S256'] },
    features: { devInteractions: { enabled: true } },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, ...(accounts[sub] ?? {}) }),
    }),
  });
  server.on('request', provider.callback());
  return {
    url,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Where a sign-in starts from a browser holding these cookies: a link, or a form post (`form`). */
export interface SignInStart {
  url: string;
  form?: Record<string, string>;
  cookies?: Record<string, string>;
}

/**
 * A browser's part of the authorization-code flow over plain HTTP: follows redirects and pages that refresh
 * themselves, keeps cookies, and fills the
 * issuer's login form (as `login`) and consent form, until the response of the URL `stopAt` starts with.
 * `jar` holds the browser's cookies already (a signed-in session confirming who it is), and is kept up to date.
 */
export async function walkSignIn(
  start: string | SignInStart,
  login: string,
  stopAt: string,
  jar = new Map<string, string>(),
): Promise<{ response: Response; cookies: Map<string, string> }> {
  const from = typeof start === 'string' ? { url: start } : start;
  for (const [name, value] of Object.entries(from.cookies ?? {})) jar.set(name, value);
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a));
      if (gone) jar.delete(name);
      else jar.set(name, pair.slice(eq + 1).trim());
    }
  };
  let request: { url: string; method: 'GET' | 'POST'; body?: string } = from.form
    ? { url: from.url, method: 'POST', body: new URLSearchParams(from.form).toString() }
    : { url: from.url, method: 'GET' };
  for (let step = 0; step < 20; step++) {
    const res = await fetch(request.url, {
      method: request.method,
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(),
        ...(request.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: request.body,
    });
    keep(res);
    if (request.url.startsWith(stopAt)) return { response: res, cookies: jar };
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      request = { url: new URL(location, request.url).toString(), method: 'GET' };
      continue;
    }
    const html = await res.text();
    const refresh = refreshTarget(html);
    if (refresh) {
      request = { url: new URL(refresh, request.url).toString(), method: 'GET' };
      continue;
    }
    // Attributes in either order: the issuer's own pages put action first, its auto-submitting ones method first.
    const found = /<form([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
    const action = found && /method="post"/i.test(found[1]) ? /action="([^"]+)"/.exec(found[1])?.[1] : undefined;
    if (!found || !action) throw new Error(`sign-in stopped at ${request.url} (${res.status}): ${html.slice(0, 300)}`);
    const form = [found[0], action, found[2]];
    const fields = new URLSearchParams();
    for (const input of form[2].matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
      const name = input[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      fields.set(name, name === 'login' ? login : name === 'password' ? 'any password' : value);
    }
    request = { url: new URL(form[1], request.url).toString(), method: 'POST', body: fields.toString() };
  }
  throw new Error('sign-in did not finish in 20 steps');
}

/** Where a page that moves on by itself (`<meta http-equiv="refresh">`) sends the browser. */
export const refreshTarget = (html: string): string | undefined =>
  /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(html)?.[1].replace(/&amp;/g, '&');
