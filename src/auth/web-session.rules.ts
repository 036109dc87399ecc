/** The rules of a web session's life, without storage: what ends one, which of a user's sessions end past the bound. */

export const SESSION_METHODS = ['password', 'token', 'sso'] as const;
export type SessionMethod = (typeof SESSION_METHODS)[number];

export interface Flash {
  kind: 'success' | 'error';
  text: string;
}

/** A form posted after its session ended: where it went and what it held (never passwords or signatures). */
export interface KeptForm {
  action: string;
  fields: Array<[string, string]>;
}

/** A session unused this long ends. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** No session outlives this, used or not. */
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;
/** Sessions one user may hold when nothing else is configured. */
export const DEFAULT_SESSIONS_PER_USER = 20;
/** Last-seen times are written at most this often (each page would otherwise write a row). */
export const TOUCH_EVERY_MS = 60 * 1000;

export interface SessionTimes {
  createdAt: number;
  lastSeenAt: number;
}

export const sessionExpired = (s: SessionTimes, now: number): boolean =>
  now - s.lastSeenAt > SESSION_IDLE_MS || now - s.createdAt > SESSION_MAX_AGE_MS;

/**
 * Which of one user's live sessions end so that a new one fits the bound: the oldest, and only that user's own
 * (a flood of sign-ins by one user never signs anyone else out). `sessions` may be in any order.
 */
export function sessionsToEnd<T extends SessionTimes & { id: string }>(sessions: T[], bound: number, now: number): T[] {
  const live = sessions.filter((s) => !sessionExpired(s, now));
  const newestFirst = [...live].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  return newestFirst.slice(Math.max(0, bound - 1));
}

/** Form fields never kept through a sign-in, whatever form they come from. */
const SECRET_FIELD = /password|passphrase|secret|signature|token|^_csrf$/i;
/** At most this much of a form is kept (a form is typed by a person, not uploaded). */
const MAX_KEPT_FIELDS = 500;
const MAX_KEPT_CHARS = 100_000;

/**
 * A posted form body as name/value pairs a form can post again: nested fields (`rows[0][x]`) get their
 * bracketed names back, repeated fields stay repeated, and secrets are left out. Null when there is nothing to keep.
 */
export function keepableFields(body: unknown): Array<[string, string]> | null {
  const pairs: Array<[string, string]> = [];
  const walk = (name: string, value: unknown, top: string): void => {
    if (SECRET_FIELD.test(top) || pairs.length >= MAX_KEPT_FIELDS) return;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') pairs.push([name, String(value)]);
    else if (Array.isArray(value))
      value.forEach((v, i) => walk(typeof v === 'object' && v !== null ? `${name}[${i}]` : name, v, top));
    else if (typeof value === 'object' && value !== null)
      for (const [k, v] of Object.entries(value)) walk(`${name}[${k}]`, v, top);
  };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  for (const [k, v] of Object.entries(body)) walk(k, v, k);
  const kept = pairs.filter(([name]) => !SECRET_FIELD.test(name));
  if (kept.length === 0 || kept.reduce((n, [a, b]) => n + a.length + b.length, 0) > MAX_KEPT_CHARS) return null;
  return kept;
}
