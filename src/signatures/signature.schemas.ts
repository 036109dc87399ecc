import { z } from 'zod';

/** The workflow steps a person signs. */
export const SIGNED_ACTIONS = ['approve', 'reject', 'amend', 'release'] as const;
export type SignedAction = (typeof SIGNED_ACTIONS)[number];

/** How a signer proved who they are: the password entered again, or a fresh single sign-on (see sso-confirmation.ts). */
export type SignatureAuthentication = 'password' | 'sso';

/** What a signature means when the signer states nothing else; pages offer these as the default wording. */
export const DEFAULT_MEANINGS: Readonly<Record<SignedAction, string>> = {
  approve: 'Reviewed and approved for release',
  reject: 'Reviewed and rejected',
  amend: 'Amended with the reason given',
  release: 'Released to the state system',
};

/** Words for a missing value and for one of the wrong type; other issues (too short, too long) keep their own. */
const typeError =
  (missing: string, wrongType: string) =>
  (issue: { code?: string; input?: unknown }): string | undefined =>
    issue.code !== 'invalid_type' ? undefined : issue.input === undefined ? missing : wrongType;

/**
 * An e-signature as a request carries it: the signer's own password, entered again, and what the signature means.
 * The password is checked and forgotten; it is never stored, logged or echoed.
 */
export const SignatureSchema = z
  .object(
    {
      password: z
        .string({ error: typeError('required: your password, entered again', 'expected text') })
        .min(1, 'required: your password, entered again')
        .max(1024),
      meaning: z
        .string({ error: typeError('required: what your signature means', 'expected text') })
        .trim()
        .min(3, 'say what your signature means in at least 3 characters')
        .max(200),
    },
    {
      error: typeError(
        'required: this step is signed with {"password": "<your password>", "meaning": "<what it means>"}',
        'expected {"password": "...", "meaning": "..."}',
      ),
    },
  )
  .strict();
export type SignatureInput = z.infer<typeof SignatureSchema>;

/** In a browser session single sign-on has just confirmed (see sso-confirmation.ts), the password may be left empty. */
export const SsoConfirmedSignatureSchema = SignatureSchema.extend({ password: z.string().max(1024).optional() });
