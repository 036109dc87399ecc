import { Body, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password-policy';
import { type LinkState, SET_PASSWORD_PATH, SetPasswordService } from '../auth/set-password.service';
import { ViewRenderer } from './view-renderer.service';
import type { WebRequest } from './web-request';
import { FormPage, Page, WebController } from './web-route.decorators';
import { WebSessionService } from './web-session.service';

/** A link's token as issued (token.ts); anything else is no link of ours, answered like an unknown one. */
const LINK_TOKEN = /^lims_[A-Za-z0-9_-]{43}$/;

const SetPasswordFormSchema = z
  .object({
    password: z.string().max(PASSWORD_MAX_LENGTH * 4),
    repeated: z.string().max(PASSWORD_MAX_LENGTH * 4),
  })
  .strict();

const DEAD_LINKS: Readonly<Record<Exclude<LinkState, { ok: true }>['reason'], { status: number; text: string }>> = {
  unknown: {
    status: 404,
    text: 'This link is not valid. Check that it was copied whole, or ask an administrator for a new one.',
  },
  expired: { status: 410, text: 'This link has expired. Ask an administrator for a new one.' },
  used: {
    status: 410,
    text: 'This link has already been used, or a newer link replaced it. If you did not set your password with it, ask an administrator for a new one.',
  },
};

/**
 * The page a one-time set-password link opens (public: the person has no password yet). Nothing typed is
 * ever sent back in a page; after success the person signs in on /login.
 */
@WebController(SET_PASSWORD_PATH.slice(1))
export class SetPasswordPageController {
  constructor(
    private readonly links: SetPasswordService,
    private readonly sessions: WebSessionService,
    private readonly views: ViewRenderer,
  ) {}

  @Page(':token', 'public')
  async setPasswordPage(@Req() req: WebRequest, @Res() res: Response, @Param('token') token: string) {
    const state = LINK_TOKEN.test(token) ? await this.links.check(token) : ({ ok: false, reason: 'unknown' } as const);
    if (!state.ok) return this.deadLink(req, res, state.reason);
    res
      .status(200)
      .type('html')
      .send(this.form(req, res, token, state, []));
  }

  @FormPage(':token', 'public')
  async setPassword(@Req() req: WebRequest, @Res() res: Response, @Param('token') token: string, @Body() body: unknown) {
    if (!LINK_TOKEN.test(token)) return this.deadLink(req, res, 'unknown');
    const parsed = SetPasswordFormSchema.safeParse(body);
    const form = parsed.success ? parsed.data : { password: '', repeated: '' };
    const outcome = await this.links.use(token, form.password, form.repeated);
    if (outcome.ok) return res.redirect(303, '/login?passwordSet=1');
    if ('reason' in outcome) return this.deadLink(req, res, outcome.reason);
    const state = await this.links.check(token);
    if (!state.ok) return this.deadLink(req, res, state.reason);
    res
      .status(400)
      .type('html')
      .send(this.form(req, res, token, state, outcome.problems));
  }

  private form(req: WebRequest, res: Response, token: string, who: LinkState & { ok: true }, problems: string[]): string {
    return this.views.render(req, 'set-password', {
      title: 'Choose your password',
      action: `${SET_PASSWORD_PATH}/${token}`,
      csrfToken: req.webSession?.csrfToken ?? this.sessions.loginForm(res),
      username: who.username,
      fullName: who.fullName,
      minLength: PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
      problems,
      dead: null,
    });
  }

  private deadLink(req: WebRequest, res: Response, reason: keyof typeof DEAD_LINKS): void {
    const dead = DEAD_LINKS[reason];
    res
      .status(dead.status)
      .type('html')
      .send(this.views.render(req, 'set-password', { title: 'This link no longer works', dead: dead.text }));
  }
}
