import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import type { Actor, SessionIdentity } from './actor';
import { verifyPassword } from './password';
import { ApiToken } from './api-token.entity';
import { SetPasswordService } from './set-password.service';
import { hashToken } from './token';
import { User, usernameKey } from './user.entity';

export type PasswordCheck =
  { ok: true; actor: Actor } | { ok: false; user: { id: string; username: string } | null; reason: string };

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly setPassword: SetPasswordService,
  ) {}

  /** The actor a token belongs to, or null for an unknown, revoked, expired or deactivated one. */
  async authenticate(token: string, now = new Date()): Promise<Actor | null> {
    return (await this.authenticateWithId(token, now))?.actor ?? null;
  }

  /**
   * The person behind a web session, or null once the session must end: the user deactivated, the token it began
   * with revoked or expired, or the password changed (reset) after it began.
   */
  async authenticateSession(session: SessionIdentity, now = new Date()): Promise<Actor | null> {
    const em = this.em.fork();
    const user = await em.findOne(User, { id: session.userId, active: true });
    if (!user) return null;
    if (user.passwordChangedAt && user.passwordChangedAt.getTime() > session.createdAt) return null;
    if (session.apiTokenId) {
      const token = await em.findOne(ApiToken, { id: session.apiTokenId, user: user.id, revokedAt: null });
      if (!token || (token.expiresAt && token.expiresAt.getTime() <= now.getTime())) return null;
    } else if (session.method !== 'password') return null;
    return { ...actorOf(user), ssoConfirmedAt: session.ssoConfirmedAt };
  }

  /** A token's actor and the token's id (a web session begun with it ends when it is revoked). */
  async authenticateWithId(token: string, now = new Date()): Promise<{ actor: Actor; tokenId: string } | null> {
    const found = await this.em
      .fork()
      .findOne(ApiToken, { tokenHash: hashToken(token), revokedAt: null }, { populate: ['user'] });
    if (!found || !found.user.active) return null;
    if (found.expiresAt && found.expiresAt.getTime() <= now.getTime()) return null;
    return { actor: actorOf(found.user), tokenId: found.id };
  }

  /**
   * A username and password → the person, or why not (for the audit log only: the page says the same to all).
   * Inactive users and users without a password never sign in with one; the hash is checked either way, so
   * the answer takes as long whether or not the user exists.
   */
  async checkPassword(username: string, password: string): Promise<PasswordCheck> {
    const user = await this.em.fork().findOne(User, { usernameKey: usernameKey(username) }, { populate: ['passwordHash'] });
    const usable = user?.active ? user.passwordHash : null;
    const matches = await verifyPassword(password, usable);
    if (!user) return { ok: false, user: null, reason: 'unknown user' };
    if (matches) return { ok: true, actor: actorOf(user) };
    const reason = !user.active ? 'user deactivated' : !user.passwordHash ? 'no password set' : 'wrong password';
    return { ok: false, user: { id: user.id, username: user.username }, reason };
  }

  /** A sign-in or a failed one, in the audit log (with the address; never a password or token). */
  async recordSignIn(entry: { actor: string; action: string; entityId: string; after: Record<string, unknown> }): Promise<void> {
    await this.em.fork().transactional((em) => this.audit.record(em, { ...entry, entityType: 'user' }));
  }

  /** On an empty database, BOOTSTRAP_ADMIN_TOKEN becomes the first admin's token. */
  async onApplicationBootstrap(): Promise<void> {
    const token = this.config.bootstrapAdminToken;
    if (!token) {
      if ((await this.em.fork().count(User, {})) === 0) {
        this.logger.warn('no users yet: restart with BOOTSTRAP_ADMIN_TOKEN=<a long random string> to create the first admin');
      }
      return;
    }
    await this.em.fork().transactional(async (em) => {
      if ((await em.count(User, {})) > 0) return;
      const admin = new User('admin', 'admin', null, 'Administrator');
      em.persist([admin, new ApiToken(admin, hashToken(token), 'bootstrap')]);
      await this.audit.record(em, {
        actor: 'system',
        action: 'user.bootstrapped',
        entityType: 'user',
        entityId: admin.id,
        after: { username: admin.username, role: admin.role },
      });
      this.logger.log('created the first admin user "admin" from BOOTSTRAP_ADMIN_TOKEN');
      // So the lab can also sign in on the web with a password; shown here once, like the token it came with.
      const link = await this.setPassword.issue(em, admin, 'invitation', 'system');
      this.logger.log(`set the admin's password once at ${link.url} (the link works until ${link.expiresAt})`);
    });
  }
}

/** How services see a user. */
export const actorOf = (u: User): Actor => ({
  id: u.id,
  username: u.username,
  fullName: u.fullName,
  title: u.title,
  role: u.role,
  licenseNumber: u.licenseNumber,
});
