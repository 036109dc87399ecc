/**
 * What a failed call to the state system means for the next attempt:
 * - `retryable`: nothing happened remotely; the same call may simply be made again later;
 * - `ambiguous`: a write may have been applied (timeout, dropped connection, 5xx after the request was sent, an
 *   answer we could not read); before sending it again, look the sample up;
 * - `permanent`: the state system refused the request (4xx validation, conflict, unknown sample); trying again
 *   without a change cannot help.
 */
export type FailureKind = 'retryable' | 'ambiguous' | 'permanent';

/** Failure codes that wait for a person and do not use up attempts: the key was refused; the sample is not at the lab yet. */
export const CREDENTIALS_REVOKED = 'credentials_revoked';
export const WAITING_TO_BE_RECEIVED = 'waiting_to_be_received';

export interface FailedCall {
  /** POST/PUT that changes state (results, receiving a transfer); reads and logins are not writes. */
  write: boolean;
  /** HTTP status when an answer arrived. */
  status?: number;
  /** Node/axios error code when no answer arrived (ECONNRESET, ETIMEDOUT, ECONNREFUSED, …). */
  networkCode?: string;
  /** A 2xx answer whose body did not match the contract. */
  unreadableAnswer?: boolean;
  /** The Retry-After header, if any. */
  retryAfter?: string;
}

export interface Classification {
  kind: FailureKind;
  /** Do not try again before this many milliseconds (from Retry-After). */
  retryAfterMs?: number;
}

/** Connection errors raised before a single byte of the request reached the server. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_INVALID_URL']);

export function classifyFailure(call: FailedCall, now: Date): Classification {
  const retryAfterMs = call.retryAfter === undefined ? undefined : parseRetryAfter(call.retryAfter, now);
  const withWait = (kind: FailureKind): Classification => (retryAfterMs === undefined ? { kind } : { kind, retryAfterMs });
  if (call.unreadableAnswer) return { kind: call.write ? 'ambiguous' : 'permanent' };
  if (call.status === undefined) {
    if (!call.write || (call.networkCode !== undefined && NEVER_SENT.has(call.networkCode))) return { kind: 'retryable' };
    return { kind: 'ambiguous' };
  }
  const status = call.status;
  if (status === 429) return withWait('retryable');
  if (status === 401) return { kind: 'retryable' };
  if (status === 408) return { kind: call.write ? 'ambiguous' : 'retryable' };
  if (status >= 500) return withWait(call.write ? 'ambiguous' : 'retryable');
  if (status >= 400) return { kind: 'permanent' };
  return { kind: call.write ? 'ambiguous' : 'permanent' };
}

/**
 * Retry-After as delta-seconds ("120") or an HTTP-date, in milliseconds from `now`; a date in the past is 0.
 * Undefined when the header says neither.
 */
export function parseRetryAfter(value: string, now: Date): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
