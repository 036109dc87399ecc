import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { PRODUCT_TYPES, ROUTES } from '../catalog';
import { LICENSE_NUMBER } from '../auth/user.schemas';

/** A state UID: exactly 16 digits, always a string (they exceed 2^53, so a JSON number cannot carry one). */
export const UID = z
  .string({ error: (i) => (i.input === undefined ? 'required' : 'expected a 16-digit string (UIDs are strings, never numbers)') })
  .regex(/^\d{16}$/, 'expected exactly 16 digits');

/**
 * A state tag of either system a lab may hold samples under: a 16-digit BioTrack NY UID or a 24-character Metrc package
 * tag (a lab moving to Metrc keeps its BioTrack samples). Registering or attaching one checks it against the
 * configured system's format too (SampleService, from the state-system registry).
 */
export const STATE_TAG = z
  .string({ error: (i) => (i.input === undefined ? 'required' : 'expected a string (UIDs and tags are strings, never numbers)') })
  .regex(
    /^(\d{16}|[0-9A-Z]{24})$/,
    'expected exactly 16 digits (a BioTrack NY UID) or a 24-character Metrc package tag such as 1A4FF0300000029000000101',
  );

const DECIMAL = z
  .string({ error: 'expected a decimal number as a string, e.g. "0.500"' })
  .regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal number as a string, e.g. "0.500"');

const POSITIVE_DECIMAL = DECIMAL.refine((v) => Number(v) > 0, 'expected a number greater than 0');

export const LAB_SAMPLE_ID = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/ ]*$/, 'expected letters, digits and . _ - / only');

export const CreateClientSchema = z
  .object({
    licenseNumber: LICENSE_NUMBER,
    name: z.string().trim().min(1).max(200),
    ubi: z.string().trim().min(1).max(64).optional(),
    integrated: z.boolean().optional(),
    /** Postal address as printed on certificates (lines separated by newlines). */
    address: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export class CreateClientDto extends createZodDto(CreateClientSchema) {}

export const UpdateClientSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    ubi: z.string().trim().min(1).max(64).nullable().optional(),
    integrated: z.boolean().optional(),
    address: z.string().trim().min(1).max(500).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'expected at least one field to change');
export class UpdateClientDto extends createZodDto(UpdateClientSchema) {}

export const PrepSchema = z
  .object({ mass: POSITIVE_DECIMAL.optional(), volume: POSITIVE_DECIMAL.optional(), dilution: POSITIVE_DECIMAL.optional() })
  .strict();

export const CreateSampleSchema = z
  .object({
    labSampleId: LAB_SAMPLE_ID,
    clientLicense: LICENSE_NUMBER,
    productType: z.enum(PRODUCT_TYPES),
    route: z.enum(ROUTES).optional(),
    uid: STATE_TAG.optional(),
    sourceUid: STATE_TAG.optional(),
    batch: z.string().trim().min(1).max(100).optional(),
    productName: z.string().trim().min(1).max(300).optional(),
    labelClaim: z
      .array(z.object({ analyte: z.string().min(1).max(80), value: DECIMAL, unit: z.string().min(1).max(20) }).strict())
      .max(50)
      .optional(),
    servingsPerPackage: POSITIVE_DECIMAL.optional(),
    prep: PrepSchema.optional(),
    receivedAt: z.iso.datetime({ offset: true }).optional(),
    collectedAt: z.iso.datetime({ offset: true }).optional(),
    /** Drawn from a lot that was remediated after failing. */
    remediatedLot: z.boolean().optional(),
    /** Lab sample id of the sample this one retests. */
    retestOf: z.string().trim().min(1).max(64).optional(),
  })
  .strict();
export class CreateSampleDto extends createZodDto(CreateSampleSchema) {}

export const UpdateSampleSchema = z
  .object({
    /** A new lab sample id (e.g. for a sample that arrived from the state system under its UID); refused once results were released. */
    labSampleId: LAB_SAMPLE_ID.optional(),
    uid: STATE_TAG.optional(),
    sourceUid: STATE_TAG.optional(),
    batch: z.string().trim().min(1).max(100).optional(),
    productName: z.string().trim().min(1).max(300).optional(),
    prep: PrepSchema.optional(),
    collectedAt: z.iso.datetime({ offset: true }).optional(),
    remediatedLot: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'expected at least one field to change');
export class UpdateSampleDto extends createZodDto(UpdateSampleSchema) {}

/** Where a sample's results stand: none yet, being worked on, released, or sent back with a reason. */
export const SAMPLE_STATUSES = ['waiting', 'in_review', 'released', 'needs_action'] as const;
export type SampleStatus = (typeof SAMPLE_STATUSES)[number];

export const ListSamplesSchema = z
  .object({
    clientLicense: z.string().min(1).max(64).optional(),
    /** Part of a lab sample id, product name, client name or batch; or a whole UID. */
    q: z.string().min(1).max(64).optional(),
    productType: z.enum(PRODUCT_TYPES).optional(),
    status: z.enum(SAMPLE_STATUSES).optional(),
    origin: z.enum(['state-system', 'manual', 'lab']).optional(),
    /** Received on or after this day (YYYY-MM-DD, UTC). */
    from: z.iso.date().optional(),
    /** Received on or before this day (YYYY-MM-DD, UTC). */
    to: z.iso.date().optional(),
    /** Samples that arrived on this state-system transfer. */
    transferId: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export class ListSamplesDto extends createZodDto(ListSamplesSchema) {}

/** Lab sample ids for many samples at once (intake): each row names a sample by id. */
export const AssignLabIdsSchema = z
  .object({
    samples: z
      .array(z.object({ id: z.uuid(), labSampleId: LAB_SAMPLE_ID }).strict())
      .min(1, 'expected at least one lab sample id')
      .max(2000),
  })
  .strict()
  .refine(
    (v) => new Set(v.samples.map((s) => s.labSampleId)).size === v.samples.length,
    'the same lab sample id is given to two samples',
  );
export class AssignLabIdsDto extends createZodDto(AssignLabIdsSchema) {}
