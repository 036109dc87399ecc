import { parseDecimal } from './decimal';
import type { PanelKey } from './panel';
import { parseQualifier, type Qualifier } from './qualifier';
import { resolveAnalyte, type AnalyteCandidate, type AnalyteResolver } from './resolve-analyte';
import { canConvert, convertValue, parseUnit, type CanonicalUnit, type Unit } from './unit';

/** One result in catalog terms: canonical key, canonical unit, the printed value and unit kept beside. */
export interface NormalizedResult {
  panel: PanelKey;
  analyte: string;
  name: string;
  /** Decimal string in `unit`, keeping the reported precision; null when qualified. */
  value: string | null;
  qualifier: Qualifier | null;
  unit: CanonicalUnit;
  /** The value text exactly as printed ("26.82", "ND", "1.8960%"). */
  reportedValue: string;
  /** The unit text exactly as printed ("PPM", "µg/g"). */
  reportedUnit: string;
  /** LOQ in `unit`; for `<LOQ` / `>ULOQ` results the printed bound. */
  loq: string | null;
  /** Numeric limit in `unit` as printed by the source. */
  limit: string | null;
  /** A limit printed in words ("Absent", "N/A", "<1 CFU/g"). */
  limitText: string | null;
  /** Set on totals computed by the catalog rather than read from a source. */
  derived?: boolean;
}

export interface RawResultInput {
  name: string;
  valueText: string;
  unitText?: string;
  loqText?: string;
  limitText?: string;
  panelHint?: string;
  decimalComma?: boolean;
}

export type NormalizeProblem = 'unknown_analyte' | 'bad_value' | 'bad_unit' | 'incompatible_unit';

export type NormalizeResultOutcome =
  | { ok: true; result: NormalizedResult }
  | { ok: false; problem: NormalizeProblem; message: string; candidates?: AnalyteCandidate[] };

/** A number, optionally preceded by < > ≤ ≥ and followed by a unit: "0.43 aw", "<0.02", "15.0 %". */
const QUANTITY = /^([<>≤≥]=?)?\s*([+-]?(?:\d[\d.,\s]*\d|\d|[.,]\d+)(?:[eE][+-]?\d{1,3})?)\s*(.*)$/;

interface Quantity {
  comparator: string | null;
  value: string;
  unit: Unit | null;
}

/** Reads number text with an optional trailing unit; null when it is not exactly that. */
function readQuantity(text: string, decimalComma: boolean): Quantity | null {
  const m = QUANTITY.exec(powerOfTen(text.normalize('NFKC').trim()));
  if (!m) return null;
  const value = parseDecimal(m[2], { decimalComma });
  if (value === null) return null;
  const unitText = m[3].trim();
  const unit = unitText === '' ? null : parseUnit(unitText);
  if (unitText !== '' && unit === null) return null;
  return { comparator: m[1] ?? null, value, unit };
}

/** A power of ten as certificates print it, a superscript read as "^": "10^5", "1.5 x 10^3". */
const POWER_OF_TEN = /^([<>≤≥]=?\s*)?(?:(\d+(?:\.\d+)?)\s*[x×*]\s*)?10\^([+-]?\d{1,3})(?!\d)/;

/** "10^5 CFU/g" → "1e5 CFU/g", "1.5 x 10^3" → "1.5e3": the notation `parseDecimal` reads exactly. */
function powerOfTen(text: string): string {
  return text.replace(
    POWER_OF_TEN,
    (_, comparator: string | undefined, mantissa: string | undefined, exponent: string) =>
      `${comparator ?? ''}${mantissa ?? '1'}e${exponent}`,
  );
}

const EMPTY_LIMIT = /^(|-|none)$/i;

/**
 * Turns one printed row into a NormalizedResult: resolves the analyte, reads the value (number or
 * qualifier, never both), converts value, LOQ and numeric limit to the analyte's canonical unit, keeps
 * what was printed. Refuses rather than guesses: an unknown name, a value that is neither a number nor
 * a qualifier, a negative concentration, a missing or unknown unit, or a unit of another dimension.
 * `opts.resolve` lets a caller reuse answers across rows; `opts.suggest: false` leaves candidates out.
 */
export function normalizeResult(
  raw: RawResultInput,
  opts: { resolve?: AnalyteResolver; suggest?: boolean } = {},
): NormalizeResultOutcome {
  const resolve = opts.resolve ?? resolveAnalyte;
  const resolved = resolve(raw.name, { panelHint: raw.panelHint, ...(opts.suggest === false ? { suggest: false } : {}) });
  if (!resolved.ok) {
    const why =
      resolved.reason === 'internal_standard'
        ? 'is an internal standard, not a result'
        : `is not a known analyte${resolved.reason === 'ambiguous' ? ' (ambiguous)' : ''}`;
    return { ok: false, problem: 'unknown_analyte', message: `"${raw.name}" ${why}`, candidates: resolved.candidates };
  }
  const analyte = resolved.analyte;
  const decimalComma = raw.decimalComma === true;

  const unitText = raw.unitText?.trim() ?? '';
  if (unitText === '') return { ok: false, problem: 'bad_unit', message: `no unit given for "${raw.name}"` };
  const unit = parseUnit(unitText);
  if (unit === null) return { ok: false, problem: 'bad_unit', message: `"${unitText}" is not a unit (${raw.name})` };
  if (!canConvert(unit, analyte.unit)) {
    return {
      ok: false,
      problem: 'incompatible_unit',
      message: `${raw.name} is reported in ${unitText}, which cannot be converted to ${analyte.unit}`,
    };
  }

  const valueText = raw.valueText.trim();
  let value: string | null = null;
  let qualifier: Qualifier | null = null;
  let bound: string | null = null;
  const quantity = readQuantity(valueText, decimalComma);
  if (quantity && quantity.comparator === null) {
    if (quantity.unit && quantity.unit !== unit) {
      return { ok: false, problem: 'bad_unit', message: `value "${valueText}" carries a unit other than ${unitText}` };
    }
    if (quantity.value.startsWith('-')) {
      return {
        ok: false,
        problem: 'bad_value',
        message: `${raw.name}: negative concentration ${valueText}; report it as a qualifier (ND, <LOD) explicitly`,
      };
    }
    value = convertValue(quantity.value, unit, analyte.unit);
  } else {
    qualifier = parseQualifier(valueText);
    if (qualifier === null && quantity?.comparator === '<') qualifier = '<LOQ';
    if (qualifier === null && quantity?.comparator === '>') qualifier = '>ULOQ';
    if (qualifier === null)
      return {
        ok: false,
        problem: 'bad_value',
        message: `${raw.name}: "${raw.valueText}" is neither a number nor a known qualifier`,
      };
    if (quantity && (qualifier === '<LOQ' || qualifier === '>ULOQ')) {
      const from = quantity.unit ?? unit;
      if (!canConvert(from, analyte.unit))
        return { ok: false, problem: 'incompatible_unit', message: `${raw.name}: bound "${valueText}" is in ${from}` };
      bound = convertValue(quantity.value, from, analyte.unit);
    }
  }

  let loq: string | null = bound;
  const loqText = raw.loqText?.trim() ?? '';
  // An LOQ column saying "N/A" or "NR" gives no LOQ; it does not make the row invalid.
  const loqIsWords = parseQualifier(loqText) !== null && !/^[<>]/.test(loqText);
  if (loq === null && loqText !== '' && !loqIsWords) {
    const q = readQuantity(loqText, decimalComma);
    if (!q || q.comparator !== null)
      return { ok: false, problem: 'bad_value', message: `${raw.name}: LOQ "${raw.loqText}" is not a number` };
    const from = q.unit ?? unit;
    if (!canConvert(from, analyte.unit))
      return { ok: false, problem: 'incompatible_unit', message: `${raw.name}: LOQ "${raw.loqText}" is in ${from}` };
    loq = convertValue(q.value, from, analyte.unit);
  }

  let limit: string | null = null;
  let limitText: string | null = null;
  const printedLimit = raw.limitText?.trim() ?? '';
  if (!EMPTY_LIMIT.test(printedLimit)) {
    const q = readQuantity(printedLimit, decimalComma);
    const from = q?.unit ?? unit;
    if (q && q.comparator === null && canConvert(from, analyte.unit)) limit = convertValue(q.value, from, analyte.unit);
    else limitText = printedLimit;
  }

  return {
    ok: true,
    result: {
      panel: analyte.panel,
      analyte: analyte.key,
      name: raw.name.trim(),
      value,
      qualifier,
      unit: analyte.unit,
      reportedValue: valueText,
      reportedUnit: unitText,
      loq,
      limit,
      limitText,
    },
  };
}
