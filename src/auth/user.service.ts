import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import { Conflict, NotFound } from '../common/errors';
import type { Actor } from './actor';
import { ApiToken } from './api-token.entity';
import { newToken, hashToken } from './token';
import type { CreateUserDto, IssueTokenDto } from './user.schemas';
import { User } from './user.entity';

export interface UserView {
  id: string;
  username: string;
  role: string;
  licenseNumber: string | null;
  active: boolean;
  createdAt: string;
}

const toView = (u: User): UserView => ({
  id: u.id,
  username: u.username,
  role: u.role,
  licenseNumber: u.licenseNumber,
  active: u.active,
  createdAt: u.createdAt.toISOString(),
});

@Injectable()
export class UserService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /** Creates a user with a first API token; the token is returned here once and never again. */
  async create(actor: Actor, dto: CreateUserDto): Promise<UserView & { token: string }> {
    const token = newToken();
    try {
      const user = await this.em.fork().transactional(async (em) => {
        const user = new User(dto.username, dto.role, dto.licenseNumber ?? null);
        em.persist([user, new ApiToken(user, hashToken(token), 'initial')]);
        await this.audit.record(em, {
          actor: actor.username,
          action: 'user.created',
          entityType: 'user',
          entityId: user.id,
          after: { username: user.username, role: user.role, licenseNumber: user.licenseNumber },
        });
        return user;
      });
      return { ...toView(user), token };
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new Conflict(`username ${dto.username} is taken`);
      throw e;
    }
  }

  async list(): Promise<UserView[]> {
    const users = await this.em.fork().find(User, {}, { orderBy: { username: 'asc' } });
    return users.map(toView);
  }

  /** Issues an additional token for a user (e.g. a lost one); old tokens stay valid until revoked. */
  async issueToken(actor: Actor, userId: string, dto: IssueTokenDto): Promise<{ userId: string; token: string }> {
    const token = newToken();
    await this.em.fork().transactional(async (em) => {
      const user = await em.findOne(User, { id: userId });
      if (!user) throw new NotFound('user', userId);
      const t = new ApiToken(user, hashToken(token), dto.label ?? null);
      em.persist(t);
      await this.audit.record(em, {
        actor: actor.username,
        action: 'token.issued',
        entityType: 'user',
        entityId: user.id,
        after: { tokenId: t.id, label: t.label },
      });
    });
    return { userId, token };
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
