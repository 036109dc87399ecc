import { SSO_CONFIRMATION_MS, ssoConfirmationValid, ssoConfirmedUntil } from './sso-confirmation';

describe('a single sign-on confirmation for signing', () => {
  const at = Date.UTC(2026, 11, 7, 14, 0, 0);

  it('lets its person sign for five minutes after the issuer authenticated them, and not after', () => {
    expect(ssoConfirmationValid(at, at)).toBe(true);
    expect(ssoConfirmationValid(at, at + SSO_CONFIRMATION_MS)).toBe(true);
    expect(ssoConfirmationValid(at, at + SSO_CONFIRMATION_MS + 1)).toBe(false);
    expect(ssoConfirmedUntil(at)).toBe(at + 5 * 60_000);
  });

  it('accepts an issuer clock a little ahead, but not a time far in the future', () => {
    expect(ssoConfirmationValid(at + 30_000, at)).toBe(true);
    expect(ssoConfirmationValid(at + 10 * 60_000, at)).toBe(false);
  });

  it('is no confirmation when there is none', () => {
    expect(ssoConfirmationValid(null, at)).toBe(false);
    expect(ssoConfirmationValid(undefined, at)).toBe(false);
  });
});
