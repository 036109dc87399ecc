import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { UID } from '../samples/sample.schemas';

export const LicenseeQuerySchema = z.object({ uid: UID }).strict();
export class LicenseeQueryDto extends createZodDto(LicenseeQuerySchema) {}

export const LicenseeFileSchema = z
  .object({
    file: z
      .string()
      .regex(/^\d{16}\.(json|csv|xlsx|pdf)$/, 'expected <16-digit uid>.json, .csv, .xlsx or .pdf')
      .transform((f) => {
        const [uid, format] = f.split('.');
        return { uid, format: format as 'json' | 'csv' | 'xlsx' | 'pdf' };
      }),
  })
  .strict();
export class LicenseeFileDto extends createZodDto(LicenseeFileSchema) {}
