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
import { WebSessionService } from './web-session.service';
import { z } from 'zod';

/** Signing in with an API token, signing out, and the start page. */
@WebController()
export class SessionPageController {
  constructor(
    private readonly sessions: WebSessionService,
    private readonly views: ViewRenderer,
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
