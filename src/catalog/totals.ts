import { ANALYTES, getAnalyte } from './analyte-catalog';
import { Dec, decimalPlaces, formatDec, formatExact, toDec } from './decimal';
import type { NormalizedResult } from './normalize-result';
import { NON_DETECTS, type Qualifier } from './qualifier';

export interface TotalTerm {
  analyte: string;
  factor: string;
  value: string | null;
  qualifier: Qualifier | null;
  loq: string | null;
}

export interface TotalComputation {
  analyte: string;
  /** The derived result, rounded half-up to the most decimals any quantified term was reported with. */
  result: NormalizedResult;
  /** The unrounded sum, with at least the terms' decimals; null when the total is a qualifier. */
  exact: string | null;
  /**
   * How far the sum of the printed terms can be from the sum of the unrounded ones: for each quantified
   * term |factor| × half a unit in its last printed place, for each `<LOQ` term |factor| × its LOQ.
   */
  roundingTolerance: string;
  terms: TotalTerm[];
  /** Constituents left out because they were not tested or not reported (NT, NR). */
  omitted: string[];
}

/** Qualifiers that say nothing usable about a quantity, so a sum over them cannot be formed. */
const UNSUMMABLE: readonly Qualifier[] = ['>ULOQ', 'TNTC', 'PRESENT', 'TIC', 'NA'];

/**
 * Computes one summed analyte (total THC, total aflatoxins, "Butanes"…) from the results given.
 * A non-detect or `<LOQ` term counts as 0; a sum with no quantified term is the qualifier `ND` (or
 * `<LOQ` when something was detected below the LOQ), never 0. NT/NR terms are left out (and listed in
 * `omitted`), as certificates do. A constituent that is itself a sum is skipped when its own
 * constituents are present, so nothing is counted twice. Returns null when no constituent is present
 * or one cannot be summed (`>ULOQ`, `TNTC`, `PRESENT`, `TIC`, `NA`). Derived results are ignored as input.
 */
export function computeTotal(totalKey: string, results: readonly NormalizedResult[]): TotalComputation | null {
  return totalOf(totalKey, measuredByAnalyte(results));
}

function measuredByAnalyte(results: readonly NormalizedResult[]): Map<string, NormalizedResult> {
  const byKey = new Map<string, NormalizedResult>();
  for (const r of results) if (!r.derived && !byKey.has(r.analyte)) byKey.set(r.analyte, r);
  return byKey;
}

function totalOf(totalKey: string, byKey: ReadonlyMap<string, NormalizedResult>): TotalComputation | null {
  const total = getAnalyte(totalKey);
  if (!total?.summedFrom) throw new Error(`${totalKey} is not a summed analyte`);
  const keys = total.summedFrom.filter((k) => byKey.has(k) && !getAnalyte(k)?.summedFrom?.some((c) => byKey.has(c)));
  if (keys.length === 0) return null;

  const terms: TotalTerm[] = [];
  const omitted: string[] = [];
  let sum = new Dec(0);
  let tolerance = new Dec(0);
  let places = 0;
  let quantified = 0;
  let belowLoq = false;
  let loqBound: InstanceType<typeof Dec> | null = new Dec(0);
  for (const key of keys) {
    const r = byKey.get(key) as NormalizedResult;
    if (r.unit !== total.unit) throw new Error(`${key} is in ${r.unit}, ${totalKey} in ${total.unit}`);
    if (r.qualifier === 'NT' || r.qualifier === 'NR') {
      omitted.push(key);
      continue;
    }
    if (r.qualifier !== null && UNSUMMABLE.includes(r.qualifier)) return null;
    const factor = total.factors?.[key] ?? '1';
    const f = toDec(factor).abs();
    terms.push({ analyte: key, factor, value: r.value, qualifier: r.qualifier, loq: r.loq });
    if (r.value !== null) {
      sum = sum.plus(toDec(factor).times(toDec(r.value)));
      tolerance = tolerance.plus(f.times(halfUnit(r.value)));
      places = Math.max(places, decimalPlaces(r.value));
      quantified++;
    } else if (r.qualifier === '<LOQ') {
      belowLoq = true;
      if (r.loq !== null) {
        tolerance = tolerance.plus(f.times(toDec(r.loq)));
        loqBound = loqBound?.plus(f.times(toDec(r.loq))) ?? null;
      } else {
        loqBound = null;
      }
    } else if (r.qualifier === null || !NON_DETECTS.includes(r.qualifier)) {
      throw new Error(`${key}: a result needs a value or a qualifier`);
    }
  }
  if (terms.length === 0) return null;

  const exact = quantified > 0 ? formatDec(sum, Math.max(places, sum.decimalPlaces())) : null;
  const value = quantified > 0 ? formatDec(sum, places) : null;
  const qualifier: Qualifier | null = quantified > 0 ? null : belowLoq ? '<LOQ' : 'ND';
  const loq = qualifier === '<LOQ' && loqBound ? formatExact(loqBound) : null;
  return {
    analyte: totalKey,
    exact,
    roundingTolerance: formatExact(tolerance),
    terms,
    omitted,
    result: {
      panel: total.panel,
      analyte: total.key,
      name: total.name,
      value,
      qualifier,
      unit: total.unit,
      reportedValue: value ?? (qualifier as string),
      reportedUnit: total.unit,
      loq,
      limit: null,
      limitText: null,
      derived: true,
    },
  };
}

function halfUnit(value: string): InstanceType<typeof Dec> {
  return new Dec(`5e-${decimalPlaces(value) + 1}`);
}

const SUMMED = ANALYTES.filter((a) => a.summedFrom);

/**
 * Every summed analyte that can be computed from `results` (totals, summed solvents and summed
 * pesticides), marked `derived`. Sums the source printed itself are computed too, for comparison;
 * which one to keep is the caller's choice.
 */
export function computeTotals(results: readonly NormalizedResult[]): NormalizedResult[] {
  const out: NormalizedResult[] = [];
  const byKey = measuredByAnalyte(results);
  for (const analyte of SUMMED) {
    const computed = totalOf(analyte.key, byKey);
    if (computed) out.push(computed.result);
  }
  return out;
}

export interface TotalComparison {
  ok: boolean;
  /** printed − computed, exact. */
  difference: string;
  tolerance: string;
}

/**
 * Compares a printed total with the computed one. They agree when they differ by no more than the
 * tolerance. By default that is one unit in the printed total's last place: half a unit for the
 * printed total's own rounding and half for its terms, printed to the same precision. Pass the
 * tolerance `computeTotal` works out when the terms' precision is known.
 */
export function compareTotal(printed: string, computed: string, reportedDecimals: number, tolerance?: string): TotalComparison {
  const difference = toDec(printed).minus(toDec(computed));
  const allowed = tolerance ?? formatExact(new Dec(10).pow(-reportedDecimals));
  return {
    ok: difference.abs().lessThanOrEqualTo(toDec(allowed)),
    difference: formatExact(difference),
    tolerance: allowed,
  };
}
