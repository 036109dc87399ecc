import { INTERNAL_STANDARD_ELEMENTS, METAL_ISOTOPES } from './analytes/metals';

/**
 * Name matching works on a compact form: NFKC (turns "ﬂ" back into "fl" and "µ" into "μ"), lower case,
 * Greek letters spelled out, "d9"/"Δ9"/"delta-9" made one spelling, optical-rotation prefixes
 * dropped, then every character that is not a-z or 0-9 removed. "Δ9-THC", "d9-THC" and
 * "Delta-9 THC" all become "delta9thc"; "THCa" and "THCA" become "thca".
 */
export function compactName(name: string): string {
  return spellOut(name)
    .replace(/^\(\s*[-+±]\s*\)\s*-?\s*/, '')
    .replace(/^\(\s*\+\s*\/\s*-\s*\)\s*-?\s*/, '')
    .replace(/(^|[^a-z])d(?=[-\s]?\d)/g, '$1delta')
    .replace(/[^a-z0-9]/g, '');
}

function spellOut(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/α/g, 'alpha')
    .replace(/β/g, 'beta')
    .replace(/γ/g, 'gamma')
    .replace(/[δ∆]/g, 'delta')
    .trim();
}

/** Glyph pairs a PDF font may draw as one ligature and a text extractor may then drop. */
const LIGATURES = ['ffi', 'ffl', 'ff', 'fi', 'fl'];

/**
 * The forms a name takes when a PDF drops its ligature glyphs: "Aflatoxin B1" → "Aatoxin B1" (the
 * compact form of both "A atoxin B1" and "Aatoxin B1"), "Cyfluthrin" → "Cyuthrin".
 */
export function ligatureDamagedForms(name: string): string[] {
  const lower = name.normalize('NFKC').toLowerCase();
  const forms = new Set<string>();
  for (const lig of LIGATURES) {
    if (!lower.includes(lig)) continue;
    forms.add(compactName(lower.split(lig).join(' ')));
  }
  if (forms.size > 0) {
    let all = lower;
    for (const lig of LIGATURES) all = all.split(lig).join(' ');
    forms.add(compactName(all));
  }
  forms.delete(compactName(name));
  return [...forms];
}

/** Latin look-alikes instruments print for Greek prefixes: "a-Pinene", "b-Myrcene", "y-Terpinene". */
export function greekLookalikeForms(compact: string): string[] {
  const out: string[] = [];
  if (compact.startsWith('alpha')) out.push(`a${compact.slice(5)}`);
  if (compact.startsWith('beta')) out.push(`b${compact.slice(4)}`);
  if (compact.startsWith('gamma')) out.push(`g${compact.slice(5)}`, `y${compact.slice(5)}`);
  return out;
}

export type ElementReading =
  { kind: 'metal'; key: string } | { kind: 'internal_standard'; symbol: string } | { kind: 'other_element'; symbol: string };

/**
 * Reads ICP-MS element names: "As 75", "Pb 208", "Cd-111", "111Cd", "|> Ge 74", or a bare symbol "As".
 * Symbols are case-sensitive ("As" is arsenic, "AS" is not read as an element). A metal at a mass
 * that is not one of its isotopes is not read as that metal.
 */
export function readElementName(name: string): ElementReading | null {
  const t = name
    .normalize('NFKC')
    .trim()
    .replace(/^\|[->]?\s*/, '');
  const m = /^(?:([A-Z][a-z]?)(?:\s*[- ]?\s*\(?(\d{1,3})\)?)?|(\d{1,3})\s*([A-Z][a-z]?))$/.exec(t);
  if (!m) return null;
  const symbol = m[1] ?? m[4];
  const massText = m[2] ?? m[3];
  const mass = massText === undefined ? undefined : Number(massText);
  const metal = METAL_ISOTOPES[symbol];
  if (metal) {
    return mass === undefined || metal.masses.includes(mass)
      ? { kind: 'metal', key: metal.key }
      : { kind: 'other_element', symbol };
  }
  if (INTERNAL_STANDARD_ELEMENTS.includes(symbol)) return { kind: 'internal_standard', symbol };
  return mass === undefined ? null : { kind: 'other_element', symbol };
}

/**
 * Internal standards and controls are never results: ICP-MS internal standards ("|> Ge 74", "In 115"),
 * qPCR internal controls and reference dyes ("IC-YM", "IC-Asp", "ROX"), and ISTD compounds
 * ("Triphenylphosphate(TPP-IS) (ISTD)").
 */
export function isInternalStandard(name: string): boolean {
  if (readElementName(name)?.kind === 'internal_standard') return true;
  const t = name.normalize('NFKC').trim();
  if (/^\|>/.test(t)) return true;
  return /^ic[-\s]/i.test(t) || /^rox$/i.test(t) || /\bistd\b|internal standard|-is\)/i.test(t);
}
