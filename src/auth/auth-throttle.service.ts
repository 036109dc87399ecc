import { Injectable } from '@nestjs/common';
import { TooManyRequests } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { AttemptLimiter } from './attempt-limiter';

/**
 * Brute force and floods stop here: failed token checks and sign-ins per address, sign-ins per address and
 * per user. A caller within its limits never notices; one over them gets 429 with Retry-After, waiting
 * longer each time it comes back too soon. In memory, per instance, like the web sessions.
 */
@Injectable()
export class AuthThrottle {
  private readonly failures: AttemptLimiter;
  private readonly signInsByAddress: AttemptLimiter;
  private readonly signInsByUser: AttemptLimiter;

  constructor(config: AppConfig) {
    const { windowMs, backoffMaxMs } = config.throttle;
    this.failures = new AttemptLimiter({ max: config.throttle.failuresPerAddress, windowMs, backoffMaxMs });
    this.signInsByAddress = new AttemptLimiter({ max: config.throttle.signInsPerAddress, windowMs, backoffMaxMs });
    this.signInsByUser = new AttemptLimiter({ max: config.throttle.signInsPerUser, windowMs, backoffMaxMs });
  }

  /** Before a token is checked: refused while the address waits after too many failures. */
  checkAddress(address: string, now = Date.now()): void {
    refuseWhile(this.failures.waitMs(address, now), 'too many failed sign-ins or token checks from this address');
  }

  /** A token that did not open (unknown, revoked, expired). */
  recordFailure(address: string, now = Date.now()): void {
    this.failures.record(address, now);
  }

  /** Each sign-in form posted, before its token is checked. */
  recordSignIn(address: string, now = Date.now()): void {
    this.checkAddress(address, now);
    refuseWhile(this.signInsByAddress.attempt(address, now), 'too many sign-ins from this address');
  }

  /** A sign-in that succeeded, before its session is made. */
  recordSignInOf(userId: string, now = Date.now()): void {
    refuseWhile(this.signInsByUser.attempt(userId, now), 'too many sign-ins of this user');
  }
}

function refuseWhile(waitMs: number, what: string): void {
  if (waitMs > 0) throw new TooManyRequests(what, Math.ceil(waitMs / 1000));
}
