import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { PRODUCT_TYPES } from '../catalog';
import { InvalidInput } from '../common/errors';
import { describeZodIssues } from '../common/zod-issues';
import { SignatureSchema } from '../signatures/signature.schemas';
import { RESULT_SET_STATUSES } from './result-set.entity';

/** A reason a person can act on later: required, and more than a word. */
const REASON = z
  .string({ error: (i) => (i.input === undefined ? 'required' : 'expected text') })
  .trim()
  .min(10, 'give a reason of at least 10 characters')
  .max(2000);

/**
 * The e-signature of a step: checked by the service (SignatureService.verify), which refuses a step without one (400)
 * or with a wrong password (401). Typed loosely here so the pages' forms, which build these bodies, compile; the API
 * documents and validates the strict shape through the `Signed…` schemas below.
 */
const SIGNATURE_FIELD = z.unknown().optional();

export const RejectResultSetSchema = z.object({ reason: REASON, signature: SIGNATURE_FIELD }).strict();
export class RejectResultSetDto extends createZodDto(RejectResultSetSchema) {}
export const SignedRejectResultSetSchema = RejectResultSetSchema.extend({ signature: SignatureSchema });
export class SignedRejectResultSetDto extends createZodDto(SignedRejectResultSetSchema) {}

const DECIMAL_TEXT = z
  .string({ error: 'expected the value as text, e.g. "0.35" (decimal values are strings, never JSON numbers)' })
  .trim()
  .min(1)
  .max(40);

export const AmendmentChangeSchema = z
  .object({
    /** Analyte key or any name the catalog knows ("lead", "Pb", "Δ9-THC"). */
    analyte: z.string().trim().min(1).max(200),
    value: DECIMAL_TEXT.optional(),
    qualifier: z.string().trim().min(1).max(20).optional(),
    /** Unit of `value`; defaults to the unit the result is stored in. */
    unit: z.string().trim().min(1).max(32).optional(),
    /** A new LOQ, in the unit of `value` (or the result's). */
    loq: DECIMAL_TEXT.optional(),
    /** `true`: the analyte leaves the new version (give nothing else). */
    remove: z.literal(true).optional(),
  })
  .strict()
  .refine((c) => (c.remove ? c.value === undefined && c.qualifier === undefined && c.loq === undefined : true), {
    message: 'a removed analyte takes no value, qualifier or LOQ',
    path: ['remove'],
  })
  .refine((c) => c.remove === true || (c.value === undefined) !== (c.qualifier === undefined), {
    message: 'give either value or qualifier (one of them)',
    path: ['value'],
  });

export const AmendResultSetSchema = z
  .object({
    reason: REASON,
    changes: z.array(AmendmentChangeSchema).min(1, 'expected at least one change').max(500),
    signature: SIGNATURE_FIELD,
  })
  .strict();
export class AmendResultSetDto extends createZodDto(AmendResultSetSchema) {}
export const SignedAmendResultSetSchema = AmendResultSetSchema.extend({ signature: SignatureSchema });
export class SignedAmendResultSetDto extends createZodDto(SignedAmendResultSetSchema) {}

export const ResolveConflictSchema = z
  .object({
    analyte: z.string().trim().min(1).max(200),
    /** `existing` keeps the reading already on the result; a number takes that conflicting reading (0-based). */
    choose: z.union([z.literal('existing'), z.number().int().min(0)], {
      error: "expected 'existing' or the index of a conflicting reading",
    }),
    reason: REASON,
  })
  .strict();
export class ResolveConflictDto extends createZodDto(ResolveConflictSchema) {}

/** "Take all from this source": every open conflict with a reading from the file (sha256), or `existing` for none. */
export const ResolveConflictsSchema = z
  .object({
    take: z.union([z.literal('existing'), z.string().regex(/^[0-9a-f]{64}$/, 'expected the sha256 of a source file')]),
    reason: REASON,
  })
  .strict();
export class ResolveConflictsDto extends createZodDto(ResolveConflictsSchema) {}

/** `rejected` lists drafts that came back from review with a reason. */
export const RESULT_SET_FILTER_STATUSES = [...RESULT_SET_STATUSES, 'rejected'] as const;

export const ListResultSetsSchema = z
  .object({
    status: z.enum(RESULT_SET_FILTER_STATUSES).optional(),
    clientLicense: z.string().min(1).max(64).optional(),
    /** Part of the sample's lab sample id, product name, client name or batch; or its whole UID. */
    q: z.string().trim().min(1).max(64).optional(),
    productType: z.enum(PRODUCT_TYPES).optional(),
    /** `oldest` puts the longest-waiting first. */
    sort: z.enum(['newest', 'oldest']).default('newest'),
    sampleId: z.uuid().optional(),
    verdict: z.enum(['pass', 'fail', 'incomplete']).optional(),
    /** Created on or after this day (YYYY-MM-DD, UTC). */
    from: z.iso.date().optional(),
    /** Created on or before this day (YYYY-MM-DD, UTC). */
    to: z.iso.date().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export class ListResultSetsDto extends createZodDto(ListResultSetsSchema) {}

/**
 * Submit and approve take an optional override: a deliberately partial set (the client ordered only some panels)
 * goes on with the reason recorded. It covers missing panels only. Approve is signed (`signature`, checked by the
 * service); submit is not, but a body that carries one is not refused for it. Any other key is.
 */
export const ReleaseRequestSchema = z
  .object({
    override: z.object({ reason: REASON }).strict().optional(),
    signature: z.unknown().optional(),
  })
  .strict();
export type ReleaseRequest = z.infer<typeof ReleaseRequestSchema>;
export class ReleaseRequestDto extends createZodDto(ReleaseRequestSchema) {}

/** The optional body of submit and approve (none, or `{override: {reason}}`), checked. */
export function releaseRequest(body: unknown): ReleaseRequest {
  const parsed = ReleaseRequestSchema.safeParse(body ?? {});
  if (!parsed.success) throw new InvalidInput('body', describeZodIssues(parsed.error).join('; '));
  return parsed.data;
}

/** Approve: `{signature, override?}`. */
export const ApproveResultSetSchema = ReleaseRequestSchema.extend({ signature: SignatureSchema });
export class ApproveResultSetDto extends createZodDto(ApproveResultSetSchema) {}

/** Approve's body (the signature required), checked: 400 naming the field otherwise. */
export function approveRequest(body: unknown): ReleaseRequest {
  const parsed = ApproveResultSetSchema.safeParse(body ?? {});
  if (!parsed.success) throw new InvalidInput('body', describeZodIssues(parsed.error).join('; '));
  return parsed.data;
}

/** At most this many sets are approved under one signature. */
export const BULK_APPROVE_MAX = 50;

/** Several sets approved with one signature: each in its own transaction, with its own signature record. */
export const BulkApproveSchema = z
  .object({
    ids: z
      .array(z.uuid('expected result set ids (UUIDs)'), { error: 'expected a list of result set ids' })
      .min(1, 'expected at least one result set id')
      .max(BULK_APPROVE_MAX, `at most ${BULK_APPROVE_MAX} result sets are approved at once`)
      .refine((ids) => new Set(ids).size === ids.length, 'a result set is named twice'),
    signature: SignatureSchema,
    override: z.object({ reason: REASON }).strict().optional(),
  })
  .strict();
export class BulkApproveDto extends createZodDto(BulkApproveSchema) {}
export type BulkApproveRequest = { ids: string[]; signature?: unknown; override?: { reason: string } };
