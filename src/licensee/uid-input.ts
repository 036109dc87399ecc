import { z } from 'zod';

/** A BioTrack NY UID (16 digits) or a Metrc tag (24 letters and digits, e.g. 1A4FF0100000022000000123). */
const HELD_UID = /^(\d{16}|[0-9A-Z]{24})$/;

/**
 * What a licensee pastes is what a certificate or a label prints: groups split by spaces or dashes, tags in
 * lower case. The lookup compares the bare identifier.
 */
export function normalizeUidInput(input: string): string {
  return input.replace(/[\s\-\u2010-\u2015]/g, '').toUpperCase();
}

/** A UID a licensee looks up: normalized first, then a sample UID or a package tag. */
export const HeldUid = z
  .string()
  .max(80)
  .transform(normalizeUidInput)
  .pipe(z.string().regex(HELD_UID, 'expected a 16-digit UID or a 24-character Metrc tag (spaces and dashes are ignored)'));
