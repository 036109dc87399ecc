/** How many attempts a key may make per window, and how long it waits once over. */
export interface AttemptLimit {
  max: number;
  windowMs: number;
  /** The first wait is one window (or `firstWaitMs`); each further time over doubles it, up to this. */
  backoffMaxMs: number;
  /** The first wait when it should differ from the counting window (an account lock counts over a longer time). */
  firstWaitMs?: number;
}

interface Entry {
  windowStart: number;
  count: number;
  blockedUntil: number;
  /** How many times the key went over since it last behaved for a whole maximum backoff. */
  strikes: number;
  lastSeen: number;
}

/** Keys tracked at most; past this, those seen longest ago are forgotten first (a bound on memory). */
const MAX_KEYS = 50_000;

/**
 * Counts attempts per key (an address, a user) in fixed windows. A key over its limit waits, with the wait
 * doubling each time it goes over again, and the count starts afresh after the wait. Pure: `now` is passed in.
 */
export class AttemptLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limit: AttemptLimit) {}

  /** Milliseconds the key must still wait; 0 when it may try. */
  waitMs(key: string, now: number): number {
    const e = this.entries.get(key);
    return e && e.blockedUntil > now ? e.blockedUntil - now : 0;
  }

  /**
   * Counts one attempt (a failure, say); once the count reaches the limit the key waits. Returns the wait now
   * in effect. Attempts while waiting are not counted and do not extend the wait.
   */
  record(key: string, now: number): number {
    const e = this.entry(key, now);
    if (e.blockedUntil > now) return e.blockedUntil - now;
    if (now - e.windowStart >= this.limit.windowMs) {
      e.windowStart = now;
      e.count = 0;
    }
    e.count += 1;
    if (e.count < this.limit.max) return 0;
    e.strikes += 1;
    const wait = Math.min((this.limit.firstWaitMs ?? this.limit.windowMs) * 2 ** (e.strikes - 1), this.limit.backoffMaxMs);
    e.blockedUntil = now + wait;
    e.windowStart = e.blockedUntil;
    e.count = 0;
    return wait;
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

  private entry(key: string, now: number): Entry {
    let e = this.entries.get(key);
    if (e && e.blockedUntil <= now && now - Math.max(e.lastSeen, e.blockedUntil) > this.limit.backoffMaxMs) e.strikes = 0;
    if (!e) {
      if (this.entries.size >= MAX_KEYS) this.forgetOldest(now);
      e = { windowStart: now, count: 0, blockedUntil: 0, strikes: 0, lastSeen: now };
      this.entries.set(key, e);
    }
    e.lastSeen = now;
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
