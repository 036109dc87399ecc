import { Injectable } from '@nestjs/common';
import { TooManyRequests } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { type AttemptLimit, AttemptLimiter } from './attempt-limiter';
import { AttemptCounters } from './attempt-counters.store';

/** An account's failed password sign-ins are counted over this long. */
const ACCOUNT_WINDOW_MS = 15 * 60 * 1000;

/** A sign-in refused while the account is locked; the page says when to try again. */
export class AccountLocked extends TooManyRequests {
  constructor(retryAfterSeconds: number, now = Date.now()) {
    super('too many failed sign-ins for this account', retryAfterSeconds);
    const at = new Date(now + retryAfterSeconds * 1000).toISOString().slice(11, 16);
    this.message = `Too many failed sign-ins for this account, so it is locked for now. Try again in ${inWords(retryAfterSeconds)} (after ${at} UTC).`;
  }
}

/**
 * Brute force and floods stop here: failed token checks and sign-ins per address, failed password sign-ins
 * per account (a lock that doubles each time, reset by a successful sign-in), sign-ins per address and per
 * user. A caller within its limits never notices; one over them gets 429 with Retry-After. An account's lock is
 * kept in the database (every instance honours it, a restart does not lift it); the other counts are in this
 * process's memory, guarding it against floods (see the README).
 */
@Injectable()
export class AuthThrottle {
  private readonly failures: AttemptLimiter;
  private readonly accountLimit: AttemptLimit;
  private readonly signInsByAddress: AttemptLimiter;
  private readonly signInsByUser: AttemptLimiter;

  constructor(
    config: AppConfig,
    private readonly counters: AttemptCounters,
  ) {
    const { windowMs, backoffMaxMs } = config.throttle;
    this.failures = new AttemptLimiter({ max: config.throttle.failuresPerAddress, windowMs, backoffMaxMs });
    this.accountLimit = {
      max: config.throttle.failuresPerAccount,
      windowMs: ACCOUNT_WINDOW_MS,
      firstWaitMs: config.throttle.lockoutMs,
      backoffMaxMs,
    };
    this.signInsByAddress = new AttemptLimiter({ max: config.throttle.signInsPerAddress, windowMs, backoffMaxMs });
    this.signInsByUser = new AttemptLimiter({ max: config.throttle.signInsPerUser, windowMs, backoffMaxMs });
  }

  /** Before a token is checked: refused while the address waits after too many failures. */
  checkAddress(address: string, now = Date.now()): void {
    refuseWhile(this.failures.waitMs(address, now), 'too many failed sign-ins or token checks from this address');
  }

  /** A token or password that did not open (unknown, revoked, expired, wrong). */
  recordFailure(address: string, now = Date.now()): void {
    this.failures.record(address, now);
  }

  /** Each sign-in form posted, before its token or password is checked. */
  recordSignIn(address: string, now = Date.now()): void {
    this.checkAddress(address, now);
    refuseWhile(this.signInsByAddress.attempt(address, now), 'too many sign-ins from this address');
  }

  /** Before a password is checked: refused while the account (any name typed, known or not) is locked. */
  async checkAccount(accountKey: string, now = Date.now()): Promise<void> {
    const wait = await this.counters.waitMs(`sign-in:${accountKey}`, now);
    if (wait > 0) throw new AccountLocked(Math.ceil(wait / 1000), now);
  }

  /** A wrong password for the account; the lock it starts, in ms (0: not locked yet). */
  recordAccountFailure(accountKey: string, now = Date.now()): Promise<number> {
    return this.counters.record(`sign-in:${accountKey}`, this.accountLimit, now);
  }

  /** A successful sign-in: the account's failures are forgotten. */
  async resetAccount(accountKey: string): Promise<void> {
    await this.counters.reset(`sign-in:${accountKey}`);
  }

  /** A sign-in that succeeded, before its session is made. */
  recordSignInOf(userId: string, now = Date.now()): void {
    refuseWhile(this.signInsByUser.attempt(userId, now), 'too many sign-ins of this user');
  }
}

function refuseWhile(waitMs: number, what: string): void {
  if (waitMs > 0) throw new TooManyRequests(what, Math.ceil(waitMs / 1000));
}

function inWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
