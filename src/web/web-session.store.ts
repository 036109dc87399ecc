import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';

export interface Flash {
  kind: 'success' | 'error';
  text: string;
}

/** A signed-in browser. The id travels only in the httpOnly cookie; the API token never leaves the server. */
export interface WebSession {
  id: string;
  /** Whose session it is: a user's sessions are bounded, and a new one past the bound ends that user's oldest. */
  userId: string;
  /** The API token the person signed in with; every request re-authenticates it, so revoking it ends the session. */
  token: string;
  /** Sent back in a hidden field of every form (or the X-CSRF-Token header) and compared on every POST. */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  /** Messages for the next page shown (after a redirect). */
  flash: Flash[];
}

/** A session unused this long ends. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** No session outlives this, used or not. */
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;
/** Sessions one user may hold when nothing else is configured. */
export const DEFAULT_SESSIONS_PER_USER = 20;

export const newSecret = (): string => randomBytes(32).toString('base64url');

/**
 * Web sessions, kept in this process's memory: a restart signs everyone out, and several instances behind
 * one address need sticky sessions (or a shared table in place of this class). Memory is bounded per user:
 * a user's new session beyond `sessionsPerUser` ends that user's own oldest, never anyone else's.
 */
@Injectable()
export class WebSessionStore {
  private readonly sessions = new Map<string, WebSession>();
  /** Each user's session ids, oldest first. */
  private readonly byUser = new Map<string, Set<string>>();
  private lastSweep = 0;

  constructor(private readonly sessionsPerUser = DEFAULT_SESSIONS_PER_USER) {}

  create(token: string, userId: string, now = Date.now()): WebSession {
    this.sweep(now);
    const mine = [...(this.byUser.get(userId) ?? [])].filter((id) => this.find(id, now, false));
    // Oldest first (insertion order): past the bound, this user's oldest sessions end.
    for (const id of mine.slice(0, Math.max(0, mine.length - this.sessionsPerUser + 1))) this.destroy(id);
    const session: WebSession = {
      id: newSecret(),
      userId,
      token,
      csrfToken: newSecret(),
      createdAt: now,
      lastSeenAt: now,
      flash: [],
    };
    this.sessions.set(session.id, session);
    const ids = this.byUser.get(userId) ?? new Set<string>();
    ids.add(session.id);
    this.byUser.set(userId, ids);
    return session;
  }

  /** How many live sessions the user holds. */
  countOf(userId: string, now = Date.now()): number {
    return [...(this.byUser.get(userId) ?? [])].filter((id) => this.find(id, now, false)).length;
  }

  /** The live session with this id, touched; null for unknown or expired ones. */
  find(id: string | undefined, now = Date.now(), touch = true): WebSession | null {
    if (!id) return null;
    const session = this.sessions.get(id);
    if (!session) return null;
    if (expired(session, now)) {
      this.destroy(id);
      return null;
    }
    if (touch) session.lastSeenAt = now;
    return session;
  }

  destroy(id: string): void {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    if (!session) return;
    const mine = this.byUser.get(session.userId);
    mine?.delete(id);
    if (mine?.size === 0) this.byUser.delete(session.userId);
  }

  /** Drops expired sessions of users who never came back, at most once a minute. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [id, s] of this.sessions) if (expired(s, now)) this.destroy(id);
  }
}

const expired = (s: WebSession, now: number): boolean =>
  now - s.lastSeenAt > SESSION_IDLE_MS || now - s.createdAt > SESSION_MAX_AGE_MS;
