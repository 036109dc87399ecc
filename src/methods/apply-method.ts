import Decimal from 'decimal.js';
import { getAnalyte, NON_DETECTS, parseQualifier } from '../catalog';
import { canConvert, convertValue, parseUnit } from '../catalog/unit';
import { significantDigits } from '../ingest/instruments/number-text';
import type { Provenance } from '../ingest/parsed-batch';
import type { IncomingResult } from '../results/incoming-result';
import type { MethodDefinition } from './method-definition.schema';

/** The method a result was judged by, as it travels in the result's provenance. */
export interface MethodRef {
  key: string;
  version: number;
}

/**
 * A computed result judged by its method's limits, in the analyte's canonical unit: below the LOD it is
 * `ND`, below the LOQ `<LOQ`, above the ULOQ `>ULOQ`, the computed number kept in the provenance for the
 * reviewer; the LOQ travels with every result of an analyte the method lists. Qualified values are left as
 * they were read. An analyte the method does not list, or lists without an LOQ, is flagged for the reviewer.
 */
export function applyMethod(result: IncomingResult, method: MethodDefinition, ref: MethodRef): IncomingResult {
  if (result.derived) return result;
  const entry = method.analytes.find((a) => a.analyte === result.analyte);
  const tag = `${method.key} v${ref.version}`;
  const provenance = withMethod(result.provenance, tag);
  if (!entry || entry.loq === undefined) {
    const why = entry ? `method ${tag} gives no LOQ for ${result.analyte}` : `method ${tag} does not list ${result.analyte}`;
    return { ...result, provenance, unsure: joinNotes(result.unsure, `${why}: the result has no known LOQ`) };
  }
  const analyte = getAnalyte(result.analyte);
  const from = parseUnit(method.limitsUnit);
  if (!analyte || !from || !canConvert(from, analyte.unit)) {
    return {
      ...result,
      provenance,
      unsure: joinNotes(
        result.unsure,
        `method ${tag} gives limits in ${method.limitsUnit}, which cannot be compared with ${result.unit}`,
      ),
    };
  }
  const inUnit = (v: string | undefined) => (v === undefined ? undefined : convertValue(v, from, analyte.unit));
  const loq = inUnit(entry.loq) as string;
  const lod = inUnit(entry.lod);
  const uloq = inUnit(entry.uloq);
  const judged: IncomingResult = { ...result, loq, provenance };
  if (result.value === null) return judged;
  const value = new Decimal(result.value);
  const computed = `${result.value} ${result.unit}`;
  if (lod !== undefined && value.lt(lod))
    return {
      ...judged,
      value: null,
      qualifier: 'ND',
      provenance: { ...provenance, computedValue: computed, below: `LOD ${lod} ${result.unit}` },
    };
  if (value.lt(loq))
    return {
      ...judged,
      value: null,
      qualifier: '<LOQ',
      provenance: { ...provenance, computedValue: computed, below: `LOQ ${loq} ${result.unit}` },
    };
  if (uloq !== undefined && value.gt(uloq))
    return {
      ...judged,
      value: null,
      qualifier: '>ULOQ',
      provenance: { ...provenance, computedValue: computed, above: `ULOQ ${uloq} ${result.unit}` },
    };
  return judged;
}

function withMethod(provenance: Provenance, tag: string): Provenance {
  return { ...provenance, method: tag };
}

function joinNotes(a: string | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}

/** Qualifiers that all say "below the quantitation limit" when a file's final column is compared with ours. */
const BELOW_LOQ = new Set<string>([...NON_DETECTS, '<LOQ']);

/**
 * Compares a result with the file's own final result for the same row (NexION's "Final Sample
 * Concentration", `<LOQ`): a number is compared at the significant digits of ours, a qualifier with our
 * qualifier. A disagreement is flagged for the reviewer; neither value replaces the other.
 */
export function compareWithPrintedFinal(result: IncomingResult): IncomingResult {
  const printed = result.provenance.printedFinal;
  if (!printed || result.derived) return result;
  const ours = result.value !== null ? `${result.value} ${result.unit}` : (result.qualifier ?? '');
  const qualifier = parseQualifier(printed);
  let agrees: boolean;
  if (qualifier !== null)
    agrees =
      result.qualifier !== null &&
      (result.qualifier === qualifier || (BELOW_LOQ.has(result.qualifier) && BELOW_LOQ.has(qualifier)));
  else {
    const m = /^(-?\d+(?:\.\d+)?)\s*(.*)$/.exec(printed.trim());
    const unit = m ? parseUnit(m[2] || result.reportedUnit) : null;
    const analyte = getAnalyte(result.analyte);
    if (!m || !unit || !analyte || !canConvert(unit, analyte.unit) || result.value === null) agrees = false;
    else if (m[1].startsWith('-')) agrees = false;
    else {
      const theirs = new Decimal(convertValue(m[1], unit, analyte.unit)).toSignificantDigits(
        significantDigits(result.value),
        Decimal.ROUND_HALF_UP,
      );
      agrees = theirs.eq(result.value);
    }
  }
  if (agrees) return result;
  const note = `the file's own final result is "${printed}", the computed result ${ours}${result.loq ? ` (LOQ ${result.loq} ${result.unit})` : ''}: check which is right`;
  return { ...result, unsure: joinNotes(result.unsure, note) };
}
