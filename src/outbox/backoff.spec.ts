import { nextDelayMs } from './backoff';

const policy = { baseMs: 1000, maxMs: 60_000 };

describe('nextDelayMs: exponential backoff with full jitter, never before Retry-After', () => {
  it.each([
    // attempt, random draw, retry-after, expected delay
    [1, 0.999, undefined, 999],
    [1, 0.5, undefined, 500],
    [2, 0.5, undefined, 1000],
    [3, 0.5, undefined, 2000],
    [4, 0.5, undefined, 4000],
    [7, 0.5, undefined, 30_000],
    [8, 0.5, undefined, 30_000],
    [30, 0.5, undefined, 30_000],
    [1, 0, undefined, 0],
    [3, 0.25, 5000, 5000],
    [7, 0.5, 5000, 30_000],
  ])('after attempt %d with draw %d and Retry-After %p waits %d ms', (attempt, draw, retryAfter, expected) => {
    expect(nextDelayMs(attempt, policy, draw, retryAfter)).toBe(expected);
  });

  it.each([1, 2, 5, 10, 60, 1000])('after attempt %d never waits longer than the maximum', (attempt) => {
    expect(nextDelayMs(attempt, policy, 0.9999999, undefined)).toBeLessThan(policy.maxMs);
  });

  it.each([-1, Number.NaN, 1, 2])('treats an out-of-range draw %p as a draw in [0, 1)', (draw) => {
    const delay = nextDelayMs(2, policy, draw, undefined);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(2000);
  });

  it('spreads rows that failed together over the whole window (full jitter)', () => {
    const delays = [0.05, 0.35, 0.65, 0.95].map((draw) => nextDelayMs(5, policy, draw));
    expect(delays).toEqual([800, 5600, 10400, 15200]);
  });
});
