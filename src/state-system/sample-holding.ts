import { z } from 'zod';
import type { SampleHolding } from './state-system.port';

/** How long readiness waits for the state system's answer before it says the check could not be made. */
export const HOLDING_CHECK_TIMEOUT_MS = 10_000;

/** What an adapter may answer: checked here, so a slip in an adapter is a visible "could not check", never a pass. */
export const SampleHoldingSchema: z.ZodType<SampleHolding> = z.discriminatedUnion('answer', [
  z.strictObject({ answer: z.literal('held') }),
  z.strictObject({ answer: z.enum(['not_held', 'not_received']), reason: z.string().min(1), fix: z.string().min(1) }),
  z.strictObject({ answer: z.literal('unchecked'), reason: z.string().min(1) }),
]);

/**
 * Runs an adapter's holding question within `timeoutMs`; whatever goes wrong (a failure, a timeout, an answer of the
 * wrong shape) becomes `unchecked` with the reason, so readiness can show it and go on.
 */
export async function askHolding(
  system: string,
  ask: () => Promise<SampleHolding>,
  timeoutMs = HOLDING_CHECK_TIMEOUT_MS,
): Promise<SampleHolding> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<SampleHolding>((resolve) => {
    timer = setTimeout(
      () => resolve({ answer: 'unchecked', reason: `${system} did not answer within ${waited(timeoutMs)}` }),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    const answer = await Promise.race([ask(), late]);
    const checked = SampleHoldingSchema.safeParse(answer);
    return checked.success
      ? checked.data
      : { answer: 'unchecked', reason: `${system}: the adapter's answer is not a holding answer` };
  } catch (e) {
    return { answer: 'unchecked', reason: `${system} could not be asked: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    clearTimeout(timer);
  }
}

const waited = (ms: number): string => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);
