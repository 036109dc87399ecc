import { Body, Get, Query, Redirect, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { ROLES } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { landingPage } from './layout.view';
import { ViewRenderer } from './view-renderer.service';
import { FormPost, Page, WebController } from './web-route.decorators';
import type { WebRequest } from './web-request';
import { LoginFormSchema, LoginPageQuerySchema, type LoginForm } from './web-forms.schemas';
import { SsoService, type SsoRefusal } from './sso.service';
import { WebSessionService } from './web-session.service';
import { z } from 'zod';

const SSO_PROBLEMS: Readonly<Record<SsoRefusal, string>> = {
  unknown:
    'Single sign-on vouched for you, but no active user here has your e-mail address. Ask an administrator to add it to your user.',
  unverified: 'Your single sign-on account has not verified its e-mail address, so it cannot sign you in here.',
  failed:
    'Single sign-on did not complete (it was cancelled, took too long, or the sign-in service could not be reached). Try again.',
};

/** Signing in with an API token, signing out, and the start page. */
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
    return this.views.render(req, 'login', {
      title: 'Sign in',
      csrfToken: this.sessions.loginForm(res),
      next: q.next ?? '',
      failed: q.failed !== undefined,
      signedOut: q.signedOut !== undefined,
      passwordSet: q.passwordSet !== undefined,
      sso: this.sso.enabled ? { href: `/login/sso${q.next ? `?next=${encodeURIComponent(q.next)}` : ''}` } : null,
      ssoProblem: q.sso ? SSO_PROBLEMS[q.sso] : null,
    });
  }

  @FormPost('login', 'public')
  signIn(
    @Req() req: WebRequest,
    @Res({ passthrough: true }) res: Response,
    @Body(new ZodValidationPipe(LoginFormSchema)) form: LoginForm,
  ) {
    return this.sessions.signIn(req, res, form);
  }

  @FormPost('logout', ROLES)
  signOut(@Req() req: WebRequest, @Res({ passthrough: true }) res: Response) {
    return this.sessions.signOut(req, res);
  }
}
