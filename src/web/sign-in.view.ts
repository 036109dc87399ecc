import type { Response } from 'express';
import type { SsoRefusal, SsoService } from './sso.service';
import type { ViewRenderer } from './view-renderer.service';
import type { WebRequest } from './web-request';
import type { KeptForm } from '../auth/web-session.rules';
import type { WebSessionService } from './web-session.service';

/** Why single sign-on did not sign the person in, in words. */
export const SSO_PROBLEMS: Readonly<Record<SsoRefusal, string>> = {
  unknown:
    'Single sign-on vouched for you, but no active user here has your e-mail address. Ask an administrator to add it to your user.',
  unverified: 'Your single sign-on account has not verified its e-mail address, so it cannot sign you in here.',
  failed:
    'Single sign-on did not complete (it was cancelled, took too long, or the sign-in service could not be reached). Try again.',
};

/** What the sign-in page shows besides its form. */
export interface SignInPageState {
  next?: string;
  failed?: boolean;
  signedOut?: boolean;
  /** Come from the set-password page: the password is set, now sign in with it. */
  passwordSet?: boolean;
  ssoProblem?: string | null;
  /** Why the person must sign in (again): the account is locked, the session ended. */
  problem?: string | null;
  kept?: KeptForm | null;
}

/** The sign-in page (with a fresh CSRF cookie): from its own route, and for a form that arrived after its session ended. */
export function renderSignInPage(
  views: ViewRenderer,
  sessions: WebSessionService,
  sso: SsoService,
  req: WebRequest,
  res: Response,
  state: SignInPageState,
): string {
  const next = state.next ?? '';
  return views.render(req, 'login', {
    title: state.kept ? 'Sign in again' : 'Sign in',
    csrfToken: sessions.loginForm(res),
    next,
    failed: state.failed ?? false,
    signedOut: state.signedOut ?? false,
    passwordSet: state.passwordSet ?? false,
    // With a form kept, the button posts it (the same CSRF token as the password form) to carry it through the issuer.
    sso: sso.enabled ? { href: `/login/sso${next ? `?next=${encodeURIComponent(next)}` : ''}` } : null,
    ssoProblem: state.ssoProblem ?? null,
    problem: state.problem ?? null,
    kept: state.kept ?? null,
    keptJson: state.kept ? JSON.stringify(state.kept) : '',
  });
}
