import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const AuditQuerySchema = z
  .object({
    entityType: z.string().min(1).max(60).optional(),
    entityId: z.string().min(1).max(64).optional(),
    actor: z.string().min(1).max(140).optional(),
    afterSequence: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

export class AuditQueryDto extends createZodDto(AuditQuerySchema) {}
