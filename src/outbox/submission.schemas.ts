import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { InvalidInput } from '../common/errors';
import { describeZodIssues } from '../common/zod-issues';
import { SUBMISSION_STATUSES } from './submission.entity';

export const ListSubmissionsSchema = z
  .object({
    status: z.enum(SUBMISSION_STATUSES).optional(),
    /** Only rows past their deadline (`late`) or close to it (`near`) that are not accepted yet. */
    deadline: z.enum(['late', 'near']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export class ListSubmissionsDto extends createZodDto(ListSubmissionsSchema) {}

/**
 * A manager's release of results held at `awaiting_release`. `signature` is the e-signature the approval workflow
 * carries (its shape is the signing feature's; accepted here so a signed release is never refused as unknown).
 */
export const ReleaseSubmissionSchema = z
  .object({
    note: z.string().trim().min(1).max(1000).optional(),
    signature: z.unknown().optional(),
  })
  .strict();
export type ReleaseSubmissionRequest = z.infer<typeof ReleaseSubmissionSchema>;

/** The optional body of a release (none, or `{note?, signature?}`), checked. */
export function releaseSubmissionRequest(body: unknown): ReleaseSubmissionRequest {
  const parsed = ReleaseSubmissionSchema.safeParse(body ?? {});
  if (!parsed.success) throw new InvalidInput('body', describeZodIssues(parsed.error).join('; '));
  return parsed.data;
}
