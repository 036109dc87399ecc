/**
 * A token bucket with a cap on requests in flight: `ratePerSecond` tokens a second (bursts up to one second's worth)
 * and at most `maxInFlight` requests at once. One per vendor key per process (`gateFor`), so every outbox sender,
 * the sample sync and /health share Metrc's per-key limits.
 */
export class RateGate {
  private tokens: number;
  private last = Date.now();
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;
  /** No request before this (a 429's Retry-After applies to the whole key). */
  private pausedUntil = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly maxInFlight: number,
  ) {
    this.tokens = ratePerSecond;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
    try {
      return await call();
    } finally {
      this.inFlight -= 1;
      this.pump();
    }
  }

  /** Metrc said to wait: nobody on this key sends before then. */
  holdFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    this.pump();
  }

  private pump(): void {
    const now = Date.now();
    this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    while (this.waiting.length > 0 && now >= this.pausedUntil && this.inFlight < this.maxInFlight && this.tokens >= 1) {
      this.tokens -= 1;
      this.inFlight += 1;
      this.waiting.shift()?.();
    }
    if (this.waiting.length > 0 && this.inFlight < this.maxInFlight && !this.timer) {
      const wait = Math.max(
        now < this.pausedUntil ? this.pausedUntil - now : 0,
        this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.ratePerSecond) * 1000,
      );
      this.timer = setTimeout(
        () => {
          this.timer = null;
          this.pump();
        },
        Math.max(1, Math.ceil(wait)),
      );
      this.timer.unref();
    }
  }
}

const gates = new Map<string, RateGate>();

export function gateFor(vendorKey: string, ratePerSecond: number, maxInFlight: number): RateGate {
  let gate = gates.get(vendorKey);
  if (!gate) {
    gate = new RateGate(ratePerSecond, maxInFlight);
    gates.set(vendorKey, gate);
  }
  return gate;
}
