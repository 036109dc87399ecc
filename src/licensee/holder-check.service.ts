import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { STATE_SYSTEM, type LicenseeView, type StateSystem } from '../state-system/state-system.port';
import { LicenseeAccounts } from './licensee-accounts';

/**
 * What the state system shows a licensee for a UID, asked with that licensee's own account (so the state
 * system itself decides who holds the product), cached briefly. Null when the licensee does not hold it,
 * has no account configured, or the state system cannot answer now — never a reason to show data.
 */
@Injectable()
export class HolderCheck {
  private readonly logger = new Logger(HolderCheck.name);
  private readonly cache = new Map<string, { at: number; view: LicenseeView | null }>();

  constructor(
    @Inject(STATE_SYSTEM) private readonly stateSystem: StateSystem,
    private readonly accounts: LicenseeAccounts,
    private readonly config: AppConfig,
  ) {}

  async view(license: string, uid: string, now = Date.now()): Promise<LicenseeView | null> {
    const key = `${license}\u0000${uid}`;
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.config.licenseeHolderCacheMs) return hit.view;
    const account = this.accounts.forLicense(license);
    if (!account) return null;
    try {
      const view = await this.stateSystem.pullResults(uid, account);
      this.cache.set(key, { at: now, view });
      if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value as string);
      return view;
    } catch (e) {
      this.logger.warn(`could not ask the state system whether ${license} holds ${uid}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }
}
