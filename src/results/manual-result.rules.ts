import { compareDecimals, normalizeResult } from '../catalog';
import { InvalidInput } from '../common/errors';
import type { IncomingResult } from './incoming-result';

export interface ManualReading {
  analyte: string;
  value?: string;
  qualifier?: string;
  unit: string;
  loq?: string;
  limit?: string;
}

/**
 * One hand-entered reading through the catalog, refusing what cannot be right: an unknown analyte (with the
 * closest candidates), a negative concentration, a percentage over 100, an LOQ above the limit. `field` is the
 * path the error names, e.g. `results.3`.
 */
export function readManualResult(r: ManualReading, field: string): Omit<IncomingResult, 'provenance'> {
  for (const key of ['value', 'loq', 'limit'] as const) {
    if (r[key]?.trim().startsWith('-'))
      throw new InvalidInput(`${field}.${key}`, `${r[key]} is negative; a concentration cannot be`);
  }
  const outcome = normalizeResult({
    name: r.analyte,
    valueText: r.value ?? r.qualifier ?? '',
    unitText: r.unit,
    loqText: r.loq,
    limitText: r.limit,
  });
  if (!outcome.ok) {
    if (outcome.problem === 'unknown_analyte') {
      const closest = (outcome.candidates ?? []).slice(0, 5).map((c) => `${c.name} (${c.key})`);
      throw new InvalidInput(
        `${field}.analyte`,
        `unknown analyte "${r.analyte}"${closest.length ? `; closest: ${closest.join(', ')}` : ''}`,
      );
    }
    const which = outcome.problem === 'bad_value' ? (r.value !== undefined ? 'value' : 'qualifier') : 'unit';
    throw new InvalidInput(`${field}.${which}`, outcome.message);
  }
  const n = outcome.result;
  if (n.unit === '%' && n.value !== null && compareDecimals(n.value, '100') > 0) {
    throw new InvalidInput(`${field}.value`, `${r.value} ${r.unit} is ${n.value} %: a percentage cannot exceed 100`);
  }
  if (n.loq !== null && n.limit !== null && compareDecimals(n.loq, n.limit) > 0) {
    throw new InvalidInput(
      `${field}.loq`,
      `the LOQ (${n.loq} ${n.unit}) is above the limit (${n.limit} ${n.unit}); such a result could not show compliance`,
    );
  }
  return n;
}
