import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditService, type AuditEventView } from '../audit/audit.service';
import { Conflict, InvalidInput, NotFound } from '../common/errors';
import type { Actor } from './actor';
import { ApiToken } from './api-token.entity';
import { hashPassword } from './password';
import type { Role } from './role';
import { InvitationMailer } from './set-password-mail';
import { type IssuedLink, SetPasswordService } from './set-password.service';
import { newToken, hashToken } from './token';
import type { CreateUserDto, IssueTokenDto, UpdateUserDto } from './user.schemas';
import { emailKey, User, usernameKey } from './user.entity';

export interface UserView {
  id: string;
  username: string;
  fullName: string;
  title: string | null;
  role: string;
  licenseNumber: string | null;
  email: string | null;
  active: boolean;
  /** Whether the person has set a password (for web sign-in and signatures); never the password or its hash. */
  passwordSet: boolean;
  createdAt: string;
}

export interface TokenView {
  id: string;
  label: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** How a person last signed in to the pages: a password, an API token typed on the sign-in page, single sign-on. */
export type SignInMethod = 'password' | 'token' | 'sso';

/** A user as the list answers: with their last sign-in to the pages, from the audit log (null when never). */
export type ListedUser = UserView & { lastSignInAt: string | null; lastSignInMethod: SignInMethod | null };

/** The audited sign-ins: password and token ones carry `after.method`; single sign-on has its own action. */
const SIGN_IN_ACTIONS = ['user.signed_in', 'user.signed_in_sso'] as const;

function signInMethodOf(event: AuditEventView): SignInMethod | null {
  if (event.action === 'user.signed_in_sso') return 'sso';
  const method = event.after?.method;
  return method === 'password' || method === 'token' ? method : null;
}

const toTokenView = (t: ApiToken): TokenView => ({
  id: t.id,
  label: t.label,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** A new user as the API answers once: their first API token and, without an initial password, their link. */
export type CreatedUser = UserView & {
  token: string;
  tokenId: string;
  /** The one-time link for the person to choose a password (absolute, from PUBLIC_URL); absent when one was given. */
  setPasswordLink?: string;
  setPasswordLinkExpiresAt?: string;
  /** For a licensee with an e-mail address: whether the invitation went out by e-mail (SMTP_URL). */
  invitationEmailed?: boolean;
};

/** What an admin may change about a user, as the audit log records it. */
const editable = (u: User) => ({
  role: u.role,
  licenseNumber: u.licenseNumber,
  fullName: u.fullName,
  title: u.title,
  email: u.email,
});

const toView = (u: User): UserView => ({
  id: u.id,
  username: u.username,
  fullName: u.fullName,
  title: u.title,
  role: u.role,
  licenseNumber: u.licenseNumber,
  email: u.email,
  active: u.active,
  passwordSet: u.passwordChangedAt !== null,
  createdAt: u.createdAt.toISOString(),
});

@Injectable()
export class UserService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly setPassword: SetPasswordService,
    private readonly invitations: InvitationMailer,
  ) {}

  /**
   * Creates a user with a first API token; the token is returned here once and never again. Without an initial
   * password it also returns a one-time set-password link (the invitation), e-mailed to a licensee when SMTP is set.
   */
  async create(actor: Actor, dto: CreateUserDto): Promise<CreatedUser> {
    const token = newToken();
    const passwordHash = dto.password === undefined ? null : await hashPassword(dto.password);
    const taken = (existing: string) =>
      new Conflict(
        `username ${dto.username} is taken${existing === dto.username ? '' : ` (as ${existing}: usernames differ in more than case)`}`,
      );
    try {
      const { user, tokenId, link } = await this.em.fork().transactional(async (em) => {
        const existing = await em.findOne(User, { usernameKey: usernameKey(dto.username) });
        if (existing) throw taken(existing.username);
        const email = dto.email ? emailKey(dto.email) : null;
        if (email && (await em.count(User, { email }))) throw new Conflict(`e-mail address ${email} belongs to another user`);
        const user = new User(dto.username, dto.role, dto.licenseNumber ?? null, dto.fullName);
        user.email = email;
        user.title = dto.title ?? null;
        if (passwordHash) {
          user.passwordHash = passwordHash;
          user.passwordChangedAt = new Date();
        }
        const first = new ApiToken(user, hashToken(token), 'initial');
        em.persist([user, first]);
        await this.audit.record(em, {
          actor: actor.username,
          action: 'user.created',
          entityType: 'user',
          entityId: user.id,
          after: {
            username: user.username,
            fullName: user.fullName,
            title: user.title,
            role: user.role,
            licenseNumber: user.licenseNumber,
            email: user.email,
            passwordSet: passwordHash !== null,
          },
        });
        const link = passwordHash ? null : await this.setPassword.issue(em, user, 'invitation', actor.username);
        return { user, tokenId: first.id, link };
      });
      const created: CreatedUser = { ...toView(user), token, tokenId };
      if (link) Object.assign(created, { setPasswordLink: link.url, setPasswordLinkExpiresAt: link.expiresAt });
      if (link && user.role === 'licensee' && user.email) {
        created.invitationEmailed = await this.emailInvitation(actor, user, link);
      }
      return created;
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw taken(dto.username);
      throw e;
    }
  }

  /** Sends a licensee's invitation when SMTP is configured, and records that it went (never the link). */
  private async emailInvitation(actor: Actor, user: User, link: IssuedLink): Promise<boolean> {
    if (!this.invitations.enabled) return false;
    const sent = await this.invitations.sendInvitation(
      { username: user.username, fullName: user.fullName, email: user.email!, licenseNumber: user.licenseNumber! },
      link,
    );
    await this.em.fork().transactional((em) =>
      this.audit.record(em, {
        actor: actor.username,
        action: sent ? 'invitation.emailed' : 'invitation.email_failed',
        entityType: 'user',
        entityId: user.id,
        after: { email: user.email },
      }),
    );
    return sent;
  }

  /** A new one-time set-password link for a user; their earlier unused links stop working. */
  async passwordReset(actor: Actor, userId: string): Promise<{ userId: string; setPasswordLink: string; expiresAt: string }> {
    const link = await this.em.fork().transactional(async (em) => {
      const user = await em.findOne(User, { id: userId });
      if (!user) throw new NotFound('user', userId);
      if (!user.active) throw new Conflict(`user ${user.username} is deactivated: a password would not let them in`);
      return this.setPassword.issue(em, user, 'reset', actor.username);
    });
    return { userId, setPasswordLink: link.url, expiresAt: link.expiresAt };
  }

  /**
   * Changes a user's role, names or e-mail (audited before and after). A licensee is bound to a license and lab
   * staff are not; the last active admin cannot be made anything else.
   */
  async update(actor: Actor, userId: string, dto: UpdateUserDto): Promise<UserView> {
    try {
      return await this.em.fork().transactional(async (em) => {
        const user = await em.findOne(User, { id: userId });
        if (!user) throw new NotFound('user', userId);
        const before = editable(user);
        const role: Role = dto.role ?? user.role;
        const licenseNumber =
          dto.licenseNumber !== undefined ? dto.licenseNumber : role === 'licensee' ? user.licenseNumber : null;
        if (role === 'licensee' && !licenseNumber) throw new InvalidInput('licenseNumber', 'required for a licensee user');
        if (role !== 'licensee' && licenseNumber) {
          throw new InvalidInput('licenseNumber', 'only licensee users are bound to a license');
        }
        if (user.role === 'admin' && role !== 'admin' && user.active) await this.keepAnAdmin(em, user);
        const email = dto.email === undefined ? user.email : dto.email === null ? null : emailKey(dto.email);
        if (email && email !== user.email && (await em.count(User, { email, id: { $ne: user.id } }))) {
          throw new Conflict(`e-mail address ${email} belongs to another user`);
        }
        user.role = role;
        user.licenseNumber = licenseNumber;
        user.email = email;
        if (dto.fullName !== undefined) user.fullName = dto.fullName;
        if (dto.title !== undefined) user.title = dto.title;
        const after = editable(user);
        const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => after[k] !== before[k]);
        if (changed.length > 0) {
          await this.audit.record(em, {
            actor: actor.username,
            action: 'user.updated',
            entityType: 'user',
            entityId: user.id,
            before: Object.fromEntries(changed.map((k) => [k, before[k]])),
            after: Object.fromEntries(changed.map((k) => [k, after[k]])),
          });
        }
        return toView(user);
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new Conflict('that e-mail address belongs to another user');
      throw e;
    }
  }

  /** Refuses to leave the service without an active admin (nobody could manage users any more). */
  private async keepAnAdmin(em: EntityManager, leaving: User): Promise<void> {
    const others = await em.count(User, { role: 'admin', active: true, id: { $ne: leaving.id } });
    if (others === 0) {
      throw new Conflict(`${leaving.username} is the last active admin: make another user admin first`);
    }
  }

  /** One user (the users page's forms). */
  async get(userId: string): Promise<UserView> {
    const user = await this.em.fork().findOne(User, { id: userId });
    if (!user) throw new NotFound('user', userId);
    return toView(user);
  }

  async list(): Promise<ListedUser[]> {
    const users = await this.em.fork().find(User, {}, { orderBy: { username: 'asc' } });
    const signIns = await this.audit.latestPerEntity('user', SIGN_IN_ACTIONS);
    return users.map((u) => {
      const last = signIns.get(u.id);
      return {
        ...toView(u),
        lastSignInAt: last?.occurredAt ?? null,
        lastSignInMethod: last ? signInMethodOf(last) : null,
      };
    });
  }

  /** Issues an additional token for a user (e.g. a lost one), optionally expiring; old tokens stay valid until revoked. */
  async issueToken(
    actor: Actor,
    userId: string,
    dto: IssueTokenDto,
    now = new Date(),
  ): Promise<{ userId: string; token: string } & TokenView> {
    const token = newToken();
    const issued = await this.em.fork().transactional(async (em) => {
      const user = await em.findOne(User, { id: userId });
      if (!user) throw new NotFound('user', userId);
      const expiresAt = dto.expiresInDays === undefined ? null : new Date(now.getTime() + dto.expiresInDays * DAY_MS);
      const t = new ApiToken(user, hashToken(token), dto.label ?? null, expiresAt);
      em.persist(t);
      await this.audit.record(em, {
        actor: actor.username,
        action: 'token.issued',
        entityType: 'user',
        entityId: user.id,
        after: { tokenId: t.id, label: t.label, expiresAt: expiresAt?.toISOString() ?? null },
      });
      return t;
    });
    return { userId, token, ...toTokenView(issued) };
  }

  /** A user's tokens (never the tokens themselves: only their ids, labels and dates). */
  async listTokens(userId: string): Promise<TokenView[]> {
    const em = this.em.fork();
    if (!(await em.findOne(User, { id: userId }))) throw new NotFound('user', userId);
    const tokens = await em.find(ApiToken, { user: userId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return tokens.map(toTokenView);
  }

  /** Revokes one token of a user; the user's other tokens and web sessions opened with them stay. Revoking twice changes nothing. */
  async revokeToken(actor: Actor, userId: string, tokenId: string): Promise<TokenView> {
    return this.em.fork().transactional(async (em) => {
      const t = await em.findOne(ApiToken, { id: tokenId, user: userId });
      if (!t) throw new NotFound(`token ${tokenId} of user`, userId);
      if (t.revokedAt) return toTokenView(t);
      t.revokedAt = new Date();
      await this.audit.record(em, {
        actor: actor.username,
        action: 'token.revoked',
        entityType: 'user',
        entityId: userId,
        before: { tokenId: t.id, revokedAt: null },
        after: { tokenId: t.id, label: t.label, revokedAt: t.revokedAt.toISOString() },
      });
      return toTokenView(t);
    });
  }

  /** Deactivates a user and revokes every token they hold. */
  async deactivate(actor: Actor, userId: string): Promise<UserView> {
    return this.em.fork().transactional(async (em) => {
      const user = await em.findOne(User, { id: userId });
      if (!user) throw new NotFound('user', userId);
      if (user.id === actor.id) throw new Conflict('you cannot deactivate yourself');
      if (!user.active) return toView(user);
      if (user.role === 'admin') await this.keepAnAdmin(em, user);
      const now = new Date();
      user.active = false;
      const tokens = await em.find(ApiToken, { user, revokedAt: null });
      for (const t of tokens) t.revokedAt = now;
      await this.audit.record(em, {
        actor: actor.username,
        action: 'user.deactivated',
        entityType: 'user',
        entityId: user.id,
        before: { active: true },
        after: { active: false, revokedTokens: tokens.length },
      });
      return toView(user);
    });
  }

  /** One user by name, or null (the watched folder checks the account it imports as). */
  async findByUsername(username: string): Promise<UserView | null> {
    const user = await this.em.fork().findOne(User, { username });
    return user ? toView(user) : null;
  }
}
