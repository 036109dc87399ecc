/**
 * A person who signs in only through single sign-on has no password to enter again when signing. They confirm
 * who they are at the issuer instead (a fresh login, `prompt=login`), and for a few minutes after the issuer's
 * authentication time a signature in that browser session needs no password. The window is short, so a session
 * left open on a bench cannot sign an hour later; the signature records that single sign-on proved the signer.
 */
export const SSO_CONFIRMATION_MS = 5 * 60_000;

/** Clocks of the issuer and this service may differ a little: an authentication time this far ahead still counts. */
const CLOCK_TOLERANCE_MS = 60_000;

/** Whether a confirmation at `confirmedAt` (epoch ms, the issuer's auth_time) still lets its person sign at `now`. */
export function ssoConfirmationValid(confirmedAt: number | null | undefined, now: number): boolean {
  if (confirmedAt === null || confirmedAt === undefined) return false;
  return confirmedAt <= now + CLOCK_TOLERANCE_MS && now - confirmedAt <= SSO_CONFIRMATION_MS;
}

/** Until when (epoch ms) that confirmation lets its person sign. */
export const ssoConfirmedUntil = (confirmedAt: number): number => confirmedAt + SSO_CONFIRMATION_MS;
