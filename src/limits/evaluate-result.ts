import { NON_DETECTS, compareDecimals, type NormalizedResult } from '../catalog';
import type { AppliedLimit, EvaluatedResult, ResultStatus } from './evaluation';
import { findLimitEntry, type ProductScope } from './find-limit';
import type { LimitEntry, LimitTable } from './limit-table.schemas';

type Judgement = { status: ResultStatus; why?: string };

/**
 * Evaluates one result against the table for a product. A result the source printed a different limit
 * for is still judged by the table's limit; the disagreement goes into `note` (e.g. a certificate
 * printing chromium 110 where the table has 1100).
 */
export function evaluateResult(result: NormalizedResult, table: LimitTable, product: ProductScope): EvaluatedResult {
  const entry = findLimitEntry(table, result.analyte, result.panel, product);
  const applied = entry && !entry.limitUnknown ? appliedLimit(entry, table, result) : null;
  const judgement = judge(result, entry, table, product);
  const notes = [judgement.why, printedLimitDisagreement(result, applied)].filter((n): n is string => !!n);
  return { ...result, status: judgement.status, appliedLimit: applied, ...(notes.length > 0 ? { note: notes.join('; ') } : {}) };
}

function judge(result: NormalizedResult, entry: LimitEntry | undefined, table: LimitTable, product: ProductScope): Judgement {
  if (result.qualifier === 'NT') return { status: 'not_tested' };
  if (!entry) {
    return {
      status: 'no_limit',
      why: `no limit loaded: ${table.id} has no limit for ${result.analyte} on ${product.productType.replace(/_/g, ' ')} (${product.route}, ${product.typeOfUse.replace('_', ' ')})`,
    };
  }
  if (entry.limitUnknown)
    return {
      status: 'no_limit',
      why: `no limit loaded: ${entry.note ?? 'a limit applies but its value was not found'} (${entry.source})`,
    };
  if (entry.reportOnly) return { status: 'report_only' };
  if (result.qualifier === 'NR') return { status: 'not_tested', why: 'not reported, though a limit applies' };
  if (entry.max !== undefined) return againstMax(result, entry.max);
  return againstAbsence(result, entry.mustBe === 'not_detected');
}

function againstMax(r: NormalizedResult, max: string): Judgement {
  if (r.value !== null) return { status: compareDecimals(r.value, max) <= 0 ? 'pass' : 'fail' };
  const q = r.qualifier;
  if (q !== null && NON_DETECTS.includes(q)) {
    return r.loq !== null && compareDecimals(r.loq, max) > 0
      ? { status: 'pass', why: `reported ${q}, but the LOQ ${r.loq} is above the limit ${max}` }
      : { status: 'pass' };
  }
  if (q === '<LOQ') {
    if (r.loq === null) return { status: 'indeterminate', why: 'below the LOQ, but no LOQ was given to compare with the limit' };
    return compareDecimals(r.loq, max) <= 0
      ? { status: 'pass' }
      : { status: 'indeterminate', why: `below the LOQ ${r.loq}, which is above the limit ${max}` };
  }
  if (q === '>ULOQ') {
    return r.loq !== null && compareDecimals(r.loq, max) >= 0
      ? { status: 'fail', why: `above the calibrated range ${r.loq}, which is at or above the limit ${max}` }
      : { status: 'indeterminate', why: 'above the calibrated range; the result cannot be compared with the limit' };
  }
  return { status: 'indeterminate', why: `a ${q} result cannot be compared with a numeric limit` };
}

function againstAbsence(r: NormalizedResult, notDetected: boolean): Judgement {
  if (r.value !== null) return { status: compareDecimals(r.value, '0') === 0 ? 'pass' : 'fail' };
  const q = r.qualifier;
  if (q !== null && NON_DETECTS.includes(q)) return { status: 'pass' };
  if (q === 'PRESENT' || q === 'TNTC' || q === '>ULOQ') return { status: 'fail' };
  if (q === '<LOQ') {
    // For a chemical "not detected" rule a trace is a detection; for a plate count "<10 CFU/g" is how
    // labs write that no colony grew, so it needs a reviewer rather than a verdict.
    return notDetected
      ? { status: 'fail', why: 'detected below the LOQ; the rule requires not detected' }
      : { status: 'indeterminate', why: 'below the quantitation limit: absence is not shown' };
  }
  return { status: 'indeterminate', why: `a ${q} result cannot show absence` };
}

const RULE_TEXT: Record<Exclude<AppliedLimit['kind'], 'max'>, string> = {
  absent: 'Absent',
  not_detected: 'Not detected',
  report_only: 'Report only',
};

function appliedLimit(entry: LimitEntry, table: LimitTable, result: NormalizedResult): AppliedLimit {
  const kind: AppliedLimit['kind'] =
    entry.max !== undefined ? 'max' : entry.reportOnly ? 'report_only' : (entry.mustBe ?? 'absent');
  return {
    kind,
    value: entry.max ?? null,
    text: kind === 'max' ? null : RULE_TEXT[kind],
    unit: entry.unit ?? result.unit,
    source: entry.source,
    confidence: entry.confidence,
    table: table.id,
    ...(entry.carriedOverFrom ? { carriedOverFrom: entry.carriedOverFrom } : {}),
  };
}

const ABSENCE_WORDS = /^(absent|absence|not detected|nd|not present|none detected|<\s*1\b.*)$/i;
const NO_LIMIT_WORDS = /^(n\/?a|none|not applicable|tested|report only)$/i;

function printedLimitDisagreement(r: NormalizedResult, applied: AppliedLimit | null): string | undefined {
  const appliedText =
    applied === null
      ? 'no limit loaded'
      : applied.kind === 'max'
        ? `${applied.value} ${applied.unit}`
        : (applied.text ?? '').toLowerCase();
  const table = applied ? `table ${applied.table} applies` : 'the table has';
  if (r.limit !== null) {
    if (applied?.kind === 'max' && applied.value !== null && compareDecimals(r.limit, applied.value) === 0) return undefined;
    return `the source prints limit ${r.limit} ${r.unit}; ${table} ${appliedText}`;
  }
  if (r.limitText === null) return undefined;
  const text = r.limitText.trim();
  const saysAbsent = ABSENCE_WORDS.test(text);
  const saysNone = NO_LIMIT_WORDS.test(text);
  const agrees =
    (saysAbsent && (applied?.kind === 'absent' || applied?.kind === 'not_detected')) ||
    (saysNone && (applied === null || applied.kind === 'report_only'));
  return agrees ? undefined : `the source prints limit "${text}"; ${table} ${appliedText}`;
}
