/** How many attempts a key may make per window, and how long it waits once over. */
export interface AttemptLimit {
  max: number;
  windowMs: number;
  /** The first wait is one window (or `firstWaitMs`); each further time over doubles it, up to this. */
  backoffMaxMs: number;
  /** The first wait when it should differ from the counting window (an account lock counts over a longer time). */
  firstWaitMs?: number;
}

/** One key's count, as the in-memory limiter and the database-backed one (attempt-counters.store.ts) keep it. */
export interface AttemptState {
  windowStart: number;
  count: number;
  blockedUntil: number;
  /** How many times the key went over since it last behaved for a whole maximum backoff. */
  strikes: number;
  lastSeen: number;
}

export const freshAttemptState = (now: number): AttemptState => ({
  windowStart: now,
  count: 0,
  blockedUntil: 0,
  strikes: 0,
  lastSeen: now,
});

/** Milliseconds the key must still wait; 0 when it may try. */
export const waitOf = (state: AttemptState | null | undefined, now: number): number =>
  state && state.blockedUntil > now ? state.blockedUntil - now : 0;

/** A key that behaved for a whole maximum backoff since it last waited starts again at the first wait. */
export function forgiveStrikes(state: AttemptState, limit: AttemptLimit, now: number): void {
  if (state.blockedUntil <= now && now - Math.max(state.lastSeen, state.blockedUntil) > limit.backoffMaxMs) state.strikes = 0;
}

/**
 * Counts one attempt on `state` (changing it); once the count reaches the limit the key waits, the wait doubling
 * with each strike. Returns the wait now in effect. Attempts while waiting are not counted and do not extend it.
 */
export function recordAttempt(state: AttemptState, limit: AttemptLimit, now: number): number {
  forgiveStrikes(state, limit, now);
  state.lastSeen = now;
  if (state.blockedUntil > now) return state.blockedUntil - now;
  if (now - state.windowStart >= limit.windowMs) {
    state.windowStart = now;
    state.count = 0;
  }
  state.count += 1;
  if (state.count < limit.max) return 0;
  state.strikes += 1;
  const wait = Math.min((limit.firstWaitMs ?? limit.windowMs) * 2 ** (state.strikes - 1), limit.backoffMaxMs);
  state.blockedUntil = now + wait;
  state.windowStart = state.blockedUntil;
  state.count = 0;
  return wait;
}

/** Keys tracked at most; past this, those seen longest ago are forgotten first (a bound on memory). */
const MAX_KEYS = 50_000;

/**
 * Counts attempts per key (an address, a user) in fixed windows. A key over its limit waits, with the wait
 * doubling each time it goes over again, and the count starts afresh after the wait. Pure: `now` is passed in.
 */
export class AttemptLimiter {
  private readonly entries = new Map<string, AttemptState>();

  constructor(private readonly limit: AttemptLimit) {}

  /** Milliseconds the key must still wait; 0 when it may try. */
  waitMs(key: string, now: number): number {
    return waitOf(this.entries.get(key), now);
  }

  /**
   * Counts one attempt (a failure, say); once the count reaches the limit the key waits. Returns the wait now
   * in effect. Attempts while waiting are not counted and do not extend the wait.
   */
  record(key: string, now: number): number {
    return recordAttempt(this.entry(key, now), this.limit, now);
  }

  /** An attempt about to be made: refused (the wait returned) while the key waits, else counted (0). */
  attempt(key: string, now: number): number {
    const wait = this.waitMs(key, now);
    if (wait > 0) return wait;
    this.record(key, now);
    return 0;
  }

  /** The key starts afresh: no count, no wait, no strikes (an account's successful sign-in). */
  reset(key: string): void {
    this.entries.delete(key);
  }

  private entry(key: string, now: number): AttemptState {
    let e = this.entries.get(key);
    if (!e) {
      if (this.entries.size >= MAX_KEYS) this.forgetOldest(now);
      e = freshAttemptState(now);
    }
    // Re-inserted so the map stays in order of last use.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  private forgetOldest(now: number): void {
    for (const [key, e] of this.entries) {
      if (this.entries.size < MAX_KEYS) return;
      if (e.blockedUntil > now) continue;
      this.entries.delete(key);
    }
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}
