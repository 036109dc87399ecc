import { z } from 'zod';

const rate = z.number().min(0, 'expected a rate from 0 to 1').max(1, 'expected a rate from 0 to 1');
const millis = z.number().int('expected whole milliseconds').min(0).max(60_000, 'at most 60000 ms');

/**
 * Fault injection any simulator can apply per request (rates are probabilities, drawn from the run's seeded random).
 * A simulator maps each fault to its own system's answer (the status, body and headers that system would send), and
 * may add faults of its own to the shape (BioTrack NY: early session expiry).
 */
export const FaultPlanShape = z.strictObject({
  latencyMs: z
    .union([millis, z.tuple([millis, millis]).refine(([min, max]) => min <= max, 'expected [min, max] with min <= max')])
    .optional(),
  /** Answer a 5xx (one of error5xxStatuses, default 500) without doing anything. */
  error5xxRate: rate.optional(),
  error5xxStatuses: z.array(z.number().int().min(500).max(599)).min(1).optional(),
  /** Answer 429 with Retry-After (503 answers carry it too). */
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
});

export const FaultPlanSchema = FaultPlanShape.refine(
  (f) => (f.dropRate ?? 0) + (f.rate429 ?? 0) + (f.error5xxRate ?? 0) <= 1,
  'dropRate + rate429 + error5xxRate must not exceed 1',
);
export type FaultPlan = z.infer<typeof FaultPlanSchema>;

export type BeforeFault = 'maintenance' | '429' | '5xx' | 'drop' | null;
export type AfterFault = 'applied-but-500' | 'timeout-after-apply' | null;

/**
 * One draw picks at most one of the exclusive faults: each rate is a band of [0, 1), in the order given (their sum at
 * most 1). `at` is where in its band the draw fell (0..1), for a choice within the fault (which 5xx status). No rate
 * set: no draw, so a run without these faults consumes nothing of the seeded sequence.
 */
export function drawBand<K extends string>(
  bands: ReadonlyArray<readonly [K, number]>,
  random: () => number,
): { kind: K; at: number } | null {
  if (bands.every(([, r]) => r <= 0)) return null;
  const x = random();
  let start = 0;
  for (const [kind, r] of bands) {
    if (r > 0 && x < start + r) return { kind, at: (x - start) / r };
    start += r;
  }
  return null;
}

/** What happens to a request before it is handled (one draw decides among the exclusive faults). */
export function drawBefore(plan: FaultPlan, random: () => number): BeforeFault {
  return drawBeforeAt(plan, random).kind;
}

/** drawBefore, with where the draw fell in its band (see pick5xxStatus). */
export function drawBeforeAt(plan: FaultPlan, random: () => number): { kind: BeforeFault; at: number } {
  if (plan.maintenance) return { kind: 'maintenance', at: 0 };
  const picked = drawBand(
    [
      ['429', plan.rate429 ?? 0],
      ['5xx', plan.error5xxRate ?? 0],
      ['drop', plan.dropRate ?? 0],
    ] as const,
    random,
  );
  return picked ?? { kind: null, at: 0 };
}

/** Which 5xx status a 5xx fault answers (`at`: where its draw fell in the band). */
export function pick5xxStatus(plan: Pick<FaultPlan, 'error5xxStatuses'>, at: number): number {
  const statuses = plan.error5xxStatuses ?? [500];
  return statuses[Math.min(statuses.length - 1, Math.floor(at * statuses.length))] ?? 500;
}

/** What happens to a write's answer after it was applied (no draw when neither rate is set). */
export function drawAfter(
  plan: Pick<FaultPlan, 'appliedButErrorRate' | 'timeoutAfterApplyRate'>,
  random: () => number,
): AfterFault {
  const picked = drawBand(
    [
      ['applied-but-500', plan.appliedButErrorRate ?? 0],
      ['timeout-after-apply', plan.timeoutAfterApplyRate ?? 0],
    ] as const,
    random,
  );
  return picked?.kind ?? null;
}

/** A fixed latency, or one drawn from [min, max] (whole milliseconds, both ends included). */
export function drawLatency(plan: Pick<FaultPlan, 'latencyMs'>, random: () => number): number {
  const l = plan.latencyMs;
  if (l === undefined) return 0;
  if (typeof l === 'number') return l;
  const [min, max] = l;
  return min + Math.floor(random() * (max - min + 1));
}
