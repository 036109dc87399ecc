import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type BaseClient, custom, generators, Issuer } from 'openid-client';
import { z } from 'zod';
import { clientAddress } from '../auth/auth.guard';
import { AuthThrottle } from '../auth/auth-throttle.service';
import { SsoAccounts } from '../auth/sso-accounts.service';
import { AppConfig, type OidcConfig } from '../config/app-config';
import { parseCookies, serializeCookie } from './cookies';
import { KeptFormsAside } from './kept-forms-aside';
import { KeptFormSchema, MAX_KEPT_JSON_CHARS } from './sign-in-form.schemas';
import { RESEND_PAGE, safeNext, WebSessionService } from './web-session.service';
import { type KeptForm, SESSION_MAX_AGE_MS } from '../auth/web-session.store';
import { SSO_CONFIRMATION_MS } from '../auth/sso-confirmation';

/** The round trip's secrets (state, nonce, PKCE verifier) and where to go after, for ten minutes. */
const FLOW_COOKIE = 'lims_sso';
const FLOW_PATH = '/login/sso';
const FLOW_SECONDS = 10 * 60;
const ISSUER_TIMEOUT_MS = 10_000;
/** Browsers keep a cookie of about 4 KB (name and attributes included): a kept form that would pass this waits aside. */
const MAX_FLOW_COOKIE_CHARS = 3800;
/** Kept forms waiting aside in this process, at most (each is at most what the sign-in form carries, 200,000). */
const MAX_ASIDE_CHARS = 8_000_000;
/** The flow's `kept` when the form waits aside in this process rather than in the cookie. */
const ASIDE = 'aside';
/** Where the person lands when the form held aside for their sign-in is gone (another instance, a restart). */
const KEPT_FORM_LOST = `${RESEND_PAGE}?lost=1`;

const FlowSchema = z.object({
  state: z.string().min(16),
  nonce: z.string().min(16),
  verifier: z.string().min(43),
  next: z.string().nullable(),
  /** Set when a signed-in person confirms who they are for signing: the browser session to mark. */
  confirming: z.uuid().optional(),
  /** A form kept through the sign-in: deflated JSON, or `aside` (too large for this cookie, held in memory). */
  kept: z.string().max(MAX_FLOW_COOKIE_CHARS).optional(),
});
type Flow = z.output<typeof FlowSchema>;

/** What the issuer says about the person (ID token or userinfo): only these claims matter here. */
const ClaimsSchema = z.object({
  sub: z.string().min(1),
  email: z.email().optional(),
  email_verified: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
});

/** Why a sign-in through the issuer did not sign anyone in; the sign-in page says it in words. */
export type SsoRefusal = 'unknown' | 'unverified' | 'failed';

/**
 * Refused: why, and the form kept through the attempt (the sign-in page shows it again). `confirmation`: the
 * person was already signed in and confirmed who they are for signing (see `beginConfirmation`).
 */
export type SsoOutcome =
  { signedIn: true; url: string; confirmation?: boolean } | { signedIn: false; refusal: SsoRefusal; kept?: KeptForm };

/** A confirmation asks the issuer for a fresh login, whose authentication time must be at most this old (seconds). */
const CONFIRMATION_MAX_AGE_SECONDS = SSO_CONFIRMATION_MS / 1000;

/**
 * Single sign-on through OpenID Connect (authorization code with PKCE, openid-client): the issuer vouches for an
 * e-mail address, and the person is the existing active user with that address (never a new one).
 */
@Injectable()
export class SsoService {
  private readonly logger = new Logger('SingleSignOn');
  private client: Promise<BaseClient> | null = null;
  private readonly keptAside = new KeptFormsAside(FLOW_SECONDS * 1000, MAX_ASIDE_CHARS);

  constructor(
    private readonly config: AppConfig,
    private readonly accounts: SsoAccounts,
    private readonly sessions: WebSessionService,
    private readonly throttle: AuthThrottle,
  ) {}

  get enabled(): boolean {
    return this.config.oidc !== null;
  }

  /**
   * The issuer's authorization URL; the round trip's secrets go to a cookie only this path receives, with the form
   * kept through signing in again (if any).
   */
  async begin(res: Response, next: string | undefined, kept?: KeptForm): Promise<string> {
    return this.startFlow(res, { next: safeNext(next) }, {}, kept);
  }

  /**
   * A signed-in person confirms who they are to sign without a password: the issuer is asked for a fresh login
   * (prompt=login, max_age), and the browser comes back to `next`, the page with the form to sign.
   */
  async beginConfirmation(res: Response, sessionRecordId: string, next: string | undefined): Promise<string> {
    return this.startFlow(
      res,
      { next: safeNext(next), confirming: sessionRecordId },
      { prompt: 'login', max_age: CONFIRMATION_MAX_AGE_SECONDS },
    );
  }

  private async startFlow(
    res: Response,
    purpose: { next: string | null; confirming?: string },
    extra: Record<string, string | number>,
    kept?: KeptForm,
  ): Promise<string> {
    const oidc = this.requireConfig();
    const client = await this.clientFor(oidc);
    const flow = {
      state: generators.state(),
      nonce: generators.nonce(),
      verifier: generators.codeVerifier(),
      ...purpose,
    };
    res.append(
      'Set-Cookie',
      serializeCookie(FLOW_COOKIE, this.sealFlow(flow, kept), {
        secure: this.sessions.secure,
        maxAgeSeconds: FLOW_SECONDS,
        sameSite: 'Lax',
        path: FLOW_PATH,
      }),
    );
    return client.authorizationUrl({
      scope: 'openid email profile',
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: generators.codeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      ...extra,
    });
  }

  /** The issuer sent the browser back: check the answer, find the user by e-mail, start the web session. */
  async finish(req: Request, res: Response): Promise<SsoOutcome> {
    const oidc = this.requireConfig();
    const address = clientAddress(req);
    this.throttle.recordSignIn(address);
    res.append(
      'Set-Cookie',
      serializeCookie(FLOW_COOKIE, '', { secure: this.sessions.secure, maxAgeSeconds: 0, sameSite: 'Lax', path: FLOW_PATH }),
    );
    let kept: KeptForm | 'lost' | null = null;
    const refuse = (refusal: SsoRefusal, why: string): SsoOutcome => {
      this.throttle.recordFailure(address);
      this.logger.warn(`single sign-on refused (${refusal}) from ${address}: ${why}`);
      return { signedIn: false, refusal, ...(kept && kept !== 'lost' ? { kept } : {}) };
    };
    const flow = readFlow(req.headers.cookie);
    if (!flow) return refuse('failed', 'no sign-in in progress in this browser (its cookie is missing or expired)');
    kept = this.keptIn(flow);
    let claims: z.output<typeof ClaimsSchema>;
    let authenticatedAt: Date | null = null;
    try {
      const client = await this.clientFor(oidc);
      const tokens = await client.callback(oidc.redirectUri, client.callbackParams(req), {
        state: flow.state,
        nonce: flow.nonce,
        code_verifier: flow.verifier,
        // A confirmation must come from a login just made: openid-client refuses an older or missing auth_time.
        ...(flow.confirming ? { max_age: CONFIRMATION_MAX_AGE_SECONDS } : {}),
      });
      const fromToken = ClaimsSchema.parse(tokens.claims());
      const authTime = tokens.claims().auth_time;
      if (typeof authTime === 'number') authenticatedAt = new Date(authTime * 1000);
      claims =
        fromToken.email || !tokens.access_token ? fromToken : ClaimsSchema.parse(await client.userinfo(tokens.access_token));
      if (claims.sub !== fromToken.sub) return refuse('failed', 'the userinfo answer is about someone else');
    } catch (e) {
      return refuse('failed', (e as Error).message);
    }
    if (!claims.email) return refuse('unknown', `the issuer gave no e-mail address for ${claims.sub}`);
    if (claims.email_verified === false) return refuse('unverified', `the issuer has not verified ${claims.email}`);
    const identity = { email: claims.email, issuer: oidc.issuer, subject: claims.sub };
    if (flow.confirming) {
      if (!authenticatedAt) return refuse('failed', 'the issuer gave no authentication time for a confirmation');
      const confirmed = await this.accounts.confirm(identity, flow.confirming, authenticatedAt);
      if (confirmed === 'no_session') return refuse('failed', 'the browser session to confirm has ended');
      if (confirmed === 'other_person') this.logger.warn(`single sign-on confirmed ${claims.email}, not the session's person`);
      return { signedIn: true, url: flow.next ?? '/', confirmation: true };
    }
    const signIn = await this.accounts.signIn(identity, SESSION_MAX_AGE_MS);
    if (!signIn) return refuse('unknown', `no active user has the e-mail address ${claims.email}`);
    const session = await this.sessions.startSession(res, signIn.actor, { method: 'sso', apiTokenId: signIn.tokenId }, address);
    if (kept === 'lost') return { signedIn: true, url: KEPT_FORM_LOST };
    return this.sessions.onwards(session, signIn.actor, { next: flow.next ?? undefined, kept: kept ?? undefined });
  }

  /** The flow cookie's value: the kept form rides in it when it fits, else it waits aside under the flow's state. */
  private sealFlow(flow: Flow, kept: KeptForm | undefined): string {
    const seal = (f: Flow) => Buffer.from(JSON.stringify(f)).toString('base64url');
    if (!kept) return seal(flow);
    const carried = seal({ ...flow, kept: deflateRawSync(JSON.stringify(kept)).toString('base64url') });
    if (carried.length <= MAX_FLOW_COOKIE_CHARS) return carried;
    this.keptAside.hold(flow.state, kept, Date.now());
    return seal({ ...flow, kept: ASIDE });
  }

  /** The form kept through this round trip; `lost` when it waited aside and is not here (another instance, a restart). */
  private keptIn(flow: Flow): KeptForm | 'lost' | null {
    if (!flow.kept) return null;
    if (flow.kept === ASIDE) return this.keptAside.take(flow.state, Date.now()) ?? 'lost';
    try {
      const json = inflateRawSync(Buffer.from(flow.kept, 'base64url'), { maxOutputLength: MAX_KEPT_JSON_CHARS });
      const parsed = KeptFormSchema.safeParse(JSON.parse(json.toString('utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private requireConfig(): OidcConfig {
    if (!this.config.oidc) throw new Error('single sign-on is not configured (OIDC_ISSUER)');
    return this.config.oidc;
  }

  /** Discovered once; a failed discovery (the issuer unreachable) is tried again on the next sign-in. */
  private clientFor(oidc: OidcConfig): Promise<BaseClient> {
    this.client ??= (async () => {
      custom.setHttpOptionsDefaults({ timeout: ISSUER_TIMEOUT_MS });
      const issuer = await Issuer.discover(oidc.issuer);
      return new issuer.Client({
        client_id: oidc.clientId,
        client_secret: oidc.clientSecret,
        redirect_uris: [oidc.redirectUri],
        response_types: ['code'],
      });
    })().catch((e: unknown) => {
      this.client = null;
      throw e;
    });
    return this.client;
  }
}

function readFlow(header: string | undefined): z.output<typeof FlowSchema> | null {
  const raw = parseCookies(header)[FLOW_COOKIE];
  if (!raw) return null;
  try {
    const parsed = FlowSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
