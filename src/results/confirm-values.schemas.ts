import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** A number typed as text; thousands written with commas ("2,500", as certificates print counts) are read. */
export const NUMBER_TEXT = z
  .string({ error: 'expected a number as a string, e.g. "0.25"' })
  .trim()
  // "1,5" is refused as ambiguous.
  .regex(/^-?(?:\d+|\d{1,3}(?:,\d{3})+)(\.\d+)?([eE][+-]?\d+)?$/, 'expected a number as a string, e.g. "0.25" or "2,500"')
  .transform((s) => s.replace(/,/g, ''));

/** Values a person confirms, corrects or drops one by one (pre-filled from a certificate, or read unsure). */
export const ConfirmValuesSchema = z
  .object({
    values: z
      .array(
        z
          .object({
            analyte: z.string().trim().min(1).max(80),
            /** A corrected reading, when the pre-filled one was wrong. */
            value: NUMBER_TEXT.optional(),
            qualifier: z.string().trim().min(1).max(20).optional(),
            unit: z.string().trim().min(1).max(20).optional(),
            /** For a row whose printed name is not in the catalog: the catalog analyte it is (name or key). */
            as: z.string().trim().min(1).max(80).optional(),
            /** Removes the row: the reader took something for a result that is not one, or it is not wanted. */
            drop: z.literal(true).optional(),
          })
          .strict()
          .refine((v) => !(v.drop && (v.value !== undefined || v.qualifier !== undefined || v.as !== undefined)), {
            message: 'a dropped value takes no correction',
          }),
      )
      .min(1)
      .max(500),
  })
  .strict();
export class ConfirmValuesDto extends createZodDto(ConfirmValuesSchema) {}
