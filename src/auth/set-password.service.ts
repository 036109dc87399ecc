import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { hashPassword } from './password';
import { passwordProblems } from './password-policy';
import { SetPasswordLink, type SetPasswordPurpose } from './set-password-link.entity';
import { hashToken, newToken } from './token';
import { User } from './user.entity';

const HOUR_MS = 60 * 60 * 1000;
/** How long a link works: an invitation may wait over a weekend; a reset is asked for and used the same day. */
export const LINK_LIFETIME_MS: Readonly<Record<SetPasswordPurpose, number>> = {
  invitation: 72 * HOUR_MS,
  reset: 24 * HOUR_MS,
};

/** A link as issued: the URL (shown once, never stored) and when it stops working. */
export interface IssuedLink {
  url: string;
  expiresAt: string;
}

/** What a link opens: the person it belongs to, or why it no longer works (never which of them to a stranger). */
export type LinkState =
  { ok: true; username: string; fullName: string; email: string | null } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export type SetPasswordOutcome = { ok: true; username: string } | { ok: false; problems: string[] } | LinkRefused;
type LinkRefused = { ok: false; reason: 'unknown' | 'expired' | 'used' };

/** The path of a link's page; the token is the last segment. */
export const SET_PASSWORD_PATH = '/set-password';

/**
 * One-time set-password links: issued by an administrator (a new user, a reset) or at first start for the
 * first admin; each is usable once, expires, and is replaced by the next link of the same user. Both the
 * issue and the use are audited.
 */
@Injectable()
export class SetPasswordService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Issues a link inside the caller's transaction; the user's earlier unused links stop working. */
  async issue(
    em: EntityManager,
    user: User,
    purpose: SetPasswordPurpose,
    issuedBy: string,
    now = new Date(),
  ): Promise<IssuedLink> {
    const token = newToken();
    const earlier = await em.find(SetPasswordLink, { user, usedAt: null, revokedAt: null });
    for (const link of earlier) link.revokedAt = now;
    const link = new SetPasswordLink(
      user,
      hashToken(token),
      purpose,
      new Date(now.getTime() + LINK_LIFETIME_MS[purpose]),
      issuedBy,
    );
    em.persist(link);
    await this.audit.record(em, {
      actor: issuedBy,
      action: 'password_link.issued',
      entityType: 'user',
      entityId: user.id,
      after: { linkId: link.id, purpose, expiresAt: link.expiresAt.toISOString(), replaced: earlier.length },
    });
    return { url: `${this.config.publicUrl}${SET_PASSWORD_PATH}/${token}`, expiresAt: link.expiresAt.toISOString() };
  }

  /** Whether a link still works, and whose it is. */
  async check(token: string, now = new Date()): Promise<LinkState> {
    const em = this.em.fork();
    const link = await this.find(em, token);
    const refused = refusal(link, now);
    if (refused) return refused;
    const user = link!.user;
    return { ok: true, username: user.username, fullName: user.fullName, email: user.email };
  }

  /**
   * Sets the person's password through a link, once: checks the policy (every problem in plain words) and that
   * both entries match, then stores the scrypt hash and the time, which ends sessions begun before it.
   */
  async use(token: string, password: string, repeated: string, now = new Date()): Promise<SetPasswordOutcome> {
    const first = await this.check(token, now);
    if (!first.ok) return first;
    const problems = passwordProblems(password, first);
    if (password !== repeated) problems.push('the two entries differ: type the same password twice');
    if (problems.length > 0) return { ok: false, problems };
    const passwordHash = await hashPassword(password);
    return this.em.fork().transactional(async (em) => {
      // Checked again under the transaction: two tabs posting the same link at once set the password once.
      const link = await this.find(em, token);
      const refused = refusal(link, new Date());
      if (refused) return refused;
      const user = link!.user;
      const taken = await em.nativeUpdate(SetPasswordLink, { id: link!.id, usedAt: null, revokedAt: null }, { usedAt: now });
      if (taken !== 1) return { ok: false, reason: 'used' } as const;
      user.passwordHash = passwordHash;
      user.passwordChangedAt = now;
      await this.audit.record(em, {
        actor: user.username,
        action: 'password.set',
        entityType: 'user',
        entityId: user.id,
        after: { linkId: link!.id, purpose: link!.purpose, passwordChangedAt: now.toISOString() },
      });
      return { ok: true, username: user.username } as const;
    });
  }

  private find(em: EntityManager, token: string): Promise<SetPasswordLink | null> {
    return em.findOne(SetPasswordLink, { tokenHash: hashToken(token) }, { populate: ['user'] });
  }
}

function refusal(link: SetPasswordLink | null, now: Date): LinkRefused | null {
  if (!link || !link.user.active) return { ok: false, reason: 'unknown' };
  if (link.usedAt || link.revokedAt) return { ok: false, reason: 'used' };
  if (link.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return null;
}
