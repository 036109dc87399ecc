import { z } from 'zod';

const rate = z.number().min(0, 'expected a rate from 0 to 1').max(1, 'expected a rate from 0 to 1');
const millis = z.number().int('expected whole milliseconds').min(0).max(60_000, 'at most 60000 ms');

/**
 * Fault injection any simulator can apply per request (rates are probabilities, drawn from the run's seeded random).
 * A simulator maps each fault to its own system's answer (the status, body and headers that system would send).
 */
export const FaultPlanSchema = z
  .strictObject({
    latencyMs: z
      .union([millis, z.tuple([millis, millis]).refine(([min, max]) => min <= max, 'expected [min, max] with min <= max')])
      .optional(),
    /** Answer a 5xx without doing anything. */
    error5xxRate: rate.optional(),
    /** Answer 429 with Retry-After. */
    rate429: rate.optional(),
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    /** Destroy the socket before handling (the client sees a reset). */
    dropRate: rate.optional(),
    /** On a write that succeeded: keep its effect, then answer 500 (`timeoutAfterApplyRate`: drop the socket instead). */
    appliedButErrorRate: rate.optional(),
    timeoutAfterApplyRate: rate.optional(),
    /** How long a timeout after apply holds the answer before dropping the socket (0: at once), past the client's timeout. */
    timeoutAfterApplyHangMs: millis.optional(),
    /** Every request answers 503 (a maintenance window). */
    maintenance: z.boolean().optional(),
  })
  .refine(
    (f) => (f.dropRate ?? 0) + (f.rate429 ?? 0) + (f.error5xxRate ?? 0) <= 1,
    'dropRate + rate429 + error5xxRate must not exceed 1',
  );
export type FaultPlan = z.infer<typeof FaultPlanSchema>;

export type BeforeFault = 'maintenance' | '429' | '5xx' | 'drop' | null;
export type AfterFault = 'applied-but-500' | 'timeout-after-apply' | null;

/** What happens to a request before it is handled (one draw decides among the exclusive faults). */
export function drawBefore(plan: FaultPlan, random: () => number): BeforeFault {
  if (plan.maintenance) return 'maintenance';
  const x = random();
  let edge = plan.rate429 ?? 0;
  if (x < edge) return '429';
  edge += plan.error5xxRate ?? 0;
  if (x < edge) return '5xx';
  edge += plan.dropRate ?? 0;
  if (x < edge) return 'drop';
  return null;
}

/** What happens to a write's answer after it was applied. */
export function drawAfter(plan: FaultPlan, random: () => number): AfterFault {
  const x = random();
  if (x < (plan.appliedButErrorRate ?? 0)) return 'applied-but-500';
  if (x < (plan.appliedButErrorRate ?? 0) + (plan.timeoutAfterApplyRate ?? 0)) return 'timeout-after-apply';
  return null;
}

export function drawLatency(plan: FaultPlan, random: () => number): number {
  const l = plan.latencyMs;
  if (l === undefined) return 0;
  if (typeof l === 'number') return l;
  return Math.round(l[0] + (l[1] - l[0]) * random());
}
