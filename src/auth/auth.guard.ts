import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException, ForbiddenException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor, AuthenticatedRequest } from './actor';
import { AuthThrottle } from './auth-throttle.service';
import { AuthService } from './auth.service';
import type { Role } from './role';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/** Global guard: Bearer token (or, on pages, the web session's person) → actor, then the route's role list. Routes without a policy are refused. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly throttle: AuthThrottle,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(req.headers.authorization);
    const actor = token ? await this.byToken(token, req) : await this.bySession(req);
    req.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) throw new ForbiddenException('this route has no access policy');
    if (!roles.includes(actor.role)) {
      throw new ForbiddenException(`role ${actor.role} may not do this (allowed: ${roles.join(', ')})`);
    }
    return true;
  }

  private async byToken(token: string, req: AuthenticatedRequest): Promise<Actor> {
    const address = clientAddress(req);
    this.throttle.checkAddress(address);
    const actor = await this.auth.authenticate(token);
    if (!actor) {
      this.throttle.recordFailure(address);
      throw new UnauthorizedException('invalid, expired or revoked API token');
    }
    return actor;
  }

  /** A page request's session (see the web session middleware): its person, looked up afresh on every request. */
  private async bySession(req: AuthenticatedRequest): Promise<Actor> {
    if (!req.signedInSession) throw new UnauthorizedException('missing API token: send "Authorization: Bearer <token>"');
    const actor = await this.auth.authenticateSession(req.signedInSession);
    if (!actor) throw new UnauthorizedException('your session has ended: sign in again');
    return actor;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The peer's address (no proxy is trusted, so X-Forwarded-For cannot pick someone else's bucket). */
export function clientAddress(req: { ip?: string; socket?: { remoteAddress?: string } }): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}
