import type { AuthenticatedRequest } from '../auth/actor';
import type { NotificationList } from '../notifications/notification';
import type { WebSession } from '../auth/web-session.store';

/**
 * A page request: the actor (once the auth guard ran), the browser's session when it has one, and for a
 * manager's page what needs their action (the bell).
 */
export type WebRequest = AuthenticatedRequest & { webSession?: WebSession; notifications?: NotificationList };

export const SESSION_COOKIE = 'lims_session';
/** Double-submit token of the sign-in form, before there is a session to hold one. */
export const LOGIN_CSRF_COOKIE = 'lims_login_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** A request made by the page's own script (upload progress), answered with JSON rather than a page or redirect. */
export const wantsJson = (req: WebRequest): boolean => /application\/json/.test(req.get('accept') ?? '');

/** The page a form was posted from (same site only), else the start page. */
export function backTo(req: WebRequest): string {
  const referer = req.get('referer');
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return url.host === req.get('host') ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}

/** The page a person is on: this one for a page asked for, the form's own page for a page answering a form. */
export const pageOf = (req: WebRequest): string => (req.method === 'GET' ? req.originalUrl : backTo(req));
