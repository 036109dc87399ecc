import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { LICENSE_NUMBER } from '../../auth/user.schemas';
import { PRODUCT_TYPES, ROUTES } from '../../catalog';
import { UID } from '../../samples/sample.schemas';

const NUMBER_TEXT = z
  .string({ error: 'expected a number as a string, e.g. "0.25"' })
  .trim()
  // Thousands written with commas ("2,500", as certificates print counts) are read; "1,5" is refused as ambiguous.
  .regex(/^-?(?:\d+|\d{1,3}(?:,\d{3})+)(\.\d+)?([eE][+-]?\d+)?$/, 'expected a number as a string, e.g. "0.25" or "2,500"')
  .transform((s) => s.replace(/,/g, ''));

export const ManualResultSchema = z
  .object({
    analyte: z.string().trim().min(1).max(120),
    value: NUMBER_TEXT.optional(),
    qualifier: z.string().trim().min(1).max(20).optional(),
    unit: z.string().trim().min(1).max(20),
    loq: NUMBER_TEXT.optional(),
    limit: NUMBER_TEXT.optional(),
  })
  .strict()
  .refine((r) => (r.value === undefined) !== (r.qualifier === undefined), {
    message: 'expected either a value or a qualifier (ND, <LOQ, ABSENT, …), not both',
    path: ['value'],
  });

export const ManualEntrySchema = z
  .object({
    /** The NEW UID the receiving licensee created for the product. */
    uid: UID,
    /** The integrated licensee that received the product (and ordered this entry). */
    clientLicense: LICENSE_NUMBER,
    supplierLicense: LICENSE_NUMBER,
    supplierUid: z.string().trim().min(1).max(64).optional(),
    productType: z.enum(PRODUCT_TYPES),
    route: z.enum(ROUTES).optional(),
    productName: z.string().trim().min(1).max(300).optional(),
    batch: z.string().trim().min(1).max(100).optional(),
    lab: z.object({ name: z.string().trim().min(1).max(200), license: z.string().trim().min(1).max(64) }).strict(),
    certificate: z
      .object({ number: z.string().trim().min(1).max(100).optional(), date: z.iso.date({ error: 'expected a date YYYY-MM-DD' }) })
      .strict(),
    results: z.array(ManualResultSchema).max(500).default([]),
  })
  .strict();
export class ManualEntryDto extends createZodDto(ManualEntrySchema) {}
export type ManualEntry = z.infer<typeof ManualEntrySchema>;

/** Multipart form: the entry as JSON in field `entry`, the paper certificate as `file`. */
export const ManualEntryFormSchema = z.object({ entry: z.string().min(2).max(200_000) }).strict();
export class ManualEntryFormDto extends createZodDto(ManualEntryFormSchema) {}

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
