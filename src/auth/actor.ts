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
}

/**
 * A request once the auth guard has identified the caller. `sessionToken` is the API token a signed-in web
 * session holds, set by the web session middleware on page routes only (never on /api routes).
 */
export type AuthenticatedRequest = Request & { actor?: Actor; sessionToken?: string };

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
