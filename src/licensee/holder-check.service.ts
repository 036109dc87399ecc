import { Inject, Injectable, Logger } from '@nestjs/common';
import { AttemptLimiter } from '../auth/attempt-limiter';
import { TooManyRequests } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { STATE_SYSTEM, type LicenseeAccount, type LicenseeView, type StateSystem } from '../state-system/state-system.port';
import { LicenseeAccounts } from './licensee-accounts';

/**
 * What the state system shows a licensee for a UID, asked with that licensee's own account (so the state
 * system itself decides who holds the product), cached briefly. Null when the licensee does not hold it,
 * has no account configured, or the state system cannot answer now — never a reason to show data.
 * "Not held" answers are cached too, the same look-up made at once is asked once, and each license may send
 * only so many look-ups to the state system per window (429 past it), so guessing UIDs cannot flood it.
 */
@Injectable()
export class HolderCheck {
  private readonly logger = new Logger(HolderCheck.name);
  private readonly cache = new Map<string, { at: number; view: LicenseeView | null }>();
  private readonly inFlight = new Map<string, Promise<LicenseeView | null>>();
  private readonly lookups: AttemptLimiter;

  constructor(
    @Inject(STATE_SYSTEM) private readonly stateSystem: StateSystem,
    private readonly accounts: LicenseeAccounts,
    private readonly config: AppConfig,
  ) {
    const { windowMs, backoffMaxMs, licenseeLookupsPerLicense } = config.throttle;
    this.lookups = new AttemptLimiter({ max: licenseeLookupsPerLicense, windowMs, backoffMaxMs });
  }

  async view(license: string, uid: string, now = Date.now()): Promise<LicenseeView | null> {
    const key = `${license}\u0000${uid}`;
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.config.licenseeHolderCacheMs) return hit.view;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const account = this.accounts.forLicense(license);
    if (!account) return null;
    const wait = this.lookups.attempt(license, now);
    if (wait > 0) throw new TooManyRequests('too many look-ups in the state system for this license', Math.ceil(wait / 1000));
    const asked = this.ask(key, license, uid, account, now).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, asked);
    return asked;
  }

  private async ask(
    key: string,
    license: string,
    uid: string,
    account: LicenseeAccount,
    now: number,
  ): Promise<LicenseeView | null> {
    try {
      const view = await this.stateSystem.pullResults(uid, account);
      this.cache.set(key, { at: now, view });
      if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value as string);
      return view;
    } catch (e) {
      this.logger.warn(
        `could not ask the state system whether ${license} holds ${uid}: ${e instanceof Error ? e.message : String(e)}`,
      );
      return null;
    }
  }
}
