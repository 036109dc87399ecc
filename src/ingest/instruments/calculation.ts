import Decimal from 'decimal.js';
import type { PendingCalculation, PrepData } from '../parsed-batch';
import { significantDigits } from './number-text';

/** Decimal arithmetic for results: 40 significant digits while computing, never binary floats. */
const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export type CalculationOperation = 'concentration_to_mass_fraction' | 'concentration_times_dilution_ratio';

export const OPERATION_INPUTS: Record<CalculationOperation, Array<keyof PrepData>> = {
  concentration_to_mass_fraction: ['mass', 'volume', 'dilution'],
  concentration_times_dilution_ratio: ['dilution'],
};

/** Concentration units in solution → factor to µg/mL. As measured units, ppm/ppb/ppt are per litre of solution. */
const TO_UG_PER_ML: Record<string, string> = {
  'ng/ul': '1',
  'ug/ml': '1',
  'mg/l': '1',
  ppm: '1',
  'ug/ul': '1000',
  'mg/ml': '1000',
  'g/l': '1000',
  'ug/l': '0.001',
  'ng/ml': '0.001',
  'pg/ul': '0.001',
  ppb: '0.001',
  'ng/l': '0.000001',
  'pg/ml': '0.000001',
  ppt: '0.000001',
};

/** Mass-fraction units → factor to µg/g. As result units, ppm/ppb are per mass of sample. */
const TO_UG_PER_G: Record<string, string> = {
  'ug/g': '1',
  'mg/kg': '1',
  ppm: '1',
  'mg/g': '1000',
  '%': '10000',
  'ug/kg': '0.001',
  'ng/g': '0.001',
  ppb: '0.001',
};

/** "µg/mL", "μg/ml", "ug / mL", "mcg/mL" → "ug/ml". */
export function unitKey(unit: string): string {
  return unit
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[µμ]/g, 'u')
    .replace(/^mcg\//, 'ug/');
}

export function isConcentrationUnit(unit: string): boolean {
  return unitKey(unit) in TO_UG_PER_ML;
}

/** A measured unit that is already a mass fraction needs no calculation (ppm/ppb excluded: in solution). */
export function isMassFractionUnit(unit: string): boolean {
  const key = unitKey(unit);
  return key in TO_UG_PER_G && key !== 'ppm' && key !== 'ppb';
}

export function missingInputs(operation: CalculationOperation, inputs: PrepData): Array<keyof PrepData> {
  return OPERATION_INPUTS[operation].filter((name) => !isPositive(inputs[name]));
}

export function isPositive(text: string | undefined): text is string {
  if (text === undefined || !/^\d*\.?\d+([eE][+-]?\d+)?$/.test(text.trim())) return false;
  return new Dec(text.trim()).gt(0);
}

/**
 * The final result from a measured concentration and prep data:
 * - concentration_to_mass_fraction: C × V × D / m (C in solution, V in mL, m in g) → µg/g;
 * - concentration_times_dilution_ratio: C × R (R in mL of solution per g of sample) → µg/g;
 * then converted to `resultUnit`. Precision rule: the result keeps as many significant digits as the
 * measured value printed (half-up rounding), trailing zeros included, never in exponent notation.
 */
export function computeFinal(
  operation: CalculationOperation,
  measured: string,
  measuredUnit: string,
  inputs: PrepData,
  resultUnit: string,
): { valueText: string; unitText: string } {
  const toUgPerMl = TO_UG_PER_ML[unitKey(measuredUnit)];
  const fromUgPerG = TO_UG_PER_G[unitKey(resultUnit)];
  if (toUgPerMl === undefined) throw new Error(`"${measuredUnit}" is not a concentration unit the calculation knows`);
  if (fromUgPerG === undefined) throw new Error(`"${resultUnit}" is not a mass-fraction unit the calculation knows`);
  const missing = missingInputs(operation, inputs);
  if (missing.length > 0) throw new CalculationIncomplete(missing);
  const concentration = new Dec(measured).times(toUgPerMl);
  const ugPerG =
    operation === 'concentration_to_mass_fraction'
      ? concentration
          .times(inputs.volume as string)
          .times(inputs.dilution as string)
          .dividedBy(inputs.mass as string)
      : concentration.times(inputs.dilution as string);
  return { valueText: roundLikeMeasured(ugPerG.dividedBy(fromUgPerG), measured), unitText: resultUnit };
}

/**
 * The arithmetic of `computeFinal` as a reviewer reads it after the printed value:
 * "× 102.5 mL/g ÷ 1000 = 0.0937 ug/g" (ppb in solution is µg/mL ÷ 1000), "× 25 mL × 2 ÷ 0.500 g = 6676 ug/g".
 */
export function describeCalculation(
  operation: CalculationOperation,
  measuredUnit: string,
  inputs: PrepData,
  final: { valueText: string; unitText: string },
): string {
  const steps: string[] = [];
  if (operation === 'concentration_to_mass_fraction') {
    steps.push(`× ${inputs.volume} mL`);
    if (inputs.dilution !== undefined && !new Dec(inputs.dilution).eq(1)) steps.push(`× ${inputs.dilution}`);
    steps.push(`÷ ${inputs.mass} g`);
  } else steps.push(`× ${inputs.dilution} mL/g`);
  const factor = new Dec(TO_UG_PER_ML[unitKey(measuredUnit)] ?? '1').dividedBy(TO_UG_PER_G[unitKey(final.unitText)] ?? '1');
  if (factor.gt(1)) steps.push(`× ${factor.toString()}`);
  if (factor.lt(1)) steps.push(`÷ ${new Dec(1).dividedBy(factor).toString()}`);
  return `${steps.join(' ')} = ${final.valueText} ${final.unitText}`;
}

/** Finishes a pending calculation with prep data registered on the sample; inputs the file gave win. */
export function completeCalculation(
  pending: PendingCalculation,
  prep: PrepData,
): { valueText: string; unitText: string; computation: string } {
  const inputs: PrepData = {};
  for (const name of ['mass', 'volume', 'dilution'] as const) {
    const value = pending.inputs[name] ?? prep[name];
    if (value !== undefined) inputs[name] = value;
  }
  if (!(pending.operation in OPERATION_INPUTS)) throw new Error(`unknown calculation operation "${pending.operation}"`);
  const operation = pending.operation as CalculationOperation;
  const final = computeFinal(operation, pending.measured, pending.measuredUnit, inputs, pending.resultUnit);
  return { ...final, computation: describeCalculation(operation, pending.measuredUnit, inputs, final) };
}

export class CalculationIncomplete extends Error {
  constructor(readonly missing: Array<keyof PrepData>) {
    super(`the calculation still needs ${missing.join(', ')}`);
    this.name = 'CalculationIncomplete';
  }
}

function roundLikeMeasured(value: Decimal, measured: string): string {
  const digits = significantDigits(measured);
  const rounded = value.toSignificantDigits(digits, Decimal.ROUND_HALF_UP);
  if (rounded.isZero()) return '0';
  const decimals = Math.max(0, digits - 1 - rounded.e);
  return rounded.toFixed(decimals);
}
