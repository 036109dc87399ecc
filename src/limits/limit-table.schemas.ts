import { z } from 'zod';
import { PANELS, PANEL_UNITS, PRODUCT_TYPES, ROUTES, TYPES_OF_USE, getAnalyte, suggestAnalytes } from '../catalog';

const DecimalText = z.string().regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'must be a non-negative decimal string such as "0.2"');

const IsoDate = z
  .string()
  .refine(
    (d) =>
      /^\d{4}-\d{2}-\d{2}$/.test(d) &&
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
      new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'must be a calendar date YYYY-MM-DD',
  );

const Confidence = z.enum(['high', 'medium', 'low']);

const Source = z.string().min(1, 'must say where the value comes from');

/** Who a limit applies to; an absent dimension means every value of it. */
const AppliesToSchema = z.strictObject({
  productTypes: z.array(z.enum(PRODUCT_TYPES)).min(1).optional(),
  routes: z.array(z.enum(ROUTES)).min(1).optional(),
  typesOfUse: z.array(z.enum(TYPES_OF_USE)).min(1).optional(),
});

/**
 * One limit. Names an analyte, or only a panel to cover every analyte of the panel without an entry of
 * its own. Exactly one rule: `max` (in the analyte's canonical unit), `mustBe`, `reportOnly`, or
 * `limitUnknown` — a limit known to exist whose value was not found (evaluates as "no limit loaded").
 */
export const LimitEntrySchema = z
  .strictObject({
    analyte: z.string().min(1).optional(),
    panel: z.enum(PANELS),
    max: DecimalText.optional(),
    mustBe: z.enum(['absent', 'not_detected']).optional(),
    reportOnly: z.literal(true).optional(),
    limitUnknown: z.literal(true).optional(),
    unit: z.string().optional(),
    appliesTo: AppliesToSchema.optional(),
    source: Source,
    confidence: Confidence,
    note: z.string().optional(),
    /** Id of the table this entry was copied from unchanged, when the newer source did not restate it. */
    carriedOverFrom: z.string().optional(),
  })
  .superRefine((entry, ctx) => {
    const rules = [entry.max !== undefined, entry.mustBe !== undefined, entry.reportOnly === true, entry.limitUnknown === true];
    if (rules.filter(Boolean).length !== 1) {
      ctx.addIssue({ code: 'custom', message: 'needs exactly one of max, mustBe, reportOnly, limitUnknown' });
    }
    let unit: string | undefined = entry.panel === 'other' ? undefined : PANEL_UNITS[entry.panel];
    if (entry.analyte !== undefined) {
      const analyte = getAnalyte(entry.analyte);
      if (!analyte) {
        const near = suggestAnalytes(entry.analyte.replace(/_/g, ' ')).map((c) => c.key);
        ctx.addIssue({
          code: 'custom',
          path: ['analyte'],
          message: `unknown analyte key "${entry.analyte}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`,
        });
        return;
      }
      if (analyte.panel !== entry.panel) {
        ctx.addIssue({ code: 'custom', path: ['panel'], message: `${entry.analyte} belongs to panel ${analyte.panel}` });
      }
      unit = analyte.unit;
    }
    if (entry.max !== undefined && entry.unit === undefined) {
      ctx.addIssue({ code: 'custom', path: ['unit'], message: 'a numeric limit needs its unit' });
    }
    if (entry.unit !== undefined && entry.unit !== unit) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        message: `must be the canonical unit ${unit ?? '(per analyte)'}, not "${entry.unit}"`,
      });
    }
  });

const PercentRange = z
  .strictObject({ minPercent: DecimalText, maxPercent: DecimalText })
  .refine((r) => Number(r.minPercent) <= Number(r.maxPercent), 'minPercent must not exceed maxPercent');

const DoseCap = z.strictObject({ maxMg: DecimalText, source: Source, confidence: Confidence });

export const LimitTableSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and hyphens'),
    jurisdiction: z.string().min(2),
    effectiveDate: IsoDate,
    title: z.string().min(1),
    source: Source,
    confidence: Confidence,
    supersedes: z.string().optional(),
    notes: z.array(z.string()).optional(),
    /** Measured potency as a percentage of the labelled value, by type of use. */
    labelClaimTolerance: z.strictObject({
      adult_use: PercentRange,
      medical: PercentRange,
      source: Source,
      confidence: Confidence,
    }),
    /** Dose caps for edibles, in mg of `analyte` per serving and per package. */
    edibleCaps: z
      .strictObject({
        analyte: z.string(),
        productTypes: z.array(z.enum(PRODUCT_TYPES)).min(1),
        perServing: DoseCap,
        perPackage: DoseCap,
      })
      .optional(),
    /** Panels a sample must have for a verdict, per product type; every product type exactly once. */
    requiredPanels: z
      .array(
        z.strictObject({
          productTypes: z.array(z.enum(PRODUCT_TYPES)).min(1),
          panels: z.array(z.enum(PANELS)).min(1),
          source: Source,
          confidence: Confidence,
        }),
      )
      .min(1),
    limits: z.array(LimitEntrySchema).min(1),
  })
  .superRefine((table, ctx) => {
    if (table.edibleCaps && !getAnalyte(table.edibleCaps.analyte)) {
      ctx.addIssue({
        code: 'custom',
        path: ['edibleCaps', 'analyte'],
        message: `unknown analyte key "${table.edibleCaps.analyte}"`,
      });
    }
    for (const type of PRODUCT_TYPES) {
      const rows = table.requiredPanels.flatMap((r, i) => (r.productTypes.includes(type) ? [i] : []));
      if (rows.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['requiredPanels'],
          message:
            rows.length === 0
              ? `no entry for product type ${type}`
              : `product type ${type} appears in entries ${rows.join(', ')}`,
        });
      }
    }
    checkOverlaps(table.limits, ctx);
  });

type Entry = z.infer<typeof LimitEntrySchema>;

/** Two entries for the same analyte (or the same panel default) must never both apply to a product. */
function checkOverlaps(limits: readonly Entry[], ctx: z.RefinementCtx): void {
  const byScope = new Map<string, number[]>();
  limits.forEach((e, i) => {
    const scope = e.analyte ?? `panel:${e.panel}`;
    byScope.set(scope, [...(byScope.get(scope) ?? []), i]);
  });
  for (const [scope, indexes] of byScope) {
    for (let x = 0; x < indexes.length; x++) {
      for (let y = x + 1; y < indexes.length; y++) {
        const [i, j] = [indexes[x], indexes[y]];
        if (overlaps(limits[i].appliesTo, limits[j].appliesTo)) {
          ctx.addIssue({
            code: 'custom',
            path: ['limits', j],
            message: `applies to the same products as limits[${i}] (${scope})`,
          });
        }
      }
    }
  }
}

function overlaps(a: Entry['appliesTo'], b: Entry['appliesTo']): boolean {
  const meet = (x?: readonly string[], y?: readonly string[]) => !x || !y || x.some((v) => y.includes(v));
  return meet(a?.productTypes, b?.productTypes) && meet(a?.routes, b?.routes) && meet(a?.typesOfUse, b?.typesOfUse);
}

export type LimitTable = z.infer<typeof LimitTableSchema>;
export type LimitEntry = z.infer<typeof LimitEntrySchema>;
export type AppliesTo = z.infer<typeof AppliesToSchema>;
export type Confidence = z.infer<typeof Confidence>;

export interface LimitTableIssue {
  path: string;
  message: string;
}

/** A limit table file that does not validate; the message names the file and every JSON path. */
export class LimitTableError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly LimitTableIssue[],
  ) {
    super(`${source}: invalid limit table\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'LimitTableError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out === '' ? '' : '.'}${String(p)}`;
  return out === '' ? '(root)' : out;
}

/**
 * Validates a limit table read from `source` (its file path, for messages). A file named
 * `<YYYY-MM-DD>.json` must carry that effective date.
 */
export function parseLimitTable(json: unknown, source: string): LimitTable {
  const parsed = LimitTableSchema.safeParse(json);
  if (!parsed.success) {
    throw new LimitTableError(
      source,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  const dated = /(\d{4}-\d{2}-\d{2})\.json$/.exec(source);
  if (dated && dated[1] !== parsed.data.effectiveDate) {
    throw new LimitTableError(source, [
      { path: 'effectiveDate', message: `${parsed.data.effectiveDate} does not match the file name's date ${dated[1]}` },
    ]);
  }
  return parsed.data;
}
