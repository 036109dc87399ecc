import { gateFor, RateGate } from './rate-gate';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('RateGate: the per-vendor-key limit every worker shares', () => {
  it('keeps at most maxInFlight calls running and no more than ratePerSecond starts in a second', async () => {
    const gate = new RateGate(4, 2);
    let running = 0;
    let most = 0;
    const starts: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 6 }, () =>
        gate.run(async () => {
          starts.push(Date.now() - t0);
          running += 1;
          most = Math.max(most, running);
          await sleep(10);
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(2);
    // A burst of 4, then one token every 250 ms.
    expect(starts[4]).toBeGreaterThanOrEqual(200);
    expect(starts[5]).toBeGreaterThanOrEqual(450);
  });

  it('holds every call after a Retry-After, and is one gate per vendor key', async () => {
    const gate = new RateGate(100, 4);
    gate.holdFor(150);
    const t0 = Date.now();
    await gate.run(async () => undefined);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(gateFor('key-a', 5, 4)).toBe(gateFor('key-a', 5, 4));
    expect(gateFor('key-a', 5, 4)).not.toBe(gateFor('key-b', 5, 4));
  });
});
