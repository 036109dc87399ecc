import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
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
