/**
 * How a state system writes the tag of a sample (the sample's `uid`): what it must look like, and how a refusal names
 * it. Each system's entry in the registry (state-system.provider.ts) carries its format.
 */
export interface TagFormat {
  pattern: RegExp;
  /** Completes "expected …" in a refusal. */
  expected: string;
}

/** BioTrack NY: a UID of exactly 16 digits (a string: UIDs exceed 2^53). */
export const BIOTRACK_UID: TagFormat = {
  pattern: /^\d{16}$/,
  expected: 'exactly 16 digits (a BioTrack NY UID; STATE_SYSTEM=biotrack-ny)',
};

/** Metrc: a package tag of 24 characters, digits and capital letters (e.g. 1A4FF0300000029000000101) [inferred]. */
export const METRC_TAG: TagFormat = {
  pattern: /^[0-9A-Z]{24}$/,
  expected:
    'a 24-character Metrc package tag of digits and capital letters, e.g. 1A4FF0300000029000000101 (STATE_SYSTEM=metrc-ny)',
};

/** Why `value` is not a tag of `format`, or null when it is. */
export function tagProblem(format: TagFormat, value: string): string | null {
  return format.pattern.test(value) ? null : `expected ${format.expected}`;
}
