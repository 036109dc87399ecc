import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import { Conflict, NotFound } from '../common/errors';
import type { Actor } from './actor';
import { ApiToken } from './api-token.entity';
import { hashPassword } from './password';
import { newToken, hashToken } from './token';
import type { CreateUserDto, IssueTokenDto } from './user.schemas';
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

const toTokenView = (t: ApiToken): TokenView => ({
  id: t.id,
  label: t.label,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

const DAY_MS = 24 * 60 * 60 * 1000;

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
  ) {}

  /** Creates a user with a first API token; the token is returned here once and never again. */
  async create(actor: Actor, dto: CreateUserDto): Promise<UserView & { token: string; tokenId: string }> {
    const token = newToken();
    const passwordHash = dto.password === undefined ? null : await hashPassword(dto.password);
    const taken = (existing: string) =>
      new Conflict(
        `username ${dto.username} is taken${existing === dto.username ? '' : ` (as ${existing}: usernames differ in more than case)`}`,
      );
    try {
      const { user, tokenId } = await this.em.fork().transactional(async (em) => {
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
        return { user, tokenId: first.id };
      });
      return { ...toView(user), token, tokenId };
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw taken(dto.username);
      throw e;
    }
  }

  async list(): Promise<UserView[]> {
    const users = await this.em.fork().find(User, {}, { orderBy: { username: 'asc' } });
    return users.map(toView);
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
