import { z } from 'zod';
import { PRODUCT_TYPES, QUALIFIERS } from '../../catalog';

/** How a result carrying a qualifier instead of a number is written (defaults from docs/metrc-ny.md). */
export const QUALIFIER_ENCODINGS = [
  'zero_with_note',
  'zero_with_loq_note',
  'bound_with_note',
  'zero_passed',
  'detected',
  'omit',
  'block',
] as const;
export type QualifierEncoding = (typeof QUALIFIER_ENCODINGS)[number];

const productType = z.enum(PRODUCT_TYPES, { error: `expected one of ${PRODUCT_TYPES.join(', ')}` });

export const MetrcMappingSchema = z.object({
  $comment: z.array(z.string()).optional(),
  matrices: z
    .partialRecord(z.union([productType, z.literal('*')]), z.string().min(1))
    .refine((m) => '*' in m, "expected a '*' matrix for the other product types"),
  types: z
    .array(
      z.strictObject({
        analyte: z.string().min(1),
        matrix: z.union([productType, z.literal('*')]),
        typeName: z.string().min(1),
        units: z.record(z.string(), z.number().positive('expected a factor greater than 0')),
      }),
    )
    .min(1),
  /** A qualifier not listed is blocked (entered in Metrc by hand). */
  qualifiers: z.partialRecord(z.enum(QUALIFIERS), z.enum(QUALIFIER_ENCODINGS)),
  itemCategories: z.record(z.string().min(1), productType),
});
export type MetrcMapping = z.infer<typeof MetrcMappingSchema>;
