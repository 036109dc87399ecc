import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { STATE_TAG } from '../samples/sample.schemas';

export const LicenseeQuerySchema = z.object({ uid: STATE_TAG }).strict();
export class LicenseeQueryDto extends createZodDto(LicenseeQuerySchema) {}

export const LicenseeFileSchema = z
  .object({
    file: z
      .string()
      .regex(
        /^(\d{16}|[0-9A-Z]{24})\.(json|csv|xlsx|pdf)$/,
        'expected <uid>.json, .csv, .xlsx or .pdf (a 16-digit BioTrack UID or a 24-character Metrc tag)',
      )
      .transform((f) => {
        const [uid, format] = f.split('.');
        return { uid, format: format as 'json' | 'csv' | 'xlsx' | 'pdf' };
      }),
  })
  .strict();
export class LicenseeFileDto extends createZodDto(LicenseeFileSchema) {}
