export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before attempt `attempt + 1` after `attempt` failed attempts: "full jitter" (a uniform draw between 0
 * and min(max, base · 2^(attempt-1))), so many rows failing together do not come back together. A Retry-After
 * from the state system is a floor: never earlier than it asked.
 */
export function nextDelayMs(attempt: number, policy: BackoffPolicy, random: number, retryAfterMs?: number): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 52));
  const jittered = Math.floor(clampUnit(random) * ceiling);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, retryAfterMs);
}

function clampUnit(x: number): number {
  if (!Number.isFinite(x) || x < 0) return 0;
  return x >= 1 ? 1 - Number.EPSILON : x;
}
