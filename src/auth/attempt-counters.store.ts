import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { isPostgres } from '../db/platform';
import { AttemptCounter } from './attempt-counter.entity';
import { type AttemptLimit, type AttemptState, freshAttemptState, recordAttempt, waitOf } from './attempt-limiter';

/** Counters not touched for this long, and not waiting, are swept (a day: far past any backoff). */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * The account limits (wrong passwords per sign-in name, wrong signature passwords per signer) kept in the
 * database, counted with the same rules as the in-memory limiter (attempt-limiter.ts). Counting happens in a
 * transaction holding the counter's row (PostgreSQL locks it; SQLite has one writer), so instances failing at once
 * on the same account cannot undercount. The per-address limits stay in each instance's memory: they guard that
 * instance against floods.
 */
@Injectable()
export class AttemptCounters {
  private lastSweep = 0;

  constructor(private readonly em: EntityManager) {}

  /** Milliseconds `key` must still wait; 0 when it may try. */
  async waitMs(key: string, now = Date.now()): Promise<number> {
    const row = await this.em.fork().findOne(AttemptCounter, { key: keyOf(key) });
    return waitOf(row && stateOf(row), now);
  }

  /** Counts one failure of `key` under `limit`; the wait it starts (0: not yet over the limit). */
  async record(key: string, limit: AttemptLimit, now = Date.now()): Promise<number> {
    await this.sweep(now);
    const stored = keyOf(key);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.em.fork().transactional(async (em) => {
          const lock = isPostgres(em) ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
          const row = await em.findOne(AttemptCounter, { key: stored }, lock);
          const state = row ? stateOf(row) : freshAttemptState(now);
          const wait = recordAttempt(state, limit, now);
          if (row) em.assign(row, rowOf(state));
          else em.persist(new AttemptCounter(stored, rowOf(state)));
          return wait;
        });
      } catch (e) {
        // Two instances made the first counter of one key at once: the second counts again, on the row that won.
        if (attempt === 1 && e instanceof UniqueConstraintViolationException) continue;
        throw e;
      }
    }
  }

  /** `key` starts afresh: no count, no wait, no strikes (an account's successful sign-in). */
  async reset(key: string): Promise<void> {
    await this.em.fork().nativeDelete(AttemptCounter, { key: keyOf(key) });
  }

  /** Drops counters nobody has touched for a day and that hold no wait, at most once a minute per instance. */
  private async sweep(now: number): Promise<void> {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    await this.em.fork().nativeDelete(AttemptCounter, {
      lastSeenAt: { $lt: new Date(now - FORGET_AFTER_MS) },
      $or: [{ blockedUntil: null }, { blockedUntil: { $lt: new Date(now) } }],
    });
  }
}

const keyOf = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

const stateOf = (row: AttemptCounter): AttemptState => ({
  windowStart: row.windowStart.getTime(),
  count: row.count,
  blockedUntil: row.blockedUntil?.getTime() ?? 0,
  strikes: row.strikes,
  lastSeen: row.lastSeenAt.getTime(),
});

const rowOf = (state: AttemptState): Omit<AttemptCounter, 'key'> => ({
  windowStart: new Date(state.windowStart),
  count: state.count,
  blockedUntil: state.blockedUntil > 0 ? new Date(state.blockedUntil) : null,
  strikes: state.strikes,
  lastSeenAt: new Date(state.lastSeen),
});
