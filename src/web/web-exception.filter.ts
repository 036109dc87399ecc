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
import { backTo, SESSION_COOKIE, wantsJson, type WebRequest } from './web-request';
import { SignInFormSchema } from './sign-in-form.schemas';
import { renderSignInPage } from './sign-in.view';
import { SsoService } from './sso.service';
import { keepableFields } from '../auth/web-session.rules';
import { WebSessionService } from './web-session.service';
import { WebSessionStore } from '../auth/web-session.store';

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
    private readonly signIns: WebSessionService,
    private readonly sso: SsoService,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const { status, message } = describe(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (exception instanceof TooManyRequests) res.setHeader('Retry-After', String(exception.retryAfterSeconds));

    if (status === 401) return this.toSignIn(req, res);
    if (status === 429 && req.method === 'POST' && req.path === '/login' && !wantsJson(req)) {
      return this.signInRefused(req, res, message);
    }
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

  /**
   * Not signed in, signed out, or the session ended (the user deactivated, the token behind it revoked). A form
   * posted then is not lost: the sign-in page comes back holding what it carried (never passwords or signature
   * fields), and after signing in the person is offered to send it again. Nothing was applied.
   */
  private async toSignIn(req: WebRequest, res: Response): Promise<void> {
    if (req.webSession) {
      await this.sessions.destroy(req.webSession.id);
      res.setHeader(
        'Set-Cookie',
        serializeCookie(SESSION_COOKIE, '', { secure: this.config.publicUrl.startsWith('https:'), maxAgeSeconds: 0 }),
      );
    }
    if (wantsJson(req)) {
      res.status(401).json({ statusCode: 401, message: 'not signed in' });
      return;
    }
    if (req.method === 'POST') {
      const fields = sameSite(req) ? keepableFields(req.body) : null;
      const back = backTo(req);
      if (fields) {
        const kept = { action: req.originalUrl, fields };
        const problem =
          'You were signed out before this form was sent, so nothing was changed. Sign in again: what you typed is kept, and you can send it again after.';
        res
          .status(401)
          .type('html')
          .send(renderSignInPage(this.views, this.signIns, this.sso, req, res, { kept, problem, next: back }));
        return;
      }
      res.redirect(303, back === '/' ? '/login' : `/login?next=${encodeURIComponent(back)}`);
      return;
    }
    const next = req.method === 'GET' && req.path !== '/' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
    res.redirect(303, `/login${next}`);
  }

  /** Sign-ins refused for now (the account locked, too many from this address): the sign-in page, saying until when. */
  private signInRefused(req: WebRequest, res: Response, message: string): void {
    const form = SignInFormSchema.safeParse(req.body);
    const state = form.success ? { next: form.data.next, kept: form.data.kept } : {};
    res
      .status(429)
      .type('html')
      .send(renderSignInPage(this.views, this.signIns, this.sso, req, res, { ...state, problem: message }));
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

/** A post this site's own page made (Origin, else Referer): only such a form is kept to be sent again. */
function sameSite(req: WebRequest): boolean {
  const from = req.get('origin') ?? req.get('referer');
  if (!from) return false;
  try {
    return new URL(from).host === req.get('host');
  } catch {
    return false;
  }
}

const titleOf = (status: number): string =>
  status === 403
    ? 'Not allowed'
    : status === 429
      ? 'Too many attempts'
      : status === 404
        ? 'Not found'
        : status >= 500
          ? 'Server error'
          : 'That did not work';
