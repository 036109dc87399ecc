import { Body, Get, NotFoundException, Query, Redirect, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import { z } from 'zod';
import { MANAGERS } from '../auth/role';
import { Public, Roles } from '../auth/roles.decorator';
import { SsoSignInFormSchema, type SsoSignInForm } from './sign-in-form.schemas';
import { renderSignInPage, SSO_PROBLEMS } from './sign-in.view';
import { SsoService } from './sso.service';
import { ViewRenderer } from './view-renderer.service';
import type { WebRequest } from './web-request';
import { FormPage, Page, WebController } from './web-route.decorators';
import { safeNext, WebSessionService } from './web-session.service';

const SsoStartSchema = z.object({ next: z.string().max(2000).optional() }).strict();

/** Single sign-on through OpenID Connect: off to the issuer, and back. */
@WebController('login/sso')
export class SsoPageController {
  constructor(
    private readonly sso: SsoService,
    private readonly views: ViewRenderer,
    private readonly sessions: WebSessionService,
  ) {}

  @Get()
  @Public()
  @Redirect('/login', 303)
  async start(
    @Res({ passthrough: true }) res: Response,
    @Query(new ZodValidationPipe(SsoStartSchema)) q: z.output<typeof SsoStartSchema>,
  ) {
    if (!this.sso.enabled) throw new NotFoundException('single sign-on is not configured');
    try {
      return { url: await this.sso.begin(res, q.next) };
    } catch {
      return { url: '/login?sso=failed' };
    }
  }

  /**
   * A signed-in manager with no password confirms who they are at the issuer, to sign on the page `next` without
   * one (see sso-confirmation.ts); the issuer is asked for a fresh login whatever session it holds.
   */
  @Get('confirm')
  @Roles(...MANAGERS)
  @Redirect('/', 303)
  async confirm(
    @Req() req: WebRequest,
    @Res({ passthrough: true }) res: Response,
    @Query(new ZodValidationPipe(SsoStartSchema)) q: z.output<typeof SsoStartSchema>,
  ) {
    if (!this.sso.enabled) throw new NotFoundException('single sign-on is not configured');
    if (!req.webSession) throw new NotFoundException('confirming for signing needs a signed-in browser session');
    try {
      return { url: await this.sso.beginConfirmation(res, req.webSession.recordId, q.next) };
    } catch {
      req.webSession.flash.push({
        kind: 'error',
        text: 'The single sign-on service could not be reached to confirm it is you. Try again, or sign with your password.',
      });
      return { url: safeNext(q.next) ?? '/' };
    }
  }

  /**
   * The sign-in page's button when it holds a form kept from a session that ended: the form rides through the
   * round trip. Answered with a page that moves on to the issuer by itself: the pages' CSP (`form-action 'self'`)
   * refuses a form post redirected to another site. If the issuer cannot be reached, the sign-in page again,
   * still holding the form.
   */
  @FormPage('', 'public')
  async startKeeping(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body(new ZodValidationPipe(SsoSignInFormSchema)) form: SsoSignInForm,
  ) {
    if (!this.sso.enabled) throw new NotFoundException('single sign-on is not configured');
    let url: string;
    try {
      url = await this.sso.begin(res, form.next, form.kept);
    } catch {
      const state = { next: form.next, kept: form.kept, ssoProblem: SSO_PROBLEMS.failed };
      res
        .status(502)
        .type('html')
        .send(renderSignInPage(this.views, this.sessions, this.sso, req, res, state));
      return;
    }
    res
      .status(200)
      .type('html')
      .send(pageMovingOn(url, 'Single sign-on', 'On to single sign-on…'));
  }

  /**
   * Answered with a page that moves on by itself rather than a redirect: the browser arrives from the issuer's
   * site, and a redirect in that same navigation would not carry the new SameSite=Strict session cookie. Refused
   * with a form kept through the attempt: the sign-in page itself, still holding it.
   */
  @Page('callback', 'public')
  async callback(@Req() req: WebRequest, @Res({ passthrough: true }) res: Response) {
    if (!this.sso.enabled) throw new NotFoundException('single sign-on is not configured');
    const outcome = await this.sso.finish(req, res);
    if (!outcome.signedIn && outcome.kept) {
      const state = { kept: outcome.kept, ssoProblem: SSO_PROBLEMS[outcome.refusal] };
      return renderSignInPage(this.views, this.sessions, this.sso, req, res, state);
    }
    const url = outcome.signedIn ? outcome.url : `/login?sso=${outcome.refusal}`;
    if (!outcome.signedIn) return pageMovingOn(url, 'Not signed in', 'Single sign-on did not sign you in.');
    return outcome.confirmation
      ? pageMovingOn(url, 'Confirmed', 'Back to your form.')
      : pageMovingOn(url, 'Signed in', 'Signed in.');
  }
}

/** A page that goes on to `url` by itself (a refresh, not a redirect: see its callers for why). */
function pageMovingOn(url: string, title: string, text: string): string {
  const href = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="refresh" content="0;url=${href}">`,
    `<title>${title} · LIMS Connector</title></head>`,
    `<body><p>${text} <a href="${href}">Continue</a></p></body></html>`,
  ].join('');
}
