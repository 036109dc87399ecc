import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { clientAddress } from '../auth/auth.guard';
import { AuthThrottle } from '../auth/auth-throttle.service';
import { AuthService } from '../auth/auth.service';
import { SsoAccounts } from '../auth/sso-accounts.service';
import { usernameKey } from '../auth/user.entity';
import { InvalidInput } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { serializeCookie } from './cookies';
import { landingPage } from './layout.view';
import type { SignInForm } from './sign-in-form.schemas';
import type { FormOutcome } from './web-form.interceptor';
import { LOGIN_CSRF_COOKIE, SESSION_COOKIE, type WebRequest } from './web-request';
import {
  type KeptForm,
  newSecret,
  SESSION_MAX_AGE_MS,
  type SessionOrigin,
  type WebSession,
  WebSessionStore,
} from '../auth/web-session.store';

/** The sign-in form's double-submit cookie lives this long (a form left open longer is simply shown again). */
const LOGIN_FORM_SECONDS = 60 * 60;
/** Where a person goes after signing in again with a form kept: the page that sends it again. */
export const RESEND_PAGE = '/login/resend';

/** Signing in (password, API token) and out again; the session itself lives in WebSessionStore. */
@Injectable()
export class WebSessionService {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: WebSessionStore,
    private readonly config: AppConfig,
    private readonly throttle: AuthThrottle,
    private readonly ssoAccounts: SsoAccounts,
  ) {}

  /** A fresh CSRF token for the sign-in form, also set as its cookie (there is no session yet to hold it). */
  loginForm(res: Response): string {
    const csrfToken = newSecret();
    res.append(
      'Set-Cookie',
      serializeCookie(LOGIN_CSRF_COOKIE, csrfToken, { secure: this.secure, maxAgeSeconds: LOGIN_FORM_SECONDS }),
    );
    return csrfToken;
  }

  /**
   * A username and password (or an API token). Refused with 429 past the limits on sign-ins per address and
   * per user, on failures per address, and while the account is locked after repeated wrong passwords.
   * Every outcome is audited with the address, never with the password.
   */
  async signIn(req: WebRequest, res: Response, form: SignInForm): Promise<SignInOutcome> {
    const address = clientAddress(req);
    this.throttle.recordSignIn(address);
    // A token typed means a token sign-in, whatever a password manager filled in beside it.
    if (form.token !== undefined) return this.signInWithToken(res, form, address);
    if (form.username !== undefined) return this.signInWithPassword(res, form, address);
    throw new InvalidInput('username', 'enter your username and password');
  }

  private async signInWithPassword(res: Response, form: SignInForm, address: string): Promise<SignInOutcome> {
    const username = form.username ?? '';
    const account = usernameKey(username);
    await this.throttle.checkAccount(account);
    const check = await this.auth.checkPassword(username, form.password ?? '');
    if (!check.ok) {
      this.throttle.recordFailure(address);
      const lockMs = await this.throttle.recordAccountFailure(account);
      await this.auth.recordSignIn({
        actor: check.user?.username ?? 'anonymous',
        action: 'user.sign_in_failed',
        entityId: check.user?.id ?? `unknown:${account.slice(0, 100)}`,
        after: {
          method: 'password',
          username: username.slice(0, 100),
          address,
          reason: check.reason,
          lockedForSeconds: lockMs / 1000,
        },
      });
      return { signedIn: false };
    }
    await this.throttle.resetAccount(account);
    const session = await this.startSession(res, check.actor, { method: 'password' }, address);
    return this.onwards(session, check.actor, form);
  }

  private async signInWithToken(res: Response, form: SignInForm, address: string): Promise<SignInOutcome> {
    const found = await this.auth.authenticateWithId(form.token ?? '');
    if (!found) {
      this.throttle.recordFailure(address);
      await this.auth.recordSignIn({
        actor: 'anonymous',
        action: 'user.sign_in_failed',
        entityId: 'unknown:token',
        after: { method: 'token', address, reason: 'unknown, revoked or expired token' },
      });
      return { signedIn: false };
    }
    const session = await this.startSession(res, found.actor, { method: 'token', apiTokenId: found.tokenId }, address);
    return this.onwards(session, found.actor, form);
  }

  /**
   * After signing in (a password, a token, single sign-on): the form kept through it to send again, else the page
   * asked for, else the start page.
   */
  async onwards(
    session: WebSession,
    actor: Actor,
    form: Pick<SignInForm, 'kept' | 'next'>,
  ): Promise<{ signedIn: true; url: string }> {
    if (form.kept) {
      session.keptForm = form.kept;
      await this.sessions.save(session);
      return { signedIn: true, url: RESEND_PAGE };
    }
    return { signedIn: true, url: safeNext(form.next) ?? landingPage(actor.role) };
  }

  /**
   * The one place a browser becomes signed in, whatever proved who it is (a password, an API token, single
   * sign-on): the session row names the person and how it began, and its id goes to the browser's cookie.
   */
  async startSession(res: Response, actor: Actor, origin: SessionOrigin, address?: string): Promise<WebSession> {
    this.throttle.recordSignInOf(actor.id);
    const session = await this.sessions.create(actor.id, origin);
    if (origin.method !== 'sso') {
      await this.auth.recordSignIn({
        actor: actor.username,
        action: 'user.signed_in',
        entityId: actor.id,
        after: {
          method: origin.method,
          address: address ?? null,
          ...(origin.method === 'token' ? { tokenId: origin.apiTokenId } : {}),
        },
      });
    }
    res.append(
      'Set-Cookie',
      serializeCookie(SESSION_COOKIE, session.id, { secure: this.secure, maxAgeSeconds: SESSION_MAX_AGE_MS / 1000 }),
    );
    res.append('Set-Cookie', serializeCookie(LOGIN_CSRF_COOKIE, '', { secure: this.secure, maxAgeSeconds: 0 }));
    return session;
  }

  async signOut(req: WebRequest, res: Response): Promise<FormOutcome> {
    if (req.webSession) {
      await this.sessions.destroy(req.webSession.id);
      if (req.webSession.method === 'sso' && req.webSession.apiTokenId)
        await this.ssoAccounts.endSession(req.webSession.apiTokenId);
    }
    res.append('Set-Cookie', serializeCookie(SESSION_COOKIE, '', { secure: this.secure, maxAgeSeconds: 0 }));
    return { url: '/login?signedOut=1' };
  }

  /** The form kept through the last sign-in, handed out once (the page that sends it again shows it). */
  takeKeptForm(req: WebRequest): KeptForm | null {
    const kept = req.webSession?.keptForm ?? null;
    if (req.webSession) req.webSession.keptForm = null;
    return kept;
  }

  get secure(): boolean {
    return this.config.publicUrl.startsWith('https:');
  }
}

/**
 * Signed in (and where to go), or not: the page says the same words for every failure (unknown user, wrong
 * password, no password, deactivated, unknown token), so no one learns which.
 */
export type SignInOutcome = { signedIn: true; url: string } | { signedIn: false };

/** Only a path on this site: never `//elsewhere` or an absolute URL (no open redirect). */
export function safeNext(next: string | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return null;
  return next;
}
