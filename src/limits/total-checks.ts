import {
  Dec,
  NON_DETECTS,
  compareTotal,
  computeTotal,
  decimalPlaces,
  formatExact,
  getAnalyte,
  toDec,
  type NormalizedResult,
} from '../catalog';
import type { EvaluationCheck } from './evaluation';

function halfUnit(value: string): string {
  return formatExact(new Dec(5).times(new Dec(10).pow(-decimalPlaces(value) - 1)));
}

/**
 * Compares every total or sum the source printed with the one computed from its printed terms. The
 * tolerance is what rounding alone explains: half a unit in the printed total's last place plus each
 * term's own rounding (see `computeTotal`). A mismatch needs a reviewer; it is not a failed limit.
 */
export function totalMismatchChecks(results: readonly NormalizedResult[]): EvaluationCheck[] {
  const checks: EvaluationCheck[] = [];
  for (const printed of results) {
    if (printed.derived || !getAnalyte(printed.analyte)?.summedFrom) continue;
    if (printed.qualifier === 'NT' || printed.qualifier === 'NR') continue;
    const computed = computeTotal(printed.analyte, results);
    if (!computed) continue;
    const shown = printed.value !== null ? `${printed.value} ${printed.unit}` : String(printed.qualifier);
    const calc = computed.exact !== null ? `${computed.exact} ${printed.unit}` : String(computed.result.qualifier);
    const base = {
      kind: 'total_mismatch' as const,
      analyte: printed.analyte,
      printed: printed.value ?? String(printed.qualifier),
      computed: computed.exact ?? String(computed.result.qualifier),
    };

    if (printed.value !== null) {
      const tolerance = formatExact(
        toDec(halfUnit(printed.value))
          .plus(toDec(computed.roundingTolerance))
          .plus(toDec(computed.result.loq ?? '0')),
      );
      const cmp = compareTotal(printed.value, computed.exact ?? '0', decimalPlaces(printed.value), tolerance);
      checks.push({
        ...base,
        ok: cmp.ok,
        status: cmp.ok ? 'pass' : 'fail',
        difference: cmp.difference,
        tolerance: cmp.tolerance,
        message: `${printed.analyte}: printed ${shown}, computed ${calc} from its terms (difference ${cmp.difference}, rounding explains up to ${cmp.tolerance})`,
      });
      continue;
    }
    const printedNonDetect =
      printed.qualifier !== null && (NON_DETECTS.includes(printed.qualifier) || printed.qualifier === '<LOQ');
    if (!printedNonDetect) continue;
    // A printed non-detect agrees with terms that sum to nothing beyond rounding (or below the printed LOQ).
    const allowed = toDec(computed.roundingTolerance).plus(toDec(printed.loq ?? '0'));
    const ok = computed.exact === null || toDec(computed.exact).lessThanOrEqualTo(allowed);
    checks.push({
      ...base,
      ok,
      status: ok ? 'pass' : 'fail',
      tolerance: formatExact(allowed),
      message: ok
        ? `${printed.analyte}: printed ${shown}, consistent with its terms (${calc})`
        : `${printed.analyte}: printed ${shown}, but its terms sum to ${calc}`,
    });
  }
  return checks;
}
