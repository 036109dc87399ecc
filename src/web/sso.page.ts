import { Get, NotFoundException, Query, Redirect, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import { z } from 'zod';
import { MANAGERS } from '../auth/role';
import { Public, Roles } from '../auth/roles.decorator';
import type { WebRequest } from './web-request';
import { SsoService } from './sso.service';
import { safeNext } from './web-session.service';
import { Page, WebController } from './web-route.decorators';

const SsoStartSchema = z.object({ next: z.string().max(2000).optional() }).strict();

/** Single sign-on through OpenID Connect: off to the issuer, and back. */
@WebController('login/sso')
export class SsoPageController {
  constructor(private readonly sso: SsoService) {}

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
   * Answered with a page that moves on by itself rather than a redirect: the browser arrives from the issuer's
   * site, and a redirect in that same navigation would not carry the new SameSite=Strict session cookie.
   */
  @Page('callback', 'public')
  async callback(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (!this.sso.enabled) throw new NotFoundException('single sign-on is not configured');
    const outcome = await this.sso.finish(req, res);
    const url = outcome.signedIn ? outcome.url : `/login?sso=${outcome.refusal}`;
    const done = outcome.signedIn ? (outcome.confirmation ? 'Back to your form.' : 'Signed in.') : null;
    const href = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    return [
      '<!doctype html><html lang="en"><head><meta charset="utf-8">',
      `<meta http-equiv="refresh" content="0;url=${href}">`,
      `<title>${outcome.signedIn ? 'Signed in' : 'Not signed in'} · LIMS Connector</title></head>`,
      `<body><p>${done ?? 'Single sign-on did not sign you in.'} <a href="${href}">Continue</a></p></body></html>`,
    ].join('');
  }
}
