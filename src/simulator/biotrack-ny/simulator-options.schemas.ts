import { z } from 'zod';
import { FaultPlanShape } from '../kit/fault-plan';

/**
 * Fault injection for one run: the shared fault kit's plan (rates are probabilities per request, 0..1) without the
 * faults this simulator does not stage (timeout after apply, maintenance), plus BioTrack's own: a session that
 * expires early.
 */
export const FaultConfigSchema = FaultPlanShape.omit({
  timeoutAfterApplyRate: true,
  timeoutAfterApplyHangMs: true,
  maintenance: true,
})
  .extend({
    /** Answer 401/63 as if the caller's live session expired early, and forget that session. */
    sessionExpireRate: z.number().min(0, 'expected a rate from 0 to 1').max(1, 'expected a rate from 0 to 1').optional(),
  })
  .refine(
    (f) => (f.dropRate ?? 0) + (f.rate429 ?? 0) + (f.error5xxRate ?? 0) + (f.sessionExpireRate ?? 0) <= 1,
    'dropRate + rate429 + error5xxRate + sessionExpireRate must not exceed 1',
  );
export type FaultConfig = z.infer<typeof FaultConfigSchema>;

export const SimulatorAccountSchema = z.strictObject({
  kind: z.enum(['lab', 'licensee']),
  name: z.string().min(1),
  ubi: z.string().min(1),
  license: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
});
export type SimulatorAccount = z.infer<typeof SimulatorAccountSchema>;

/** A UID is a string of exactly 16 digits; never a number (UIDs exceed 2^53). */
export const UidSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'required' : 'expected a UID: a string of exactly 16 digits') })
  .regex(/^\d{16}$/, 'expected a UID: a string of exactly 16 digits');

const amount = z.number().min(0);

export const InventorySeedSchema = z.strictObject({
  id: UidSchema,
  inventoryType: z.string().min(1),
  productName: z.string().min(1).optional(),
  strain: z.string().min(1).optional(),
  uom: z.string().min(1).optional(),
  remainingAmount: amount.optional(),
  locationLicense: z.string().min(1),
  parentIds: z.array(UidSchema).optional(),
  isSample: z.boolean().optional(),
});
export type InventorySeed = z.infer<typeof InventorySeedSchema>;

export const TransferSeedSchema = z.strictObject({
  id: z.number().int().positive().optional(),
  manifestId: z.string().min(1).optional(),
  outboundLicense: z.string().min(1),
  /** Defaults to the first lab account's license. */
  inboundLicense: z.string().min(1).optional(),
  transferType: z.string().min(1).optional(),
  /** Seed the transfer as already received by the lab (its samples then exist as LabSamples). */
  received: z.boolean().optional(),
  items: z
    .array(
      z.strictObject({
        /** The sample's own UID. */
        inventoryId: UidSchema,
        /** The source lot's UID; an unknown lot is registered at the outbound licensee. */
        parentId: UidSchema,
        amount: amount,
        uom: z.string().min(1).optional(),
        inventoryType: z.string().min(1).optional(),
        productName: z.string().min(1).optional(),
      }),
    )
    .min(1),
});
export type TransferSeed = z.infer<typeof TransferSeedSchema>;

export const SeedDataSchema = z.strictObject({
  inventory: z.array(InventorySeedSchema),
  transfers: z.array(TransferSeedSchema),
});
export type SeedData = z.infer<typeof SeedDataSchema>;

/** Switches for the contract's [assumed] points (see the comment at the top of simulator.ts). */
export const SimulatorBehaviourSchema = z.strictObject({
  /** Unknown fields in request bodies and query strings: refuse with 400 naming them, or ignore them. */
  unknownFields: z.enum(['refuse', 'tolerate']),
  /** `GET/POST/PUT /v1/lab/sample/{id}` also accept the sample's 16-digit UID as {id}. */
  acceptUidAsSampleId: z.boolean(),
  /** Result writes without an ExternalID are refused (400) instead of being applied without idempotency. */
  requireExternalId: z.boolean(),
  /** A repeated ExternalID replays the first answer (true) or is ignored, so a repeated write applies again (false). */
  replayExternalId: z.boolean(),
  /** TestResult may carry an optional `TestNote` string (a non-detect qualifier); when false it is refused. */
  acceptTestNote: z.boolean(),
  defaultPageSize: z.number().int().min(1),
  maxPageSize: z.number().int().min(1),
});
export type SimulatorBehaviour = z.infer<typeof SimulatorBehaviourSchema>;

export const DEFAULT_BEHAVIOUR: SimulatorBehaviour = {
  unknownFields: 'refuse',
  acceptUidAsSampleId: true,
  requireExternalId: false,
  replayExternalId: true,
  acceptTestNote: true,
  defaultPageSize: 100,
  maxPageSize: 1000,
};
