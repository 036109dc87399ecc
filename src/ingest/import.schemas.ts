import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { parseUnit } from '../catalog/unit';

const POSITIVE_DECIMAL = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'expected a positive decimal number, e.g. "0.500"')
  .refine((v) => Number(v) > 0, 'expected a number greater than 0');

/** Keys every JavaScript object already has: never column roles. */
const OBJECT_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Multipart text fields that may accompany an upload. */
export const ImportFieldsSchema = z
  .object({
    template: z.string().trim().min(1).max(100).optional(),
    /** The unit the instrument reports in, for a file that prints none (wins over the method's). */
    unit: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .refine((u) => parseUnit(u) !== null, 'not a unit the catalog knows (e.g. "ug/mL", "ppb", "ng/mL")')
      .optional(),
    /** Lab method key; by default the one method that reads the file's template, if exactly one does. */
    method: z.string().trim().min(1).max(80).optional(),
    mass: POSITIVE_DECIMAL.optional(),
    volume: POSITIVE_DECIMAL.optional(),
    dilution: POSITIVE_DECIMAL.optional(),
    /** Column mapping for the generic templates, as JSON: {"sampleId":"Sample","analyte":"Analyte",…}. */
    mapping: z
      .string()
      .max(4000)
      .transform((text, ctx) => {
        const expected = 'expected a JSON object of strings, e.g. {"sampleId":"Sample ID"}';
        try {
          const parsed: unknown = JSON.parse(text);
          // A record schema drops a "__proto__" key silently; name it instead of importing with less than was sent.
          const objectKey =
            parsed && typeof parsed === 'object' ? Object.keys(parsed).find((k) => OBJECT_KEYS.has(k)) : undefined;
          if (objectKey) {
            ctx.addIssue({ code: 'custom', message: `"${objectKey}" is not a column role: ${expected}` });
            return z.NEVER;
          }
          const ok = z.record(z.string().min(1).max(60), z.string().min(1).max(200)).safeParse(parsed);
          if (ok.success) return ok.data;
        } catch {
          // fall through to the issue below
        }
        ctx.addIssue({ code: 'custom', message: expected });
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

/** Takes an unmatched sample off the open-work queue: a blank, a sample the lab does not test, a duplicate run. */
export const DiscardUnmatchedSchema = z
  .object({
    index: z.coerce.number().int().min(0),
    reason: z.string().trim().min(10, 'give a reason of at least 10 characters').max(2000),
  })
  .strict();
export class DiscardUnmatchedDto extends createZodDto(DiscardUnmatchedSchema) {}

/** A page of the open-work queue (`GET /api/unmatched`). */
export const OpenUnmatchedQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export class OpenUnmatchedQueryDto extends createZodDto(OpenUnmatchedQuerySchema) {}

/** Which page of an import's unmatched samples `GET /api/imports/:id` lists. */
export const ImportQuerySchema = z
  .object({
    unmatchedOffset: z.coerce.number().int().min(0).default(0),
    unmatchedLimit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();
export class ImportQueryDto extends createZodDto(ImportQuerySchema) {}
export type UnmatchedPageRequest = { offset: number; limit: number };
