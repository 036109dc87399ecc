import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { PRODUCT_TYPES, ROUTES } from '../catalog';
import { LICENSE_NUMBER } from '../auth/user.schemas';

/** A state UID: exactly 16 digits, always a string (they exceed 2^53, so a JSON number cannot carry one). */
export const UID = z
  .string({ error: (i) => (i.input === undefined ? 'required' : 'expected a 16-digit string (UIDs are strings, never numbers)') })
  .regex(/^\d{16}$/, 'expected exactly 16 digits');

const DECIMAL = z
  .string({ error: 'expected a decimal number as a string, e.g. "0.500"' })
  .regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal number as a string, e.g. "0.500"');

const POSITIVE_DECIMAL = DECIMAL.refine((v) => Number(v) > 0, 'expected a number greater than 0');

export const CreateClientSchema = z
  .object({
    licenseNumber: LICENSE_NUMBER,
    name: z.string().trim().min(1).max(200),
    ubi: z.string().trim().min(1).max(64).optional(),
    integrated: z.boolean().optional(),
  })
  .strict();
export class CreateClientDto extends createZodDto(CreateClientSchema) {}

export const PrepSchema = z
  .object({ mass: POSITIVE_DECIMAL.optional(), volume: POSITIVE_DECIMAL.optional(), dilution: POSITIVE_DECIMAL.optional() })
  .strict();

export const CreateSampleSchema = z
  .object({
    labSampleId: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/ ]*$/, 'expected letters, digits and . _ - / only'),
    clientLicense: LICENSE_NUMBER,
    productType: z.enum(PRODUCT_TYPES),
    route: z.enum(ROUTES).optional(),
    uid: UID.optional(),
    sourceUid: UID.optional(),
    batch: z.string().trim().min(1).max(100).optional(),
    productName: z.string().trim().min(1).max(300).optional(),
    labelClaim: z
      .array(z.object({ analyte: z.string().min(1).max(80), value: DECIMAL, unit: z.string().min(1).max(20) }).strict())
      .max(50)
      .optional(),
    servingsPerPackage: POSITIVE_DECIMAL.optional(),
    prep: PrepSchema.optional(),
    receivedAt: z.iso.datetime({ offset: true }).optional(),
    /** Lab sample id of the sample this one retests. */
    retestOf: z.string().trim().min(1).max(64).optional(),
  })
  .strict();
export class CreateSampleDto extends createZodDto(CreateSampleSchema) {}

export const UpdateSampleSchema = z
  .object({
    uid: UID.optional(),
    sourceUid: UID.optional(),
    batch: z.string().trim().min(1).max(100).optional(),
    productName: z.string().trim().min(1).max(300).optional(),
    prep: PrepSchema.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'expected at least one field to change');
export class UpdateSampleDto extends createZodDto(UpdateSampleSchema) {}

export const ListSamplesSchema = z
  .object({
    clientLicense: z.string().min(1).max(64).optional(),
    q: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export class ListSamplesDto extends createZodDto(ListSamplesSchema) {}
