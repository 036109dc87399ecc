/**
 * Result qualifiers. A qualified result is never a number: it has `value: null` and, for `<LOQ` and
 * `>ULOQ`, the bound in `loq`.
 * - ND: not detected · <LOD: below the detection limit · <LOQ: detected, below the quantitation limit
 * - >ULOQ: above the calibrated range · ABSENT / PRESENT: presence-absence tests
 * - NT: not tested · NR: not reported · TNTC: too numerous to count · NA: not applicable
 * - TIC: tentatively identified compound, a detection the lab cannot confirm quantitatively (OCM usage)
 */
export type Qualifier = 'ND' | '<LOQ' | '<LOD' | '>ULOQ' | 'ABSENT' | 'PRESENT' | 'NT' | 'NR' | 'TNTC' | 'NA' | 'TIC';

export const QUALIFIERS: readonly Qualifier[] = [
  'ND',
  '<LOQ',
  '<LOD',
  '>ULOQ',
  'ABSENT',
  'PRESENT',
  'NT',
  'NR',
  'TNTC',
  'NA',
  'TIC',
];

/** Qualifiers that say the analyte was looked for and not found. */
export const NON_DETECTS: readonly Qualifier[] = ['ND', '<LOD', 'ABSENT'];

export function isQualifier(value: string): value is Qualifier {
  return (QUALIFIERS as readonly string[]).includes(value);
}

/** Tokens compared after NFKC, lower-casing, trimming a final period and removing spaces after < and >. */
const TOKENS: Readonly<Record<string, Qualifier>> = {
  nd: 'ND',
  'n.d': 'ND',
  'not detected': 'ND',
  'none detected': 'ND',
  'non-detect': 'ND',
  'non detect': 'ND',
  nondetect: 'ND',
  // qPCR: no amplification crossed the threshold, the target was not found.
  'no cq': 'ND',
  'no ct': 'ND',
  undetermined: 'ND',
  // SCIEX Analyst: no peak integrated for the analyte.
  'no peak': 'ND',
  'no peak found': 'ND',
  // SCIEX Analyst prints "< 0" when the calculated concentration is negative, i.e. the response is
  // below the calibration intercept: nothing was measured. It is ND, not <LOD: no detection limit
  // was compared with, and reading the "0" as a bound would invent one.
  '<0': 'ND',
  '<lod': '<LOD',
  'below lod': '<LOD',
  bdl: '<LOD',
  '<mdl': '<LOD',
  '<dl': '<LOD',
  '<loq': '<LOQ',
  'below loq': '<LOQ',
  blq: '<LOQ',
  bql: '<LOQ',
  '<lq': '<LOQ',
  '<lloq': '<LOQ',
  '<pql': '<LOQ',
  // "Trace" means seen but too small to quantify: the <LOQ situation.
  trace: '<LOQ',
  '>uloq': '>ULOQ',
  '>ulq': '>ULOQ',
  'above uloq': '>ULOQ',
  aql: '>ULOQ',
  absent: 'ABSENT',
  absence: 'ABSENT',
  'not present': 'ABSENT',
  negative: 'ABSENT',
  neg: 'ABSENT',
  present: 'PRESENT',
  presence: 'PRESENT',
  detected: 'PRESENT',
  det: 'PRESENT',
  positive: 'PRESENT',
  pos: 'PRESENT',
  nt: 'NT',
  'n.t': 'NT',
  'not tested': 'NT',
  'not analyzed': 'NT',
  'not analysed': 'NT',
  nr: 'NR',
  'n.r': 'NR',
  'not reported': 'NR',
  tntc: 'TNTC',
  'too numerous to count': 'TNTC',
  'n/a': 'NA',
  na: 'NA',
  'n.a': 'NA',
  'not applicable': 'NA',
  tic: 'TIC',
  'tentatively identified': 'TIC',
};

function token(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\.$/, '')
    .replace(/([<>])\s+/g, '$1');
}

/**
 * Reads a printed non-numeric result: "ND", "BLQ", "-----", "No Cq", "Absence", "Detected", "N/A"…
 * Also "<0.02" (→ `<LOQ`: the printed bound is the limit the lab quantifies down to) and ">100000"
 * (→ `>ULOQ`); `normalizeResult` keeps those bounds in `loq`. Null for numbers and unknown text.
 */
export function parseQualifier(text: string): Qualifier | null {
  const t = token(text);
  if (t === '') return null;
  const known = TOKENS[t];
  if (known) return known;
  // Dash runs ("--", "-----") are how LabSolutions and MassHunter print a compound not found.
  if (/^[-\u2012\u2013\u2014\u2015]{2,}$/.test(t)) return 'ND';
  if (/^not detected in [\d.]+ ?g$/.test(t)) return 'ABSENT';
  if (/^detected in [\d.]+ ?g$/.test(t)) return 'PRESENT';
  const bound = /^([<>])(\d+(?:[.,]\d+)?|[.,]\d+)$/.exec(t);
  if (bound) {
    if (bound[1] === '>') return '>ULOQ';
    return /[1-9]/.test(bound[2]) ? '<LOQ' : 'ND';
  }
  return null;
}
