import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';

export interface Flash {
  kind: 'success' | 'error';
  text: string;
}

/** A signed-in browser. The id travels only in the httpOnly cookie; the API token never leaves the server. */
export interface WebSession {
  id: string;
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
/** Older sessions are dropped first past this many (a bound on memory). */
const MAX_SESSIONS = 10_000;

export const newSecret = (): string => randomBytes(32).toString('base64url');

/**
 * Web sessions, kept in this process's memory: a restart signs everyone out, and several instances behind
 * one address need sticky sessions (or a shared table in place of this class).
 */
@Injectable()
export class WebSessionStore {
  private readonly sessions = new Map<string, WebSession>();

  create(token: string, now = Date.now()): WebSession {
    this.prune(now);
    const session: WebSession = { id: newSecret(), token, csrfToken: newSecret(), createdAt: now, lastSeenAt: now, flash: [] };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, touched; null for unknown or expired ones. */
  find(id: string | undefined, now = Date.now()): WebSession | null {
    if (!id) return null;
    const session = this.sessions.get(id);
    if (!session) return null;
    if (expired(session, now)) {
      this.sessions.delete(id);
      return null;
    }
    session.lastSeenAt = now;
    return session;
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }

  private prune(now: number): void {
    for (const [id, s] of this.sessions) if (expired(s, now)) this.sessions.delete(id);
    const excess = this.sessions.size - MAX_SESSIONS + 1;
    if (excess <= 0) return;
    // Maps iterate in insertion order: the oldest sessions go first.
    for (const id of [...this.sessions.keys()].slice(0, excess)) this.sessions.delete(id);
  }
}

const expired = (s: WebSession, now: number): boolean => now - s.lastSeenAt > SESSION_IDLE_MS || now - s.createdAt > SESSION_MAX_AGE_MS;
