import {
  Dec,
  NON_DETECTS,
  canConvert,
  computeTotal,
  convertValue,
  formatDec,
  getAnalyte,
  parseDecimal,
  parseUnit,
  toDec,
  type NormalizedResult,
  type Unit,
} from '../catalog';
import type { EvaluationCheck, LabelClaim, ProductContext } from './evaluation';
import type { LimitTable } from './limit-table.schemas';

type Amount = { exact: InstanceType<typeof Dec>; upperBoundOnly: boolean };

/** The result for an analyte: the source's own, else one computed from its terms when it is a sum. */
function measuredResult(results: readonly NormalizedResult[], key: string): NormalizedResult | null {
  const own = results.find((r) => r.analyte === key && !r.derived) ?? results.find((r) => r.analyte === key);
  if (own) return own;
  return getAnalyte(key)?.summedFrom ? (computeTotal(key, results)?.result ?? null) : null;
}

/** A measured amount in the canonical unit: a number, 0 for a non-detect, the LOQ as an upper bound for <LOQ. */
function measuredAmount(r: NormalizedResult): Amount | string {
  if (r.value !== null) return { exact: toDec(r.value), upperBoundOnly: false };
  if (r.qualifier !== null && NON_DETECTS.includes(r.qualifier)) return { exact: new Dec(0), upperBoundOnly: false };
  if (r.qualifier === '<LOQ' && r.loq !== null) return { exact: toDec(r.loq), upperBoundOnly: true };
  return `the result is ${r.qualifier ?? 'missing'}`;
}

/** mg of analyte in one serving from a % (w/w) result: % × 10 mg/g × grams per serving. */
function mgPerServing(percent: InstanceType<typeof Dec>, grams: string): InstanceType<typeof Dec> {
  return percent.times(10).times(toDec(grams));
}

function readPositive(text: string | undefined): string | null {
  const v = text === undefined ? null : parseDecimal(text);
  return v !== null && toDec(v).greaterThan(0) ? v : null;
}

const show = (d: InstanceType<typeof Dec>, places = 2) => formatDec(d, places);

/** Measured potency as a percentage of each label claim, within the table's tolerance for the type of use. */
export function labelClaimChecks(
  results: readonly NormalizedResult[],
  table: LimitTable,
  product: ProductContext,
): EvaluationCheck[] {
  const use = product.typeOfUse ?? 'adult_use';
  const range = table.labelClaimTolerance[use];
  return (product.labelClaims ?? []).map((claim) => labelClaimCheck(claim, results, range, use, product));
}

function labelClaimCheck(
  claim: LabelClaim,
  results: readonly NormalizedResult[],
  range: { minPercent: string; maxPercent: string },
  use: string,
  product: ProductContext,
): EvaluationCheck {
  const unchecked = (why: string): EvaluationCheck => ({
    kind: 'label_claim',
    analyte: claim.analyte,
    ok: false,
    status: 'unchecked',
    message: `${claim.analyte}: label claim not checked: ${why}`,
  });
  const analyte = getAnalyte(claim.analyte);
  if (!analyte) return unchecked(`unknown analyte key "${claim.analyte}"`);
  const claimed = readPositive(claim.value);
  if (claimed === null) return unchecked(`claimed value "${claim.value}" is not a positive number`);
  const unit = parseUnit(claim.unit);
  if (unit === null) return unchecked(`"${claim.unit}" is not a unit`);
  const r = measuredResult(results, claim.analyte);
  if (!r) return unchecked('no result for it');
  const amount = measuredAmount(r);
  if (typeof amount === 'string') return unchecked(amount);
  const inClaimUnit = toClaimUnit(amount.exact, analyte.unit, unit, product);
  if (typeof inClaimUnit === 'string') return unchecked(inClaimUnit);

  const percent = inClaimUnit.div(toDec(claimed)).times(100);
  const below = percent.lessThan(toDec(range.minPercent));
  const above = percent.greaterThan(toDec(range.maxPercent));
  const within = !below && !above;
  const status = amount.upperBoundOnly ? (below ? 'fail' : 'unchecked') : within ? 'pass' : 'fail';
  const measured = `${amount.upperBoundOnly ? '<' : ''}${show(inClaimUnit, 4)}`;
  return {
    kind: 'label_claim',
    analyte: claim.analyte,
    ok: status === 'pass',
    status,
    measured,
    claimed,
    percentOfClaim: show(percent, 2),
    message:
      `${claim.analyte}: measured ${measured} ${unit} is ${amount.upperBoundOnly ? 'below ' : ''}${show(percent, 2)} % of the labelled ${claimed} ${unit} ` +
      `(${use.replace('_', ' ')} allows ${range.minPercent}–${range.maxPercent} %)`,
  };
}

function toClaimUnit(
  canonical: InstanceType<typeof Dec>,
  from: Unit,
  to: Unit,
  product: ProductContext,
): InstanceType<typeof Dec> | string {
  if (canConvert(from, to)) return toDec(convertValue(formatDec(canonical, canonical.decimalPlaces()), from, to));
  if (from !== '%') return `a ${from} result cannot be expressed in ${to}`;
  const grams = readPositive(product.unitMassGrams);
  const servings = readPositive(product.servingsPerPackage);
  if (to === 'mg/serving' || to === 'mg/unit') {
    return grams === null ? 'the serving mass (unitMassGrams) was not given' : mgPerServing(canonical, grams);
  }
  if (to === 'mg/package') {
    if (grams === null || servings === null) return 'the serving mass and servings per package were not both given';
    return mgPerServing(canonical, grams).times(toDec(servings));
  }
  return `a claim in ${to} cannot be compared with a result in ${from}`;
}

/** Edible dose caps (mg per serving and per package) when the table has them for this product type. */
export function doseCapChecks(
  results: readonly NormalizedResult[],
  table: LimitTable,
  product: ProductContext,
): EvaluationCheck[] {
  const caps = table.edibleCaps;
  if (!caps || !caps.productTypes.includes(product.productType)) return [];
  const r = measuredResult(results, caps.analyte);
  const amount = r ? measuredAmount(r) : `no ${caps.analyte} result`;
  if (typeof amount === 'string') {
    return [
      capCheck('serving_cap', caps.analyte, caps.perServing.maxMg, 'serving', amount),
      capCheck('package_cap', caps.analyte, caps.perPackage.maxMg, 'package', amount),
    ];
  }
  const grams = readPositive(product.unitMassGrams);
  const servings = readPositive(product.servingsPerPackage);
  const perServing = grams === null ? 'the serving mass (unitMassGrams) was not given' : mgPerServing(amount.exact, grams);
  const perPackage =
    typeof perServing === 'string'
      ? perServing
      : servings === null
        ? 'servings per package were not given'
        : perServing.times(toDec(servings));
  return [
    capCheck('serving_cap', caps.analyte, caps.perServing.maxMg, 'serving', perServing, amount.upperBoundOnly),
    capCheck('package_cap', caps.analyte, caps.perPackage.maxMg, 'package', perPackage, amount.upperBoundOnly),
  ];
}

/** `mg` is the amount per serving or package, or why it could not be worked out. */
function capCheck(
  kind: 'serving_cap' | 'package_cap',
  analyte: string,
  maxMg: string,
  per: string,
  mg: InstanceType<typeof Dec> | string,
  upperBoundOnly = false,
): EvaluationCheck {
  if (typeof mg === 'string') {
    return {
      kind,
      analyte,
      ok: false,
      status: 'unchecked',
      limit: maxMg,
      message: `${analyte} per ${per} not checked against ${maxMg} mg: ${mg}`,
    };
  }
  const within = mg.lessThanOrEqualTo(toDec(maxMg));
  // An upper bound (from a <LOQ result) above the cap shows nothing either way.
  const status = within ? 'pass' : upperBoundOnly ? 'unchecked' : 'fail';
  const measured = `${upperBoundOnly ? '<' : ''}${show(mg)}`;
  return {
    kind,
    analyte,
    ok: status === 'pass',
    status,
    measured,
    limit: maxMg,
    message: `${analyte}: ${measured} mg per ${per} (cap ${maxMg} mg)`,
  };
}
