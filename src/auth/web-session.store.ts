import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { ApiToken } from './api-token.entity';
import { User } from './user.entity';
import { WebSessionRecord } from './web-session.entity';
import {
  DEFAULT_SESSIONS_PER_USER,
  type Flash,
  type KeptForm,
  SESSION_IDLE_MS,
  SESSION_MAX_AGE_MS,
  type SessionMethod,
  sessionExpired,
  sessionsToEnd,
  TOUCH_EVERY_MS,
} from './web-session.rules';

export type { Flash, KeptForm } from './web-session.rules';

/** A signed-in browser as a request sees it. The id travels only in the httpOnly cookie; the table holds its hash. */
export interface WebSession {
  id: string;
  userId: string;
  method: SessionMethod;
  /** The token a token or single sign-on session began with; null for a password session. */
  apiTokenId: string | null;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  recordId: string;
  ssoConfirmedAt: number | null;
  /** Messages for the next page shown; changes are saved before the response leaves (see the middleware). */
  flash: Flash[];
  keptForm: KeptForm | null;
}

/** How a session began: with a password, or with a token (an API token, or the one single sign-on issued). */
export type SessionOrigin = { method: 'password' } | { method: 'token' | 'sso'; apiTokenId: string };

export const newSecret = (): string => randomBytes(32).toString('base64url');
const hashOf = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');

/**
 * Web sessions in the database (table web_sessions): they survive a restart and every instance sharing the
 * database sees the same ones. A user's new session beyond `sessionsPerUser` ends that user's own oldest.
 */
@Injectable()
export class WebSessionStore {
  private lastSweep = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly sessionsPerUser = DEFAULT_SESSIONS_PER_USER,
  ) {}

  async create(userId: string, origin: SessionOrigin, now = Date.now()): Promise<WebSession> {
    await this.sweep(now);
    const id = newSecret();
    // One transaction (one write to disk): the user's oldest sessions past the bound end as the new one begins.
    const record = await this.em.fork().transactional(async (em) => {
      const mine = await em.find(
        WebSessionRecord,
        { user: userId, expiresAt: { $gt: new Date(now) } },
        { fields: ['id', 'createdAt', 'lastSeenAt'] },
      );
      const ending = sessionsToEnd(
        mine.map((r) => ({ id: r.id, createdAt: r.createdAt.getTime(), lastSeenAt: r.lastSeenAt.getTime() })),
        this.sessionsPerUser,
        now,
      );
      if (ending.length > 0) await em.nativeDelete(WebSessionRecord, { id: { $in: ending.map((s) => s.id) } });
      const made = new WebSessionRecord({
        idHash: hashOf(id),
        user: em.getReference(User, userId),
        method: origin.method,
        apiToken: origin.method === 'password' ? null : em.getReference(ApiToken, origin.apiTokenId),
        csrfToken: newSecret(),
        lastSeenAt: new Date(now),
        expiresAt: new Date(now + SESSION_MAX_AGE_MS),
      });
      em.persist(made);
      return made;
    });
    await this.trimTo(userId, now);
    return toSession(id, record);
  }

  /**
   * Sign-ins of one user running at once each see the others' new sessions only once committed (PostgreSQL's read
   * committed), so each can keep one too many. After its own commit every sign-in trims the user to the newest
   * `sessionsPerUser`: the last trim sees every committed session, so the bound holds once the sign-ins are done.
   */
  private async trimTo(userId: string, now: number): Promise<void> {
    const em = this.em.fork();
    const mine = await em.find(
      WebSessionRecord,
      { user: userId, expiresAt: { $gt: new Date(now) } },
      { fields: ['id', 'createdAt', 'lastSeenAt'] },
    );
    const times = mine.map((r) => ({ id: r.id, createdAt: r.createdAt.getTime(), lastSeenAt: r.lastSeenAt.getTime() }));
    // Room for one more than the bound is exactly the bound itself: the new session is already among them.
    const ending = sessionsToEnd(times, this.sessionsPerUser + 1, now);
    if (ending.length > 0) await em.nativeDelete(WebSessionRecord, { id: { $in: ending.map((s) => s.id) } });
  }

  /** How many live sessions the user holds. */
  async countOf(userId: string, now = Date.now()): Promise<number> {
    return this.em.fork().count(WebSessionRecord, {
      user: userId,
      expiresAt: { $gt: new Date(now) },
      lastSeenAt: { $gt: new Date(now - SESSION_IDLE_MS) },
    });
  }

  /** The live session with this id, its last-seen time moved on; null for unknown or expired ones. */
  async find(id: string | undefined, now = Date.now()): Promise<WebSession | null> {
    if (!id || id.length > 100) return null;
    const em = this.em.fork();
    const record = await em.findOne(WebSessionRecord, { idHash: hashOf(id) });
    if (!record) return null;
    const session = toSession(id, record);
    if (sessionExpired(session, now)) {
      await em.nativeDelete(WebSessionRecord, { id: record.id });
      return null;
    }
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
      await em.nativeUpdate(WebSessionRecord, { id: record.id }, { lastSeenAt: new Date(now) });
      session.lastSeenAt = now;
    }
    return session;
  }

  /** Writes what a request changed of the session (its messages, a kept form). */
  async save(session: WebSession): Promise<void> {
    await this.em
      .fork()
      .nativeUpdate(WebSessionRecord, { idHash: hashOf(session.id) }, { flash: session.flash, keptForm: session.keptForm });
  }

  async destroy(id: string): Promise<void> {
    await this.em.fork().nativeDelete(WebSessionRecord, { idHash: hashOf(id) });
  }

  /** Drops sessions of people who never came back, at most once a minute per instance. */
  private async sweep(now: number): Promise<void> {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    await this.em.fork().nativeDelete(WebSessionRecord, {
      $or: [{ expiresAt: { $lte: new Date(now) } }, { lastSeenAt: { $lt: new Date(now - SESSION_IDLE_MS) } }],
    });
  }
}

function toSession(id: string, r: WebSessionRecord): WebSession {
  return {
    id,
    userId: r.user.id,
    method: r.method,
    apiTokenId: r.apiToken?.id ?? null,
    csrfToken: r.csrfToken,
    createdAt: r.createdAt.getTime(),
    lastSeenAt: r.lastSeenAt.getTime(),
    recordId: r.id,
    ssoConfirmedAt: r.ssoConfirmedAt?.getTime() ?? null,
    flash: [...(r.flash ?? [])],
    keptForm: r.keptForm ?? null,
  };
}

export { SESSION_IDLE_MS, SESSION_MAX_AGE_MS } from './web-session.rules';
