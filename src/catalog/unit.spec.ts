import {
  CANONICAL_UNITS,
  PANEL_UNITS,
  UNITS,
  UnitConversionError,
  canConvert,
  convertValue,
  parseUnit,
  unitDimension,
  type Unit,
} from './unit';

describe('parseUnit', () => {
  it.each([
    ['ug/g', 'ug/g'],
    ['µg/g', 'ug/g'],
    ['μg/g', 'ug/g'],
    ['mcg/g', 'ug/g'],
    ['µg/g (ppm)', 'ug/g'],
    ['ppm', 'ppm'],
    ['PPM', 'ppm'],
    ['(ppm)', 'ppm'],
    ['mg/kg', 'mg/kg'],
    ['µg/kg', 'ug/kg'],
    ['ppb', 'ppb'],
    ['ng/g', 'ng/g'],
    ['%', '%'],
    ['% w/w', '%'],
    ['% (w/w)', '%'],
    ['wt%', '%'],
    ['mg/g', 'mg/g'],
    ['CFU/g', 'CFU/g'],
    ['cfu/g', 'CFU/g'],
    ['aw', 'aw'],
    ['Aw', 'aw'],
    ['ng/mL', 'ng/mL'],
    ['ng/ml', 'ng/mL'],
    ['µg/mL', 'ug/mL'],
    ['mg/L', 'mg/L'],
    ['µg/L', 'ug/L'],
    ['ng/µL', 'ng/uL'],
    ['ng/ul', 'ng/uL'],
    ['mg/mL', 'mg/mL'],
    ['mg/serving', 'mg/serving'],
    ['mg/unit', 'mg/unit'],
    ['mg/package', 'mg/package'],
  ])('reads %j as %s', (text, unit) => {
    expect(parseUnit(text)).toBe(unit);
  });

  it.each(['', 'cps', 'g', 'ppt', 'µg/g (ppb)', 'mg', 'units'])('does not read %j as a unit', (text) => {
    expect(parseUnit(text)).toBeNull();
  });

  it('stores every panel in a canonical unit', () => {
    for (const unit of Object.values(PANEL_UNITS)) expect(CANONICAL_UNITS).toContain(unit);
  });
});

/*
 * One quantity written in every unit of its dimension, by hand (not from the conversion table):
 * every ordered pair of units must turn the one into the other.
 */
const MASS_FRACTION: ReadonlyArray<readonly [Unit, string]> = [
  ['%', '1.5'],
  ['mg/g', '15'],
  ['ug/g', '15000'],
  ['ppm', '15000'],
  ['mg/kg', '15000'],
  ['ug/kg', '15000000'],
  ['ppb', '15000000'],
  ['ng/g', '15000000'],
];
const SOLUTION: ReadonlyArray<readonly [Unit, string]> = [
  ['ng/mL', '2500'],
  ['ug/L', '2500'],
  ['ug/mL', '2.5'],
  ['mg/L', '2.5'],
  ['ng/uL', '2.5'],
  ['mg/mL', '0.0025'],
];
const SELF_ONLY: ReadonlyArray<readonly [Unit, string]> = [
  ['CFU/g', '4500'],
  ['aw', '0.43'],
  ['mg/serving', '9.8'],
  ['mg/unit', '21.9'],
  ['mg/package', '98'],
];

const pairs = (row: ReadonlyArray<readonly [Unit, string]>) =>
  row.flatMap(([from, a]) => row.map(([to, b]) => [from, to, a, b] as const));

describe('convertValue', () => {
  it.each([...pairs(MASS_FRACTION), ...pairs(SOLUTION), ...SELF_ONLY.map(([u, v]) => [u, u, v, v] as const)])(
    'converts %s → %s (%s → %s)',
    (from, to, a, b) => {
      expect(Number(convertValue(a, from, to))).toBe(Number(b));
    },
  );

  it('covers every unit in the pair table', () => {
    const covered = [...MASS_FRACTION, ...SOLUTION, ...SELF_ONLY].map(([u]) => u).sort();
    expect(covered).toEqual([...UNITS].sort());
  });

  it.each([
    ['0.30', '%', 'mg/g', '3.0'],
    ['3.0', 'mg/g', '%', '0.30'],
    ['0.2', 'mg/g', '%', '0.02'],
    ['0.020', 'ug/g', 'ug/kg', '20'],
    ['20', 'ug/kg', 'ug/g', '0.020'],
    ['0.005', 'ug/g', 'ug/kg', '5'],
    ['9.2720', 'ppm', 'ug/g', '9.2720'],
    ['0.00022', '%', 'ug/g', '2.2'],
  ] as const)('keeps the printed precision: %s %s → %s %s', (value, from, to, expected) => {
    expect(convertValue(value, from, to)).toBe(expected);
  });

  const incompatible = [...MASS_FRACTION, ...SOLUTION, ...SELF_ONLY].flatMap(([from]) =>
    [...MASS_FRACTION, ...SOLUTION, ...SELF_ONLY]
      .filter(([to]) => unitDimension(to) !== unitDimension(from))
      .map(([to]) => [from, to] as const),
  );

  it.each(incompatible)('refuses %s → %s with a clear error', (from, to) => {
    expect(canConvert(from, to)).toBe(false);
    expect(() => convertValue('1', from, to)).toThrow(UnitConversionError);
    expect(() => convertValue('1', from, to)).toThrow(/cannot convert .* the units measure different things/);
  });

  it('names both units when refusing CFU/g → %', () => {
    expect(() => convertValue('10', 'CFU/g', '%')).toThrow('cannot convert CFU/g (colony count) to % (mass fraction)');
  });

  it('refuses a value that is not a decimal string', () => {
    expect(() => convertValue('ND', '%', 'mg/g')).toThrow(/not a decimal number/);
  });
});
