import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import type { Actor } from './actor';
import { ApiToken } from './api-token.entity';
import { actorOf } from './auth.service';
import { hashToken, newToken } from './token';
import { emailKey, User } from './user.entity';
import { WebSessionRecord } from './web-session.entity';

/** The label of the token a single sign-on session holds (it is never handed to anyone). */
export const SSO_TOKEN_LABEL = 'web session (single sign-on)';

/** A person single sign-on vouched for, matched to one existing active user. */
export interface SsoSignIn {
  actor: Actor;
  /** A token that opens what the user may open until `expiresAt`: what the web session holds. */
  token: string;
  /** That token's id: the web session names it, and ends when it is revoked. */
  tokenId: string;
  expiresAt: Date;
}

/** What a confirmation for signing came to: the session may sign, it belongs to someone else, or it has ended. */
export type SsoConfirmation = 'confirmed' | 'other_person' | 'no_session';

/**
 * Single sign-on finds people, it never makes them: the issuer's verified e-mail address must belong to an
 * existing active user, whose role is the one an admin gave. The session gets a token of its own that expires
 * with it, so the web session works (and is revoked, by deactivation) exactly like a token sign-in.
 */
@Injectable()
export class SsoAccounts {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  async signIn(
    identity: { email: string; issuer: string; subject: string },
    sessionMs: number,
    now = new Date(),
  ): Promise<SsoSignIn | null> {
    return this.em.fork().transactional(async (em) => {
      const user = await em.findOne(User, { email: emailKey(identity.email), active: true });
      if (!user) return null;
      const token = newToken();
      const expiresAt = new Date(now.getTime() + sessionMs);
      const issued = new ApiToken(user, hashToken(token), SSO_TOKEN_LABEL, expiresAt);
      em.persist(issued);
      await this.audit.record(em, {
        actor: user.username,
        action: 'user.signed_in_sso',
        entityType: 'user',
        entityId: user.id,
        after: { issuer: identity.issuer, subject: identity.subject, email: user.email, tokenId: issued.id },
      });
      return {
        actor: actorOf(user),
        token,
        tokenId: issued.id,
        expiresAt,
      };
    });
  }

  /**
   * The issuer authenticated a person afresh to sign in the browser session `recordId`: that session may sign
   * without a password until the confirmation lapses, but only if the person is the session's own. Either way the
   * session is told (a message on its next page), and a confirmation is audited.
   */
  async confirm(
    identity: { email: string; issuer: string; subject: string },
    recordId: string,
    authenticatedAt: Date,
    now = new Date(),
  ): Promise<SsoConfirmation> {
    return this.em.fork().transactional(async (em) => {
      const session = await em.findOne(WebSessionRecord, { id: recordId, expiresAt: { $gt: now } }, { populate: ['user'] });
      if (!session) return 'no_session';
      const user = await em.findOne(User, { email: emailKey(identity.email), active: true });
      if (!user || user.id !== session.user.id) {
        session.flash = [
          ...session.flash,
          {
            kind: 'error',
            text: `Single sign-on confirmed ${identity.email}, not ${session.user.fullName}: only the person signed in here can sign. Nothing was signed.`,
          },
        ];
        return 'other_person';
      }
      session.ssoConfirmedAt = authenticatedAt;
      session.flash = [
        ...session.flash,
        {
          kind: 'success',
          text: 'Single sign-on confirmed it is you: sign within the next five minutes, leaving the password empty.',
        },
      ];
      await this.audit.record(em, {
        actor: user.username,
        action: 'user.confirmed_sso',
        entityType: 'user',
        entityId: user.id,
        after: { issuer: identity.issuer, subject: identity.subject, authenticatedAt: authenticatedAt.toISOString() },
      });
      return 'confirmed';
    });
  }

  /** Signing out of a single sign-on session revokes its token at once (a token sign-in's token is the person's own). */
  async endSession(tokenId: string, now = new Date()): Promise<void> {
    await this.em.fork().nativeUpdate(ApiToken, { id: tokenId, label: SSO_TOKEN_LABEL, revokedAt: null }, { revokedAt: now });
  }
}
