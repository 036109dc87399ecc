import type { AuthenticatedRequest } from '../auth/actor';
import type { WebSession } from './web-session.store';

/** A page request: the actor (once the auth guard ran) and the browser's session, when it has one. */
export type WebRequest = AuthenticatedRequest & { webSession?: WebSession };

export const SESSION_COOKIE = 'lims_session';
/** Double-submit token of the sign-in form, before there is a session to hold one. */
export const LOGIN_CSRF_COOKIE = 'lims_login_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** A request made by the page's own script (upload progress), answered with JSON rather than a page or redirect. */
export const wantsJson = (req: WebRequest): boolean => /application\/json/.test(req.get('accept') ?? '');
