import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { LICENSE_NUMBER } from '../../auth/user.schemas';
import { PRODUCT_TYPES, ROUTES } from '../../catalog';
import { NUMBER_TEXT } from '../../results/confirm-values.schemas';
import { UID } from '../../samples/sample.schemas';

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
