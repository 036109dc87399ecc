import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ZodError } from 'zod';
import { AppConfig } from '../config/app-config';
import { errorAnswer } from '../common/error-answer';
import { TooManyRequests } from '../common/errors';
import { describeZodIssues } from '../common/zod-issues';
import { serializeCookie } from './cookies';
import { ViewRenderer } from './view-renderer.service';
import { CsrfRejected } from './web-form.interceptor';
import { SESSION_COOKIE, wantsJson, type WebRequest } from './web-request';
import { WebSessionStore } from './web-session.store';

/**
 * Errors on page routes, as a person meets them: not signed in → the sign-in page; a refused form → back to
 * the page it came from with the reason on top; anything else → an error page (or JSON for the upload script).
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebErrors');

  constructor(
    private readonly views: ViewRenderer,
    private readonly sessions: WebSessionStore,
    private readonly config: AppConfig,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const { status, message } = describe(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (exception instanceof TooManyRequests) res.setHeader('Retry-After', String(exception.retryAfterSeconds));

    if (status === 401) return this.toSignIn(req, res);
    if (wantsJson(req)) {
      res.status(status).json({ statusCode: status, message });
      return;
    }
    if (req.method === 'POST' && req.webSession && status < 500) {
      req.webSession.flash.push({ kind: 'error', text: message });
      res.redirect(303, backTo(req));
      return;
    }
    res
      .status(status)
      .type('html')
      .send(this.views.render(req, 'error', { title: titleOf(status), status, message }));
  }

  /** Not signed in, signed out, or the token behind the session was revoked. */
  private toSignIn(req: WebRequest, res: Response): void {
    if (req.webSession) {
      this.sessions.destroy(req.webSession.id);
      res.setHeader(
        'Set-Cookie',
        serializeCookie(SESSION_COOKIE, '', { secure: this.config.publicUrl.startsWith('https:'), maxAgeSeconds: 0 }),
      );
    }
    if (wantsJson(req)) {
      res.status(401).json({ statusCode: 401, message: 'not signed in' });
      return;
    }
    const next = req.method === 'GET' && req.path !== '/' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
    res.redirect(303, `/login${next}`);
  }
}

function describe(e: unknown): { status: number; message: string } {
  if (e instanceof CsrfRejected) return { status: 403, message: e.message };
  // Pages parse their forms themselves: a form zod refuses is the person's to correct.
  if (e instanceof ZodError) return { status: 400, message: describeZodIssues(e).join('; ') };
  const answer = errorAnswer(e);
  if (answer) return { status: answer.statusCode, message: answer.message };
  return { status: 500, message: 'Something went wrong on the server; it has been logged.' };
}

/** The page a form was posted from (same site only), else the start page. */
function backTo(req: WebRequest): string {
  const referer = req.get('referer');
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return url.host === req.get('host') ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}

const titleOf = (status: number): string =>
  status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : status >= 500 ? 'Server error' : 'That did not work';
