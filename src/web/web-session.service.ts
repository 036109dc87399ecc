import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { clientAddress } from '../auth/auth.guard';
import { AuthThrottle } from '../auth/auth-throttle.service';
import { AuthService } from '../auth/auth.service';
import { SsoAccounts } from '../auth/sso-accounts.service';
import { AppConfig } from '../config/app-config';
import { serializeCookie } from './cookies';
import { landingPage } from './layout.view';
import type { FormOutcome } from './web-form.interceptor';
import { LOGIN_CSRF_COOKIE, SESSION_COOKIE, type WebRequest } from './web-request';
import type { LoginForm } from './web-forms.schemas';
import { newSecret, SESSION_MAX_AGE_MS, WebSessionStore } from './web-session.store';

/** The sign-in form's double-submit cookie lives this long (a form left open longer is simply shown again). */
const LOGIN_FORM_SECONDS = 60 * 60;

/** Signing in with an API token and out again; the session itself lives in WebSessionStore. */
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

  /** Refused with 429 past the limits on sign-ins per address and per user, and on failures per address. */
  async signIn(req: WebRequest, res: Response, form: LoginForm): Promise<FormOutcome> {
    const address = clientAddress(req);
    this.throttle.recordSignIn(address);
    const actor = await this.auth.authenticate(form.token);
    if (!actor) {
      this.throttle.recordFailure(address);
      return { url: `/login?failed=1${form.next ? `&next=${encodeURIComponent(form.next)}` : ''}` };
    }
    this.startSession(res, form.token, actor);
    return { url: safeNext(form.next) ?? landingPage(actor.role) };
  }

  /**
   * The one place a browser becomes signed in, whatever proved who it is (an API token, single sign-on): the
   * session holds a token the auth guard checks on every page, and its id goes to the browser's cookie.
   */
  startSession(res: Response, token: string, actor: Actor): void {
    this.throttle.recordSignInOf(actor.id);
    const session = this.sessions.create(token, actor.id);
    res.append(
      'Set-Cookie',
      serializeCookie(SESSION_COOKIE, session.id, { secure: this.secure, maxAgeSeconds: SESSION_MAX_AGE_MS / 1000 }),
    );
    res.append('Set-Cookie', serializeCookie(LOGIN_CSRF_COOKIE, '', { secure: this.secure, maxAgeSeconds: 0 }));
  }

  async signOut(req: WebRequest, res: Response): Promise<FormOutcome> {
    if (req.webSession) {
      this.sessions.destroy(req.webSession.id);
      await this.ssoAccounts.endSession(req.webSession.token);
    }
    res.append('Set-Cookie', serializeCookie(SESSION_COOKIE, '', { secure: this.secure, maxAgeSeconds: 0 }));
    return { url: '/login?signedOut=1' };
  }

  get secure(): boolean {
    return this.config.publicUrl.startsWith('https:');
  }
}

/** Only a path on this site: never `//elsewhere` or an absolute URL (no open redirect). */
export function safeNext(next: string | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return null;
  return next;
}
