import { z } from 'zod';
import { optionalText } from './form-fields';

const attachRow = z
  .object({
    index: z.coerce.number().int().min(0),
    /** The lab sample id or UID typed or picked for the row; blank leaves the row unmatched. */
    sample: optionalText.pipe(z.string().max(64).optional()),
    /** Ticked: remember the run's name for the row as a name of that sample. */
    remember: z.enum(['on', 'true']).optional(),
  })
  .strict();

/** The import page's one form: a row per unmatched sample (`rows[n][…]`, an array or, past 20 rows, an object). */
export const AttachAllFormSchema = z
  .object({
    rows: z
      .union([z.array(attachRow), z.record(z.string(), attachRow)])
      .transform((v) => (Array.isArray(v) ? v : Object.values(v))),
  })
  .strict()
  .transform((f) =>
    f.rows
      .filter((r) => r.sample !== undefined)
      .map((r) => ({ index: r.index, sample: r.sample!, remember: r.remember !== undefined })),
  )
  .pipe(
    z
      .array(z.object({ index: z.number(), sample: z.string(), remember: z.boolean() }))
      .min(1, 'choose a sample for at least one row'),
  );
export type AttachAllForm = z.output<typeof AttachAllFormSchema>;
