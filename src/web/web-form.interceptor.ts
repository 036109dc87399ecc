import { timingSafeEqual } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Observable, tap } from 'rxjs';
import { parseCookies } from './cookies';
import { CSRF_FIELD, CSRF_HEADER, LOGIN_CSRF_COOKIE, type WebRequest } from './web-request';
import type { Flash } from '../auth/web-session.store';

/** A form post without the page's CSRF token (an old page, another site, a script). */
export class CsrfRejected extends Error {
  constructor() {
    super('this form has expired or did not come from this site: reload the page and try again');
    this.name = 'CsrfRejected';
  }
}

/** What a form handler returns: where to go next (a 303), and what to tell the person there. */
export interface FormOutcome {
  url: string;
  flash?: Flash;
}

/**
 * Every web POST: checks the CSRF token (form field `_csrf`, or the X-CSRF-Token header for script uploads)
 * against the session's — or, on the sign-in form, against its double-submit cookie — and removes the field
 * so the API's strict schemas see only the form's own fields. Afterwards it keeps the outcome's message for
 * the next page. Runs after the auth guard and, on file routes, after multer has read the multipart fields.
 */
@Injectable()
export class WebFormInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<WebRequest>();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const sent = req.get(CSRF_HEADER) ?? body[CSRF_FIELD];
    if (typeof sent !== 'string' || !csrfMatches(sent, expectedCsrf(req))) throw new CsrfRejected();
    delete body[CSRF_FIELD];
    return next.handle().pipe(
      tap((outcome) => {
        const flash = (outcome as Partial<FormOutcome> | undefined)?.flash;
        if (flash && req.webSession) req.webSession.flash.push(flash);
      }),
    );
  }
}

/** The token a form of this request must carry: its session's, or on the sign-in form its double-submit cookie. */
export function expectedCsrf(req: WebRequest): string | undefined {
  return req.webSession?.csrfToken ?? parseCookies(req.headers.cookie)[LOGIN_CSRF_COOKIE];
}

export function csrfMatches(sent: string, expected: string | undefined): boolean {
  return !!expected && sameSecret(sent, expected);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
