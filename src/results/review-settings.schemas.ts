import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const UpdateReviewSettingsSchema = z
  .object({
    /** Let a manager approve a result set they created or submitted (the two-person rule off). */
    allowSelfApproval: z.boolean(),
  })
  .strict();
export class UpdateReviewSettingsDto extends createZodDto(UpdateReviewSettingsSchema) {}
