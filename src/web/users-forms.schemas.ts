import { z } from 'zod';
import { CreateUserSchema, IssueTokenSchema, UpdateUserSchema } from '../auth/user.schemas';

type Fields = Record<string, unknown>;
const isBlank = (v: unknown) => typeof v === 'string' && v.trim() === '';

/**
 * A form's empty fields, which a browser always sends, as the API's absent fields, or as null for the fields
 * named (a blank there clears what was kept).
 */
const blanksAs =
  (clearable: readonly string[] = []) =>
  (body: unknown) =>
    body && typeof body === 'object' && !Array.isArray(body)
      ? Object.fromEntries(
          Object.entries(body as Fields).map(([k, v]) => [k, isBlank(v) ? (clearable.includes(k) ? null : undefined) : v]),
        )
      : body;

/** The users page's "add a person" form: the API's rules, with blank fields left out. */
export const UserCreateFormSchema = z.preprocess(blanksAs(), CreateUserSchema);

/** A user's edit form: a blank title, e-mail or license clears it. */
export const UserEditFormSchema = z.preprocess(blanksAs(['title', 'email', 'licenseNumber']), UpdateUserSchema);

export const TokenFormSchema = z.preprocess((body) => {
  const fields = blanksAs()(body) as Fields;
  const days = fields?.expiresInDays;
  return typeof days === 'string' && /^\d+$/.test(days.trim()) ? { ...fields, expiresInDays: Number(days) } : fields;
}, IssueTokenSchema);
