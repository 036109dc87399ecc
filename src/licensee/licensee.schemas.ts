import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { HeldUid } from './uid-input';

/** The UID as printed or pasted: spaces and dashes are ignored, a Metrc tag in any case. */
export const LicenseeQuerySchema = z.object({ uid: HeldUid }).strict();
export class LicenseeQueryDto extends createZodDto(LicenseeQuerySchema) {}

export const LicenseeFileSchema = z
  .object({
    file: z
      .string()
      .regex(
        /^(\d{16}|[0-9A-Za-z]{24})\.(json|csv|xlsx|pdf)$/,
        'expected <16-digit UID or 24-character tag>.json, .csv, .xlsx or .pdf',
      )
      .transform((f) => {
        const [uid, format] = f.split('.');
        return { uid: uid.toUpperCase(), format: format as 'json' | 'csv' | 'xlsx' | 'pdf' };
      }),
  })
  .strict();
export class LicenseeFileDto extends createZodDto(LicenseeFileSchema) {}

const DAY = z.iso.date();

/** A licensee's list: search over its own samples, filtered by where they stand, the verdict and the release date. */
export const LicenseeListSchema = z
  .object({
    /** Part of a product name, batch or lab sample ID; or a whole UID as printed (spaces and dashes ignored). */
    q: z.string().trim().min(1).max(80).optional(),
    state: z.enum(['released', 'in_testing']).optional(),
    verdict: z.enum(['pass', 'fail', 'incomplete']).optional(),
    /** Released on or after / on or before this day (UTC). */
    from: DAY.optional(),
    to: DAY.optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export class LicenseeListDto extends createZodDto(LicenseeListSchema) {}
