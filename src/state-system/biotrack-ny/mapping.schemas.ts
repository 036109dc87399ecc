import { z } from 'zod';
import { PANELS, PRODUCT_TYPES, QUALIFIERS, getAnalyte, type PanelKey, type ProductType, type Qualifier } from '../../catalog';

export const QUALIFIER_RULES = ['non_detect', 'zero_with_note', 'bound_with_note', 'omit', 'refuse'] as const;
export type QualifierRule = (typeof QUALIFIER_RULES)[number];

const testId = z.number().int().positive('expected a TestID (a positive integer)');

/**
 * `templates/state-system/biotrack-ny-mapping.json`: how our results are written in the state system's terms
 * (see the file's `$comment`). Validated at startup; an error names the file and the JSON path.
 */
export const BiotrackMappingSchema = z.strictObject({
  $comment: z.union([z.string(), z.array(z.string())]).optional(),
  tests: z.partialRecord(z.enum(PANELS), testId),
  panelName: z.literal('analyte-key'),
  analytes: z
    .record(z.string(), z.strictObject({ testId: testId.optional(), panel: z.string().min(1).optional() }))
    .superRefine((analytes, ctx) => {
      for (const key of Object.keys(analytes)) {
        if (!getAnalyte(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'expected an analyte key of the catalog' });
      }
    }),
  notInCatalogue: z.enum(['skip', 'refuse']),
  noteField: z.string().regex(/^[A-Z][A-Za-z]*$/, 'expected a PascalCase field name, e.g. TestNote'),
  noteMaxLength: z.number().int().min(20).max(10_000),
  qualifiers: z.partialRecord(z.enum(QUALIFIERS as [Qualifier, ...Qualifier[]]), z.enum(QUALIFIER_RULES)),
  inventoryTypes: z.record(z.string().min(1), z.enum(PRODUCT_TYPES)),
});

export type BiotrackMappingFile = z.infer<typeof BiotrackMappingSchema>;

/** The mapping as the adapter uses it, with the non-detect policy from the environment folded in. */
export interface BiotrackMapping {
  tests: Partial<Record<PanelKey, number>>;
  analytes: Record<string, { testId?: number; panel?: string }>;
  notInCatalogue: 'skip' | 'refuse';
  noteField: string;
  noteMaxLength: number;
  /** Every qualifier's rule; `non_detect` already resolved to the configured policy. Unlisted qualifiers: refuse. */
  qualifiers: Record<Qualifier, Exclude<QualifierRule, 'non_detect'>>;
  inventoryTypes: Record<string, ProductType>;
}

export function resolveMapping(file: BiotrackMappingFile, nonDetect: 'zero_with_note' | 'omit'): BiotrackMapping {
  const qualifiers = Object.fromEntries(
    QUALIFIERS.map((q) => {
      const rule = file.qualifiers[q] ?? 'refuse';
      return [q, rule === 'non_detect' ? nonDetect : rule];
    }),
  ) as BiotrackMapping['qualifiers'];
  return {
    tests: file.tests,
    analytes: file.analytes,
    notInCatalogue: file.notInCatalogue,
    noteField: file.noteField,
    noteMaxLength: file.noteMaxLength,
    qualifiers,
    inventoryTypes: file.inventoryTypes,
  };
}
