import { Body, Get, Query, Redirect, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { ROLES } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { landingPage } from './layout.view';
import { SignInFormSchema, type SignInForm } from './sign-in-form.schemas';
import { SsoService } from './sso.service';
import { ViewRenderer } from './view-renderer.service';
import { FormPage, FormPost, Page, WebController } from './web-route.decorators';
import { LoginPageQuerySchema, ResendPageQuerySchema } from './web-forms.schemas';
import type { WebRequest } from './web-request';
import { renderSignInPage, type SignInPageState, SSO_PROBLEMS } from './sign-in.view';
import { WebSessionService } from './web-session.service';

/** Signing in (username and password, or an API token), signing out, sending a kept form again, the start page. */
@WebController()
export class SessionPageController {
  constructor(
    private readonly sessions: WebSessionService,
    private readonly views: ViewRenderer,
    private readonly sso: SsoService,
  ) {}

  @Get()
  @Roles(...ROLES)
  @Redirect('/dashboard', 303)
  startPage(@CurrentActor() actor: Actor) {
    return { url: landingPage(actor.role) };
  }

  @Page('login', 'public')
  loginPage(
    @Req() req: WebRequest,
    @Res({ passthrough: true }) res: Response,
    @Query(new ZodValidationPipe(LoginPageQuerySchema)) q: z.output<typeof LoginPageQuerySchema>,
  ) {
    return this.renderSignIn(req, res, {
      next: q.next,
      failed: q.failed !== undefined,
      signedOut: q.signedOut !== undefined,
      passwordSet: q.passwordSet !== undefined,
      ssoProblem: q.sso ? SSO_PROBLEMS[q.sso] : null,
    });
  }

  /** Answered by the handler: a failed sign-in that carries a kept form shows the page again with it. */
  @FormPage('login', 'public')
  async signIn(@Req() req: WebRequest, @Res() res: Response, @Body(new ZodValidationPipe(SignInFormSchema)) form: SignInForm) {
    const outcome = await this.sessions.signIn(req, res, form);
    if (outcome.signedIn) return res.redirect(303, outcome.url);
    if (!form.kept) return res.redirect(303, `/login?failed=1${form.next ? `&next=${encodeURIComponent(form.next)}` : ''}`);
    res
      .status(401)
      .type('html')
      .send(this.renderSignIn(req, res, { next: form.next, failed: true, kept: form.kept }));
  }

  /** The form kept through signing in again: what it held, and a button that sends it (with this session's CSRF token). */
  @Page('login/resend', ROLES)
  resendPage(
    @Req() req: WebRequest,
    @Query(new ZodValidationPipe(ResendPageQuerySchema)) q: z.output<typeof ResendPageQuerySchema>,
  ) {
    const kept = this.sessions.takeKeptForm(req);
    return this.views.render(req, 'resend', { title: 'Send your form again', kept, lost: !kept && q.lost !== undefined });
  }

  @FormPost('logout', ROLES)
  signOut(@Req() req: WebRequest, @Res({ passthrough: true }) res: Response) {
    return this.sessions.signOut(req, res);
  }

  /** The sign-in page, also shown by the error filter to a person whose form arrived after their session ended. */
  renderSignIn(req: WebRequest, res: Response, state: SignInPageState): string {
    return renderSignInPage(this.views, this.sessions, this.sso, req, res, state);
  }
}
