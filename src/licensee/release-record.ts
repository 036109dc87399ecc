import { z } from 'zod';

/**
 * What the release step records in `ResultSet.meta.release`, read by the certificate. The release issue
 * (e-signatures, partial-release override) writes it; until then it is absent and the certificate falls back
 * to `approvedBy`/`approvedAt` and the approver's user record.
 */
export const ReleaseRecordSchema = z
  .object({
    /** A deliberately partial release: the readiness check was overridden with a reason. */
    partial: z.object({ reason: z.string().trim().min(1), missingPanels: z.array(z.string()).default([]) }).optional(),
    /** E-signatures of the release, in the order given. */
    signatures: z
      .array(
        z.object({
          username: z.string().min(1),
          fullName: z.string().trim().min(1).nullish(),
          title: z.string().trim().min(1).nullish(),
          /** What the signature means, e.g. "Approved for release", "Reviewed". */
          meaning: z.string().trim().min(1),
          at: z.iso.datetime({ offset: true }),
        }),
      )
      .optional(),
  })
  .passthrough();

export type ReleaseRecord = z.infer<typeof ReleaseRecordSchema>;

/** The release record of a result set's meta, or null; a malformed record is an error, never ignored. */
export function readReleaseRecord(meta: Record<string, unknown> | null): ReleaseRecord | null {
  if (!meta || meta.release === undefined || meta.release === null) return null;
  const parsed = ReleaseRecordSchema.safeParse(meta.release);
  if (!parsed.success)
    throw new Error(
      `result set meta.release is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}
