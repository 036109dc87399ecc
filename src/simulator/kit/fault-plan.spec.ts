import { drawAfter, drawBand, drawBefore, drawLatency, FaultPlanSchema, pick5xxStatus } from './fault-plan';

const draws = (...xs: number[]) => {
  const queue = [...xs];
  return () => {
    const x = queue.shift();
    if (x === undefined) throw new Error('no draw left');
    return x;
  };
};

describe('the shared fault kit', () => {
  it.each([
    [0.05, 'drop', 0.5],
    [0.2, '429', 0.5],
    [0.95, null, 0],
  ])('one draw over bands in the order given: %d picks %s', (x, kind, at) => {
    const picked = drawBand(
      [
        ['drop', 0.1],
        ['429', 0.2],
      ] as const,
      draws(x),
    );
    expect(picked === null ? [null, 0] : [picked.kind, picked.at]).toEqual([kind, at]);
  });

  it('draws nothing when no rate is set, so a run without faults leaves the seeded sequence alone', () => {
    const random = jest.fn(() => 0.5);
    expect(drawBefore({}, random)).toBeNull();
    expect(drawAfter({}, random)).toBeNull();
    expect(drawLatency({}, random)).toBe(0);
    expect(random).not.toHaveBeenCalled();
  });

  it('maintenance answers every request before any draw; a write applied may still lose its answer', () => {
    expect(drawBefore({ maintenance: true, error5xxRate: 1 }, draws())).toBe('maintenance');
    expect(drawAfter({ appliedButErrorRate: 0.1, timeoutAfterApplyRate: 0.1 }, draws(0.15))).toBe('timeout-after-apply');
  });

  it('picks a 5xx status by where the draw fell in its band, and a latency within [min, max] inclusive', () => {
    expect(pick5xxStatus({ error5xxStatuses: [500, 502, 503] }, 0.9)).toBe(503);
    expect(pick5xxStatus({}, 0.9)).toBe(500);
    expect(drawLatency({ latencyMs: [40, 60] }, draws(0.9999))).toBe(60);
    expect(drawLatency({ latencyMs: [40, 60] }, draws(0))).toBe(40);
  });

  it('refuses rates that add up past 1 and unknown faults', () => {
    expect(FaultPlanSchema.safeParse({ rate429: 0.6, error5xxRate: 0.6 }).error?.issues[0]?.message).toBe(
      'dropRate + rate429 + error5xxRate must not exceed 1',
    );
    expect(FaultPlanSchema.safeParse({ sessionExpireRate: 0.1 }).success).toBe(false);
  });
});
