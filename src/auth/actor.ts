import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from './role';

/** The authenticated caller, as services see it. */
export interface Actor {
  id: string;
  username: string;
  /** As printed under a signature; the username for machine accounts and users made before names were kept. */
  fullName: string;
  title: string | null;
  role: Role;
  licenseNumber: string | null;
  /** Page requests only: when single sign-on last confirmed this person for signing (epoch ms), if it did. */
  ssoConfirmedAt?: number | null;
}

/** The signed-in web session behind a page request: whose it is and how it began (never a token to re-check). */
export interface SessionIdentity {
  userId: string;
  method: 'password' | 'token' | 'sso';
  /** The API token a token or single sign-on session began with: revoked, it ends the session. */
  apiTokenId: string | null;
  createdAt: number;
  /** The session's row (not a secret: the cookie's id is), for a single sign-on confirmation to mark. */
  recordId: string;
  ssoConfirmedAt: number | null;
}

/**
 * A request once the auth guard has identified the caller. `signedInSession` is set by the web session
 * middleware on page routes only (never on /api routes, which take only Bearer tokens).
 */
export type AuthenticatedRequest = Request & { actor?: Actor; signedInSession?: SessionIdentity };

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
