import { shiftDecimal, isDecimalString } from './decimal';
import type { PanelKey } from './panel';

/** Units results are stored in (see analyte-keys.md). ASCII spelling: "ug", never "µg". */
export type CanonicalUnit = '%' | 'ug/g' | 'ug/kg' | 'CFU/g' | 'aw';

/** Every unit a source may report a value in. */
export type Unit =
  | CanonicalUnit
  | 'mg/g'
  | 'ppm'
  | 'mg/kg'
  | 'ppb'
  | 'ng/g'
  | 'ng/mL'
  | 'ug/mL'
  | 'mg/mL'
  | 'mg/L'
  | 'ug/L'
  | 'ng/uL'
  | 'mg/serving'
  | 'mg/unit'
  | 'mg/package';

/**
 * What a unit measures. Only units of the same dimension convert into each other; a concentration in
 * the measured solution becomes a mass fraction of the sample only through preparation data (mass,
 * volume, dilution), which is the instrument template's job, not a unit conversion.
 */
export type UnitDimension =
  | 'mass_fraction'
  | 'solution_concentration'
  | 'colony_count'
  | 'water_activity'
  | 'dose_per_serving'
  | 'dose_per_unit'
  | 'dose_per_package';

/** Every unit's dimension and its power of ten relative to the dimension's reference unit. */
const SCALE: Readonly<Record<Unit, { dimension: UnitDimension; exponent: number }>> = {
  '%': { dimension: 'mass_fraction', exponent: 4 },
  'mg/g': { dimension: 'mass_fraction', exponent: 3 },
  'ug/g': { dimension: 'mass_fraction', exponent: 0 },
  // ppm and ppb are read as mass fractions (µg/g, µg/kg): that is what they mean on a final result.
  ppm: { dimension: 'mass_fraction', exponent: 0 },
  'mg/kg': { dimension: 'mass_fraction', exponent: 0 },
  'ug/kg': { dimension: 'mass_fraction', exponent: -3 },
  ppb: { dimension: 'mass_fraction', exponent: -3 },
  'ng/g': { dimension: 'mass_fraction', exponent: -3 },
  'ng/mL': { dimension: 'solution_concentration', exponent: 0 },
  'ug/L': { dimension: 'solution_concentration', exponent: 0 },
  'ug/mL': { dimension: 'solution_concentration', exponent: 3 },
  'mg/L': { dimension: 'solution_concentration', exponent: 3 },
  'ng/uL': { dimension: 'solution_concentration', exponent: 3 },
  'mg/mL': { dimension: 'solution_concentration', exponent: 6 },
  'CFU/g': { dimension: 'colony_count', exponent: 0 },
  aw: { dimension: 'water_activity', exponent: 0 },
  'mg/serving': { dimension: 'dose_per_serving', exponent: 0 },
  'mg/unit': { dimension: 'dose_per_unit', exponent: 0 },
  'mg/package': { dimension: 'dose_per_package', exponent: 0 },
};

export const UNITS: readonly Unit[] = Object.keys(SCALE) as Unit[];

export const CANONICAL_UNITS: readonly CanonicalUnit[] = ['%', 'ug/g', 'ug/kg', 'CFU/g', 'aw'];

/** The unit each panel stores its results in; `other` has none of its own (each analyte says). */
export const PANEL_UNITS: Readonly<Record<Exclude<PanelKey, 'other'>, CanonicalUnit>> = {
  cannabinoids: '%',
  terpenes: '%',
  metals: 'ug/g',
  pesticides: 'ug/g',
  mycotoxins: 'ug/kg',
  solvents: 'ug/g',
  microbials: 'CFU/g',
  moisture: '%',
  water_activity: 'aw',
  foreign_matter: '%',
};

export function isUnit(value: string): value is Unit {
  return Object.prototype.hasOwnProperty.call(SCALE, value);
}

export function unitDimension(unit: Unit): UnitDimension {
  return SCALE[unit].dimension;
}

export function canConvert(from: Unit, to: Unit): boolean {
  return from === to || SCALE[from].dimension === SCALE[to].dimension;
}

export class UnitConversionError extends Error {
  constructor(
    readonly from: Unit,
    readonly to: Unit,
  ) {
    super(
      `cannot convert ${from} (${SCALE[from].dimension.replace(/_/g, ' ')}) to ${to} ` +
        `(${SCALE[to].dimension.replace(/_/g, ' ')}): the units measure different things`,
    );
    this.name = 'UnitConversionError';
  }
}

/**
 * Converts a decimal string exactly. Every factor is a power of ten, so the result is the same digits
 * with the point moved: "0.30" % → "3.0" mg/g, "0.020" ug/g → "20" ug/kg.
 */
export function convertValue(value: string, from: Unit, to: Unit): string {
  if (!isDecimalString(value)) throw new Error(`cannot convert "${value}": not a decimal number`);
  if (!canConvert(from, to)) throw new UnitConversionError(from, to);
  if (from === to) return value;
  return shiftDecimal(value, SCALE[from].exponent - SCALE[to].exponent);
}

/** Spellings seen on certificates and exports, compared with whitespace removed and lower-cased. */
const SPELLINGS: Readonly<Record<string, Unit>> = {
  '%': '%',
  '%w/w': '%',
  'w/w%': '%',
  'wt%': '%',
  'wt.%': '%',
  'weight%': '%',
  percent: '%',
  'mg/g': 'mg/g',
  'ug/g': 'ug/g',
  ppm: 'ppm',
  'mg/kg': 'mg/kg',
  'ug/kg': 'ug/kg',
  ppb: 'ppb',
  'ng/g': 'ng/g',
  'ng/ml': 'ng/mL',
  'ug/l': 'ug/L',
  'ug/ml': 'ug/mL',
  'mg/l': 'mg/L',
  'ng/ul': 'ng/uL',
  'mg/ml': 'mg/mL',
  'cfu/g': 'CFU/g',
  'cfu/gram': 'CFU/g',
  aw: 'aw',
  a_w: 'aw',
  'mg/serving': 'mg/serving',
  'mg/serv': 'mg/serving',
  'mg/unit': 'mg/unit',
  'mg/package': 'mg/package',
  'mg/pkg': 'mg/package',
  'mg/container': 'mg/package',
};

function lookupSpelling(text: string): Unit | null {
  const key = text
    .toLowerCase()
    .replace(/[\u03bc\u00b5]/g, 'u')
    .replace(/mcg/g, 'ug')
    .replace(/\s+/g, '');
  return SPELLINGS[key] ?? null;
}

/**
 * Reads a printed unit: "ug/g", "µg/g", "μg/g" (either micro sign), "PPM", "% w/w", "CFU/g", "Aw",
 * "(ppm)", and "µg/g (ppm)" when the parenthesis restates the same scale. Null when not a unit.
 */
export function parseUnit(text: string): Unit | null {
  let t = text.normalize('NFKC').trim();
  const wrapped = /^[([](.*)[)\]]$/.exec(t);
  if (wrapped) t = wrapped[1].trim();
  if (t === '') return null;
  const whole = lookupSpelling(t) ?? lookupSpelling(t.replace(/[()]/g, ''));
  if (whole) return whole;
  const withNote = /^(.*?)\s*\(([^()]*)\)$/.exec(t);
  if (!withNote) return null;
  const head = lookupSpelling(withNote[1]);
  const note = withNote[2].trim();
  if (!head) return null;
  if (/^w\s*\/\s*w$/i.test(note)) return head;
  const restated = lookupSpelling(note);
  if (restated && SCALE[restated].dimension === SCALE[head].dimension && SCALE[restated].exponent === SCALE[head].exponent) {
    return head;
  }
  return null;
}
