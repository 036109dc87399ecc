import type { PendingCalculation } from '../parsed-batch';
import {
  CalculationIncomplete,
  completeCalculation,
  computeFinal,
  describeCalculation,
  isConcentrationUnit,
  isMassFractionUnit,
} from './calculation';

describe('final result from a measured concentration', () => {
  it.each([
    ['ng/µL, 0.2 g in 10 mL', '21.87', 'ng/ul', { mass: '0.2', volume: '10', dilution: '1' }, 'ug/g', '1094'],
    ['µg/mL to %', '21.87', 'µg/mL', { mass: '0.2', volume: '10', dilution: '1' }, '%', '0.1094'],
    ['µg/mL to mg/g', '21.87', 'ug/mL', { mass: '0.2', volume: '10', dilution: '2' }, 'mg/g', '2.187'],
    ['ppb in solution', '0.412', 'ppb', { mass: '0.25', volume: '50', dilution: '1' }, 'ug/g', '0.0824'],
    ['mg/L with dilution 10', '0.0320', 'mg/L', { mass: '0.5', volume: '25', dilution: '10' }, 'mg/kg', '16.0'],
    ['a negative reading stays negative', '-0.005', 'ug/L', { mass: '0.1', volume: '50', dilution: '1' }, 'ug/g', '-0.003'],
    ['zero stays zero', '0.000', 'ug/mL', { mass: '0.1', volume: '50', dilution: '1' }, 'ug/g', '0'],
  ] as const)('C × V × D / m: %s', (_name, measured, unit, inputs, resultUnit, expected) => {
    expect(computeFinal('concentration_to_mass_fraction', measured, unit, inputs, resultUnit)).toEqual({
      valueText: expected,
      unitText: resultUnit,
    });
  });

  it.each([
    ['0.914', '102.5', '0.0937'],
    ['0.94', '93.99981675', '0.088'],
    ['1.051', '94.10218309', '0.09890'],
    ['-0.005', '387.8140244', '-0.002'],
  ])('C × R: %s ppb with a dilution ratio of %s mL/g gives %s ug/g (digits of the measurement)', (measured, ratio, expected) => {
    expect(computeFinal('concentration_times_dilution_ratio', measured, 'ppb', { dilution: ratio }, 'ug/g').valueText).toBe(
      expected,
    );
  });

  it('computes in decimals, never binary floats (0.1 × 3 / 0.3)', () => {
    expect(
      computeFinal('concentration_to_mass_fraction', '0.10', 'ug/mL', { mass: '0.3', volume: '3', dilution: '1' }, 'ug/g')
        .valueText,
    ).toBe('1.0');
  });

  it('refuses to compute while an input is missing or not positive', () => {
    const compute = () => computeFinal('concentration_to_mass_fraction', '1.0', 'ug/mL', { mass: '0', volume: '10' }, 'ug/g');

    expect(compute).toThrow(CalculationIncomplete);
    expect(compute).toThrow('mass, dilution');
  });
});

describe('finishing a pending calculation with prep data registered on the sample', () => {
  const pending: PendingCalculation = {
    operation: 'concentration_to_mass_fraction',
    measured: '0.512',
    measuredUnit: 'ng/ul',
    inputs: { dilution: '2' },
    resultUnit: 'ug/g',
    missing: ['mass', 'volume'],
  };

  it('fills the missing inputs from the sample', () => {
    expect(completeCalculation(pending, { mass: '0.2', volume: '10' })).toEqual({
      valueText: '51.2',
      unitText: 'ug/g',
      computation: '× 10 mL × 2 ÷ 0.2 g = 51.2 ug/g',
    });
  });

  it('keeps the inputs the file gave over the sample registration', () => {
    expect(completeCalculation(pending, { mass: '0.2', volume: '10', dilution: '1' }).valueText).toBe('51.2');
  });

  it('still refuses when the sample lacks an input', () => {
    expect(() => completeCalculation(pending, { mass: '0.2' })).toThrow(new CalculationIncomplete(['volume']));
  });
});

describe('units', () => {
  it.each(['ng/ul', 'ng/µL', 'μg/mL', 'ug / mL', 'mg/L', 'ppb', 'ppm', 'mcg/mL'])(
    '"%s" is a concentration in solution',
    (unit) => {
      expect(isConcentrationUnit(unit)).toBe(true);
    },
  );

  it.each(['mg/kg', 'µg/g', '%', 'mg/g'])('"%s" is already a mass fraction and needs no calculation', (unit) => {
    expect(isMassFractionUnit(unit)).toBe(true);
  });

  it.each(['ppm', 'ppb', 'Cq', 'CFU/g'])('"%s" is not treated as a final mass fraction', (unit) => {
    expect(isMassFractionUnit(unit)).toBe(false);
  });
});

describe('describing a calculation for the reviewer', () => {
  it('writes the steps after the printed value, with the unit factor', () => {
    const inputs = { dilution: '102.5' };
    const final = computeFinal('concentration_times_dilution_ratio', '0.914', 'ppb', inputs, 'ug/g');

    expect(describeCalculation('concentration_times_dilution_ratio', 'ppb', inputs, final)).toBe(
      '× 102.5 mL/g ÷ 1000 = 0.0937 ug/g',
    );
  });

  it('names volume, dilution and mass, leaving out a dilution of 1 and a factor of 1', () => {
    const diluted = { mass: '0.500', volume: '25', dilution: '2' };
    const plain = { mass: '0.5', volume: '25', dilution: '1' };

    expect(
      describeCalculation(
        'concentration_to_mass_fraction',
        'ug/mL',
        diluted,
        computeFinal('concentration_to_mass_fraction', '133.519', 'ug/mL', diluted, 'ug/g'),
      ),
    ).toBe('× 25 mL × 2 ÷ 0.500 g = 13351.9 ug/g');
    expect(
      describeCalculation(
        'concentration_to_mass_fraction',
        'ug/mL',
        plain,
        computeFinal('concentration_to_mass_fraction', '1.5', 'ug/mL', plain, '%'),
      ),
    ).toBe('× 25 mL ÷ 0.5 g ÷ 10000 = 0.0075 %');
  });
});
