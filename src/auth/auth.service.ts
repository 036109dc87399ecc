import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import type { Actor } from './actor';
import { ApiToken } from './api-token.entity';
import { SetPasswordService } from './set-password.service';
import { hashToken } from './token';
import { User } from './user.entity';

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
    const found = await this.em
      .fork()
      .findOne(ApiToken, { tokenHash: hashToken(token), revokedAt: null }, { populate: ['user'] });
    if (!found || !found.user.active) return null;
    if (found.expiresAt && found.expiresAt.getTime() <= now.getTime()) return null;
    return actorOf(found.user);
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
