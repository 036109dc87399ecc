import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { SessionExpiry } from './fault-injector';
import type { LoginBody } from './request.schemas';
import { LoginRejected, SessionRejected } from './simulator-error';
import type { SimulatorAccount } from './simulator-options.schemas';
import { SimulatorSettings } from './simulator-settings';
import { SimulatorStore, type SessionRecord } from './simulator.store';

export interface CallerHeaders {
  ubi: string | undefined;
  license: string | undefined;
}

/** Logins and sessions: a session belongs to one account (UBI + license) and lasts sessionTtlSeconds from login. */
@Injectable()
export class SessionService implements SessionExpiry {
  constructor(
    private readonly store: SimulatorStore,
    private readonly settings: SimulatorSettings,
  ) {}

  login(kind: SimulatorAccount['kind'], caller: CallerHeaders, body: LoginBody): { Session: string } {
    if (!caller.ubi || !caller.license) throw new LoginRejected('login needs the X-Ubi and X-License headers');
    const account = this.store
      .accounts()
      .find(
        (a) =>
          a.kind === kind &&
          a.ubi === caller.ubi &&
          a.license === caller.license &&
          a.username === body.Username &&
          a.password === body.Password,
      );
    if (!account) {
      const where = kind === 'lab' ? 'lab' : 'licensee user';
      throw new LoginRejected(`login failed: no ${where} account with these X-Ubi, X-License, Username and Password`);
    }
    const now = this.settings.nowMs();
    const token = randomBytes(24).toString('base64url');
    this.store.putSession({ token, account, issuedAtMs: now, expiresAtMs: now + this.settings.sessionTtlSeconds * 1000 });
    return { Session: token };
  }

  authenticate(caller: CallerHeaders & { token: string | undefined }): SessionRecord {
    if (!caller.token) throw new SessionRejected('missing X-Session-Token header; log in first');
    const session = this.store.session(caller.token);
    if (!session) throw new SessionRejected('session unknown or expired; log in again');
    if (session.expiresAtMs <= this.settings.nowMs()) {
      this.store.dropSession(caller.token);
      throw new SessionRejected(`session expired at ${new Date(session.expiresAtMs).toISOString()}; log in again`);
    }
    if (caller.ubi !== session.account.ubi || caller.license !== session.account.license) {
      throw new SessionRejected('X-Ubi and X-License must be those the session was opened with');
    }
    return session;
  }

  expireEarly(token: string): boolean {
    const session = this.store.session(token);
    if (!session || session.expiresAtMs <= this.settings.nowMs()) return false;
    return this.store.dropSession(token);
  }
}
