import type { Response } from 'express';
import type { SsoService } from './sso.service';
import type { ViewRenderer } from './view-renderer.service';
import type { WebRequest } from './web-request';
import type { KeptForm } from '../auth/web-session.rules';
import type { WebSessionService } from './web-session.service';

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
    sso: sso.enabled && !state.kept ? { href: `/login/sso${next ? `?next=${encodeURIComponent(next)}` : ''}` } : null,
    ssoProblem: state.ssoProblem ?? null,
    problem: state.problem ?? null,
    kept: state.kept ?? null,
    keptJson: state.kept ? JSON.stringify(state.kept) : '',
  });
}
