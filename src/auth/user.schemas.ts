import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, passwordProblems } from './password-policy';
import { ROLES } from './role';

export const LICENSE_NUMBER = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[A-Z0-9][A-Z0-9-]*$/i, 'expected a license number such as OCM-PROC-24-000030');

/** A person's name as they sign: letters in any script, spaces, apostrophes, hyphens and periods. */
export const PERSON_NAME = z
  .string()
  .trim()
  .min(2, 'give the full name as it should be printed under a signature')
  .max(200)
  .regex(/^[\p{L}\p{M}][\p{L}\p{M}'’. -]*$/u, "expected a name such as Dr. Maria O'Neill-Santos");

export const PERSON_TITLE = z.string().trim().min(2).max(200);

export const CreateUserSchema = z
  .object({
    username: z
      .string()
      .trim()
      .min(2)
      .max(100)
      .regex(/^[a-z0-9._@-]+$/i, 'expected letters, digits and . _ @ - only'),
    /** As printed under the person's signature on certificates and in the audit log. */
    fullName: PERSON_NAME,
    title: PERSON_TITLE.optional(),
    role: z.enum(ROLES),
    /** An initial password; without one the answer carries a one-time link for the person to set their own. */
    password: z.string().max(PASSWORD_MAX_LENGTH).optional(),
    licenseNumber: LICENSE_NUMBER.optional(),
    /** Where notifications go, and how single sign-on recognises the person. */
    email: z.email({ error: 'expected an e-mail address' }).max(254).optional(),
  })
  .strict()
  .superRefine((u, ctx) => {
    if (u.password !== undefined) {
      for (const message of passwordProblems(u.password, u)) ctx.addIssue({ code: 'custom', path: ['password'], message });
    }
    if (u.role === 'licensee' && !u.licenseNumber) {
      ctx.addIssue({ code: 'custom', path: ['licenseNumber'], message: 'required for a licensee user' });
    }
    if (u.role !== 'licensee' && u.licenseNumber) {
      ctx.addIssue({ code: 'custom', path: ['licenseNumber'], message: 'only licensee users are bound to a license' });
    }
  });

export class CreateUserDto extends createZodDto(CreateUserSchema) {}

export const IssueTokenSchema = z
  .object({
    label: z.string().trim().min(1).max(100).optional(),
    /** The token stops opening anything this many days after it is issued; without it, it lasts until revoked. */
    expiresInDays: z.number().int('expected a whole number of days').min(1).max(3650).optional(),
  })
  .strict();

export class IssueTokenDto extends createZodDto(IssueTokenSchema) {}

/**
 * A change to a user (admin): role, names and e-mail. A licensee keeps a license number and lab staff have
 * none, as at creation: a change to or from `licensee` names the license (or `null` to drop it).
 */
export const UpdateUserSchema = z
  .object({
    role: z.enum(ROLES).optional(),
    licenseNumber: LICENSE_NUMBER.nullable().optional(),
    fullName: PERSON_NAME.optional(),
    title: PERSON_TITLE.nullable().optional(),
    email: z.email({ error: 'expected an e-mail address' }).max(254).nullable().optional(),
  })
  .strict()
  .refine((u) => Object.values(u).some((v) => v !== undefined), {
    message: 'name at least one of role, licenseNumber, fullName, title, email',
  });

export class UpdateUserDto extends createZodDto(UpdateUserSchema) {}

/** A password reset takes no fields: a body naming any (a link, a password) is refused rather than ignored. */
export const PasswordResetSchema = z.object({}).strict().optional();
