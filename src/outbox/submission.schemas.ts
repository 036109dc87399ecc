import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { InvalidInput } from '../common/errors';
import { describeZodIssues } from '../common/zod-issues';
import { SignatureSchema } from '../signatures/signature.schemas';
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
 * A manager's release of results held at `awaiting_release`, signed: `signature` is required (SignatureService.verify
 * checks it, and refuses the release without one); typed loosely here so the page's form compiles.
 */
export const ReleaseSubmissionSchema = z
  .object({
    note: z.string().trim().min(1).max(1000).optional(),
    signature: z.unknown().optional(),
  })
  .strict();

/** The release as the API documents it: `{signature, note?}`. */
export const SignedReleaseSubmissionSchema = ReleaseSubmissionSchema.extend({ signature: SignatureSchema });
export class ReleaseSubmissionDto extends createZodDto(SignedReleaseSubmissionSchema) {}
export type ReleaseSubmissionRequest = z.infer<typeof ReleaseSubmissionSchema>;

/** The body of a release (`{signature, note?}`), checked: 400 naming the field otherwise. */
export function releaseSubmissionRequest(body: unknown): ReleaseSubmissionRequest {
  const parsed = SignedReleaseSubmissionSchema.safeParse(body ?? {});
  if (!parsed.success) throw new InvalidInput('body', describeZodIssues(parsed.error).join('; '));
  return parsed.data;
}
