import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const POSITIVE_DECIMAL = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'expected a positive decimal number, e.g. "0.500"')
  .refine((v) => Number(v) > 0, 'expected a number greater than 0');

/** Multipart text fields that may accompany an upload. */
export const ImportFieldsSchema = z
  .object({
    template: z.string().trim().min(1).max(100).optional(),
    mass: POSITIVE_DECIMAL.optional(),
    volume: POSITIVE_DECIMAL.optional(),
    dilution: POSITIVE_DECIMAL.optional(),
    /** Column mapping for the generic templates, as JSON: {"sampleId":"Sample","analyte":"Analyte",…}. */
    mapping: z
      .string()
      .max(4000)
      .transform((text, ctx) => {
        try {
          const parsed: unknown = JSON.parse(text);
          const ok = z.record(z.string().min(1).max(60), z.string().min(1).max(200)).safeParse(parsed);
          if (ok.success) return ok.data;
        } catch {
          // fall through to the issue below
        }
        ctx.addIssue({ code: 'custom', message: 'expected a JSON object of strings, e.g. {"sampleId":"Sample ID"}' });
        return z.NEVER;
      })
      .optional(),
  })
  .strict();
export class ImportFieldsDto extends createZodDto(ImportFieldsSchema) {}

export const AttachUnmatchedSchema = z
  .object({
    /** Index of the entry in the import summary's `unmatched` list. */
    index: z.number().int().min(0),
    sampleId: z.uuid(),
  })
  .strict();
export class AttachUnmatchedDto extends createZodDto(AttachUnmatchedSchema) {}
