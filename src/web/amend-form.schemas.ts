import { z } from 'zod';
import { optionalText, rowsOf } from './form-fields';
import { AmendResultSetSchema } from '../results/result-set.schemas';
import { SignatureFieldsSchema } from './web-forms.schemas';

/** A typed reading: a number is a value, anything else ("ND", "<LOQ", "ABSENT") a qualifier the catalog checks. */
const reading = (text: string): { value: string } | { qualifier: string } =>
  /^[<>≤≥]/.test(text) || !/^[+-]?(\d[\d,]*)?\.?\d+(e[+-]?\d+)?$/i.test(text) ? { qualifier: text } : { value: text };

/** A row of the current values: blank inputs leave it as it is. */
const currentRow = z
  .object({
    analyte: z.string().trim().min(1).max(200),
    reading: optionalText,
    unit: optionalText,
    loq: optionalText,
    /** The LOQ the row showed, so an untouched LOQ input is no change. */
    loqWas: optionalText,
    /** The stored reading and its unit: what an LOQ- or unit-only change keeps. */
    was: optionalText,
    unitWas: optionalText,
    remove: z.enum(['on', 'yes']).optional(),
  })
  .strict();

const addedRow = z.object({ analyte: optionalText, reading: optionalText, unit: optionalText, loq: optionalText }).strict();

/**
 * The amendment page: one row per current value (a new value or qualifier, unit, LOQ, or remove), rows to add, the
 * reason and the manager's signature; turned into the API's changes, so the page and POST
 * /api/result-sets/:id/amend accept the same amendments.
 */
export const AmendmentFormSchema = z
  .object({ reason: z.string(), rows: rowsOf(currentRow), add: rowsOf(addedRow), signature: SignatureFieldsSchema.optional() })
  .strict()
  .transform((f) => {
    const changes: z.input<typeof AmendResultSetSchema>['changes'] = [];
    for (const r of f.rows) {
      if (r.remove) {
        changes.push({ analyte: r.analyte, remove: true });
        continue;
      }
      const loqChanged = r.loq !== undefined && r.loq !== r.loqWas;
      if (r.reading === undefined && !loqChanged && r.unit === undefined) continue;
      const text = r.reading ?? r.was;
      changes.push({
        analyte: r.analyte,
        ...(text !== undefined ? reading(text) : {}),
        ...(r.unit !== undefined ? { unit: r.unit } : r.unitWas !== undefined ? { unit: r.unitWas } : {}),
        ...(loqChanged ? { loq: r.loq } : {}),
      } as z.input<typeof AmendResultSetSchema>['changes'][number]);
    }
    for (const r of f.add) {
      if (r.analyte === undefined && r.reading === undefined) continue;
      changes.push({
        analyte: r.analyte ?? '',
        ...(r.reading !== undefined ? reading(r.reading) : {}),
        ...(r.unit !== undefined ? { unit: r.unit } : {}),
        ...(r.loq !== undefined ? { loq: r.loq } : {}),
      } as z.input<typeof AmendResultSetSchema>['changes'][number]);
    }
    return { reason: f.reason, changes, ...(f.signature ? { signature: f.signature } : {}) };
  })
  .pipe(AmendResultSetSchema.extend({ signature: z.object({ meaning: z.string(), password: z.string() }).strict().optional() }));

/** What a refused amendment form had in it, to show it again (never the password). */
export interface AmendmentFormValues {
  reason: string;
  meaning: string;
  rows: Array<{ reading?: string; unit?: string; loq?: string; remove?: boolean }>;
  add: Array<{ analyte?: string; reading?: string; unit?: string; loq?: string }>;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): Array<Record<string, unknown>> =>
  (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []).filter(
    (r): r is Record<string, unknown> => !!r && typeof r === 'object',
  );

export function amendmentFormValues(body: Record<string, unknown>): AmendmentFormValues {
  const signature = (body.signature ?? {}) as Record<string, unknown>;
  return {
    reason: text(body.reason) ?? '',
    meaning: text(signature.meaning) ?? '',
    rows: list(body.rows).map((r) => ({
      reading: text(r.reading),
      unit: text(r.unit),
      loq: text(r.loq),
      remove: r.remove === 'yes' || r.remove === 'on',
    })),
    add: list(body.add).map((r) => ({
      analyte: text(r.analyte),
      reading: text(r.reading),
      unit: text(r.unit),
      loq: text(r.loq),
    })),
  };
}
