import { createHash, randomBytes } from 'node:crypto';

/** A new random API token; 32 bytes of entropy, prefixed so it is recognisable in logs and secret scanners. */
export function newToken(): string {
  return `lims_${randomBytes(32).toString('base64url')}`;
}

/** Tokens are high-entropy random strings, so a plain sha256 is the right hash (no need for a slow KDF). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
