import { DomainError } from '../common/errors';
import { describeZodIssues } from '../common/zod-issues';
import { ZodError } from 'zod';
import { DEFAULT_MEANINGS, type SignedAction } from '../signatures/signature.schemas';
import type { SignatureView } from '../signatures/signature.service';
import { formatDateTime, type LabTime } from './format';

/** One signature as a page lists it: who (full name and title), what it means, when (lab time, UTC tooltip), fingerprint. */
export interface SignatureLineView {
  who: string;
  meaning: string;
  step: string;
  at: LabTime;
  fingerprint: string;
  fingerprintPrefix: string;
}

const STEP: Record<string, string> = {
  approve: 'approved',
  reject: 'rejected',
  amend: 'amended',
  release: 'released in the state system',
};

export const signerLine = (s: Pick<SignatureView, 'fullName' | 'title'>): string =>
  s.title ? `${s.fullName}, ${s.title}` : s.fullName;

export function toSignatureLines(signatures: readonly SignatureView[] | undefined): SignatureLineView[] {
  return (signatures ?? []).map((s) => ({
    who: signerLine(s),
    meaning: s.meaning,
    step: `${STEP[s.action] ?? s.action}, version ${s.resultSetVersion}${s.authenticatedBy === 'sso' ? ', confirmed through single sign-on' : ''}`,
    at: formatDateTime(s.signedAt),
    fingerprint: s.contentHash,
    fingerprintPrefix: s.contentHash.slice(0, 12),
  }));
}

/** The meaning a signed form starts with, the person may change it. */
export const defaultMeaning = (action: SignedAction): string => DEFAULT_MEANINGS[action];

const PAST: Record<SignedAction, string> = { approve: 'approved', reject: 'rejected', amend: 'amended', release: 'released' };

/**
 * Why a signed form was refused, in words for the person at the page: a wrong password says so and that nothing
 * happened; the API's field-prefixed messages lose their prefix.
 */
export function signedFormMessage(error: unknown, action: SignedAction): string | null {
  if (error instanceof ZodError) return describeZodIssues(error).join('; ');
  if (!(error instanceof DomainError)) return null;
  if (!/^(signature|body: signature)/.test(error.message)) return error.message;
  const text = error.message.replace(/^(body: )?signature(\.\w+)?: /, '');
  if (error.status === 401 && /password is not/.test(text))
    return `That password is not yours: nothing was ${PAST[action]}. Enter your own password to sign.`;
  return `Signature: ${text}. Nothing was ${PAST[action]}.`;
}
