import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, type Observable, switchMap } from 'rxjs';
import { MANAGERS } from '../auth/role';
import { NotificationService } from '../notifications/notification.service';
import type { WebRequest } from './web-request';

/** Marks a route as a page (the layout is drawn): only those gather the bell. */
export const PAGE_KEY = 'web:page';

/** Items the bell's menu lists; its count is every notification. */
export const BELL_ITEMS = 5;

/** Before a page is drawn for a manager or admin: what needs their action, for the bell in the layout. */
@Injectable()
export class BellInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly notifications: NotificationService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<WebRequest>();
    const isPage = this.reflector.get<boolean>(PAGE_KEY, ctx.getHandler());
    if (!isPage || !req.actor || !MANAGERS.includes(req.actor.role)) return next.handle();
    return from(this.notifications.current(new Date(), BELL_ITEMS)).pipe(
      switchMap((list) => {
        req.notifications = list;
        return next.handle();
      }),
    );
  }
}
