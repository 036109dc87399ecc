import { z } from 'zod';

/**
 * Fields every page form reads alike. HTML forms send every field as text and send empty inputs too: these drop the
 * blanks before a form's schema hands the rest to the API's own.
 */

/** Text a person may leave empty: trimmed, and gone when blank. */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** `rows[0][x]`: an array, or (past 20 rows, or from multipart) an object keyed by index. */
export const rowsOf = <T extends z.ZodType>(row: T) =>
  z
    .union([z.array(row), z.record(z.string(), row)])
    .optional()
    .transform((v): Array<z.output<T>> => (v === undefined ? [] : Array.isArray(v) ? v : Object.values(v)));
