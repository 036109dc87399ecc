import type { Actor } from '../auth/actor';
import { MANAGERS } from '../auth/role';
import { ssoConfirmationValid, ssoConfirmedUntil } from '../auth/sso-confirmation';
import { formatDateTime, type LabTime } from './format';

/** What a signed form offers besides the password: confirming through single sign-on, or that it was just done. */
export interface SigningView {
  /** Off to the issuer and back to `page`, to sign there without a password; null without single sign-on. */
  confirmHref: string | null;
  /** Single sign-on confirmed this person: until when they may sign with the password left empty. */
  confirmedUntil: LabTime | null;
}

/**
 * For managers (who sign) in a browser session: `page` is where the person signs, so the issuer sends them back
 * to it; a page shown for a refused form names the page the form was on.
 */
export function toSigningView(actor: Actor | undefined, ssoEnabled: boolean, page: string, now = Date.now()): SigningView | null {
  if (!actor || !MANAGERS.includes(actor.role)) return null;
  const confirmed = ssoConfirmationValid(actor.ssoConfirmedAt, now) ? actor.ssoConfirmedAt! : null;
  return {
    confirmHref: ssoEnabled ? `/login/sso/confirm?next=${encodeURIComponent(page)}` : null,
    confirmedUntil: confirmed === null ? null : formatDateTime(new Date(ssoConfirmedUntil(confirmed)).toISOString()),
  };
}
