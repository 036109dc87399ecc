import { ZodError } from 'zod';
import { InvalidInput } from '../../common/errors';
import { describeZodIssues } from '../../common/zod-issues';
import { ManualEntryFormSchema, ManualEntrySchema, type ManualEntry } from './manual-entry.schemas';

/** The multipart variant: `entry` holds the JSON body, `file` the certificate PDF. */
export function parseManualEntryForm(
  body: unknown,
  file: Express.Multer.File | undefined,
): { entry: ManualEntry; certificate?: { name: string; bytes: Buffer } } {
  const form = ManualEntryFormSchema.safeParse(body ?? {});
  if (!form.success) throw new InvalidInput('entry', describeZodIssues(form.error).join('; '));
  let json: unknown;
  try {
    json = JSON.parse(form.data.entry);
  } catch {
    throw new InvalidInput('entry', 'expected the manual entry as JSON');
  }
  const entry = ManualEntrySchema.safeParse(json);
  if (!entry.success) throw new InvalidInput('entry', describe(entry.error));
  return { entry: entry.data, ...(file ? { certificate: { name: file.originalname, bytes: file.buffer } } : {}) };
}

function describe(e: ZodError): string {
  return describeZodIssues(e).join('; ');
}
