import { Body, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import type { z } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import type { Role } from '../auth/role';
import { UserService } from '../auth/user.service';
import { formatDateTime } from './format';
import { TokenFormSchema, UserCreateFormSchema, UserEditFormSchema } from './users-forms.schemas';
import { ROLE_LABELS, type ShownOnceView, toUsersView } from './users.view';
import { ViewRenderer } from './view-renderer.service';
import type { FormOutcome } from './web-form.interceptor';
import type { WebRequest } from './web-request';
import { FormPage, FormPost, Page, WebController } from './web-route.decorators';

const ADMINS: readonly Role[] = ['admin'];

/**
 * People (admins only): who may sign in and with what role; new users, resets and API tokens. Secrets (a
 * set-password link, an API token) are shown once, in the answer to the form that made them, and kept nowhere.
 */
@WebController('users')
export class UsersPageController {
  constructor(
    private readonly users: UserService,
    private readonly views: ViewRenderer,
  ) {}

  @Page('', ADMINS)
  async usersPage(@Req() req: WebRequest, @CurrentActor() actor: Actor) {
    const users = await this.users.list();
    const withTokens = await Promise.all(users.map(async (u) => ({ ...u, tokens: await this.users.listTokens(u.id) })));
    return this.views.render(req, 'users', toUsersView(withTokens, actor.id));
  }

  @FormPage('', ADMINS)
  async createUser(
    @CurrentActor() actor: Actor,
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body(new ZodValidationPipe(UserCreateFormSchema)) form: z.output<typeof UserCreateFormSchema>,
  ) {
    const created = await this.users.create(actor, form);
    const secrets: ShownOnceView['secrets'] = [];
    const notes: string[] = [];
    if (created.setPasswordLink) {
      secrets.push({
        id: 'set-password-link',
        label: 'Set-password link',
        value: created.setPasswordLink,
        note: `Give it to ${created.fullName} only. It works once, until ${formatDateTime(created.setPasswordLinkExpiresAt).text}.`,
      });
    }
    if (created.invitationEmailed === true) notes.push(`The invitation was e-mailed to ${created.email}.`);
    if (created.invitationEmailed === false) {
      notes.push(`The invitation could not be e-mailed to ${created.email}: pass the link on yourself.`);
    }
    secrets.push({
      id: 'api-token',
      label: 'API token (for scripts and integrations)',
      value: created.token,
      note: 'People sign in with their password; keep this only if they need the API. It can be revoked below.',
    });
    this.shownOnce(req, res, {
      title: `Added ${created.username}`,
      heading: `Added ${created.fullName} (${created.username}), ${ROLE_LABELS[created.role as Role]}`,
      intro: 'Copy what you need now: this page is the only time it is shown.',
      secrets,
      notes,
    });
  }

  @FormPost(':id', ADMINS)
  async editUser(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(UserEditFormSchema)) form: z.output<typeof UserEditFormSchema>,
  ): Promise<FormOutcome> {
    // The form always sends the license field: a person moved to a lab role leaves their license behind.
    const change = form.role && form.role !== 'licensee' ? { ...form, licenseNumber: null } : form;
    const user = await this.users.update(actor, id, change);
    return { url: '/users', flash: { kind: 'success', text: `Saved ${user.fullName} (${user.username}).` } };
  }

  @Page(':id/deactivate', ADMINS)
  async deactivatePage(@Req() req: WebRequest, @Param('id', ParseUUIDPipe) id: string) {
    const user = await this.users.get(id);
    const tokens = (await this.users.listTokens(id)).filter((t) => !t.revokedAt).length;
    return this.views.render(req, 'user-deactivate', { title: `Deactivate ${user.username}`, user, tokens });
  }

  @FormPost(':id/deactivate', ADMINS)
  async deactivate(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<FormOutcome> {
    const user = await this.users.deactivate(actor, id);
    return {
      url: '/users',
      flash: { kind: 'success', text: `Deactivated ${user.fullName} (${user.username}): their tokens are revoked.` },
    };
  }

  @FormPage(':id/password-reset', ADMINS)
  async passwordReset(
    @CurrentActor() actor: Actor,
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    const user = await this.users.get(id);
    const reset = await this.users.passwordReset(actor, id);
    this.shownOnce(req, res, {
      title: `Password reset for ${user.username}`,
      heading: `A set-password link for ${user.fullName} (${user.username})`,
      intro: 'Copy it now: this page is the only time it is shown. Earlier links of this user no longer work.',
      secrets: [
        {
          id: 'set-password-link',
          label: 'Set-password link',
          value: reset.setPasswordLink,
          note: `It works once, until ${formatDateTime(reset.expiresAt).text}. Their current password works until they set a new one.`,
        },
      ],
      notes: [],
    });
  }

  @FormPage(':id/tokens', ADMINS)
  async issueToken(
    @CurrentActor() actor: Actor,
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(TokenFormSchema)) form: z.output<typeof TokenFormSchema>,
  ) {
    const user = await this.users.get(id);
    const issued = await this.users.issueToken(actor, id, form);
    this.shownOnce(req, res, {
      title: `API token for ${user.username}`,
      heading: `A new API token for ${user.fullName} (${user.username})`,
      intro: 'Copy it now: this page is the only time it is shown.',
      secrets: [
        {
          id: 'api-token',
          label: `API token${issued.label ? ` “${issued.label}”` : ''}`,
          value: issued.token,
          note: issued.expiresAt ? `It stops working on ${formatDateTime(issued.expiresAt).text}.` : 'It works until revoked.',
        },
      ],
      notes: [],
    });
  }

  @FormPost(':id/tokens/:tokenId/revoke', ADMINS)
  async revokeToken(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('tokenId', ParseUUIDPipe) tokenId: string,
  ): Promise<FormOutcome> {
    const token = await this.users.revokeToken(actor, id, tokenId);
    return { url: '/users', flash: { kind: 'success', text: `Revoked the token ${token.label ?? tokenId}.` } };
  }

  private shownOnce(req: WebRequest, res: Response, view: ShownOnceView): void {
    res
      .status(200)
      .type('html')
      .send(this.views.render(req, 'users-once', view));
  }
}
