import { z } from 'zod';
import type { KeptForm } from '../auth/web-session.rules';

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** Where a kept form may be sent again: a path on this site, never the sign-in itself. */
const keptAction = z
  .string()
  .max(2000)
  .regex(/^\/(?![/\\])/, 'a path on this site')
  .refine((p) => !/^\/(login|logout)(\/|\?|$)/.test(p), 'not the sign-in');

/** A kept form as the sign-in form or the single sign-on round trip carries it. */
export const KeptFormSchema = z
  .object({
    action: keptAction,
    fields: z.array(z.tuple([z.string().max(200), z.string().max(20_000)])).max(500),
  })
  .strict();

/** The longest kept form, as JSON (a person's typing: the form's own limit is 100,000 characters of values). */
export const MAX_KEPT_JSON_CHARS = 200_000;

/** The kept form travels as JSON in a hidden field of the sign-in form; anything unreadable is simply dropped. */
const keptJson = z
  .string()
  .max(MAX_KEPT_JSON_CHARS)
  .optional()
  .transform((raw): KeptForm | undefined => {
    if (!raw) return undefined;
    try {
      const parsed = KeptFormSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  });

/**
 * The sign-in form: a username and password, or (for scripts and the browser tests) an API token in its own
 * field. Also the page asked for (`next`), and a form posted while signed out (`kept`).
 */
export const SignInFormSchema = z
  .object({
    username: optionalText(100),
    password: z.string().max(1000).optional(),
    token: optionalText(200),
    next: optionalText(2000),
    kept: keptJson,
  })
  .strict();
export type SignInForm = z.output<typeof SignInFormSchema>;

/**
 * The sign-in page's "Sign in with single sign-on" button when a form is kept: it posts the kept form (and the page
 * asked for) to carry them through the issuer's round trip, read as the sign-in form reads them.
 */
export const SsoSignInFormSchema = SignInFormSchema.pick({ next: true, kept: true });
export type SsoSignInForm = z.output<typeof SsoSignInFormSchema>;
