import {
  applyDecorators,
  createParamDecorator,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { WrongAccountKind } from './simulator-error';
import type { SimulatorAccount } from './simulator-options.schemas';
import { SessionService } from './session.service';
import type { SessionRecord } from './simulator.store';

type AccountKind = SimulatorAccount['kind'];

const ACCOUNT_KIND = Symbol('simulator:account-kind');
const sessionsByRequest = new WeakMap<Request, SessionRecord>();

/** Checks X-Ubi, X-License and X-Session-Token, and that the session is of the given account kind. */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const kind = this.reflector.getAllAndOverride<AccountKind | undefined>(ACCOUNT_KIND, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<Request>();
    const session = this.sessions.authenticate({
      token: req.header('x-session-token'),
      ubi: req.header('x-ubi'),
      license: req.header('x-license'),
    });
    if (kind && session.account.kind !== kind) {
      throw new WrongAccountKind(
        kind === 'lab'
          ? 'lab endpoints need a lab session (POST /v1/lab/login)'
          : 'licensee endpoints need a licensee user session (POST /v1/user/login)',
      );
    }
    sessionsByRequest.set(req, session);
    return true;
  }
}

export function RequiresSession(kind: AccountKind): ClassDecorator & MethodDecorator {
  return applyDecorators(SetMetadata(ACCOUNT_KIND, kind), UseGuards(SessionGuard));
}

/** The session the SessionGuard accepted for this request. */
export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext): SessionRecord => {
  const session = sessionsByRequest.get(context.switchToHttp().getRequest<Request>());
  if (!session) throw new Error('CurrentSession used on a route without RequiresSession');
  return session;
});
