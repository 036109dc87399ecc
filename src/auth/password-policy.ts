import { dictionary } from '@zxcvbn-ts/language-common';

/** Long enough that a lab's users pick phrases rather than words; NIST SP 800-63B's floor is 8. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** The bundled list of common and breached passwords (about 49,000), compared case-blind. */
let common: Set<string> | undefined;
const commonPasswords = (): Set<string> =>
  (common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase())));

export interface PasswordOwner {
  username: string;
  fullName?: string | null;
  email?: string | null;
}

/** What is wrong with a new password, in plain words; empty when it may be used. */
export function passwordProblems(password: string, owner: PasswordOwner): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`use at least ${PASSWORD_MIN_LENGTH} characters (a few words work well)`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`use at most ${PASSWORD_MAX_LENGTH} characters`);
  const lower = password.normalize('NFKC').toLowerCase();
  if (commonPasswords().has(lower) || commonPasswords().has(lower.replace(/[\d!@#$%^&*._-]+$/, ''))) {
    problems.push('this password is on the list of common or breached passwords: choose another');
  }
  if (/^(.)\1+$/u.test(lower)) problems.push('a password of one repeated character is too easy to guess');
  const personal = [owner.username, owner.email?.split('@')[0], ...(owner.fullName ?? '').split(/\s+/)]
    .map((s) => (s ?? '').toLowerCase())
    .filter((s) => s.length >= 4);
  if (personal.some((s) => lower.includes(s))) problems.push('do not use your name, username or e-mail address in it');
  return problems;
}
