import { AttemptLimiter } from './attempt-limiter';

describe('AttemptLimiter', () => {
  const t0 = Date.UTC(2026, 0, 5, 8);
  const limit = { max: 3, windowMs: 60_000, backoffMaxMs: 240_000 };

  it('lets a key make its allowed attempts in a window, and refuses the next for one window', () => {
    const sut = new AttemptLimiter(limit);
    expect([1, 2, 3, 4].map((i) => sut.attempt('10.0.0.1', t0 + i))).toEqual([0, 0, 0, 59_999]);
    expect(sut.waitMs('10.0.0.1', t0 + 3 + 60_000)).toBe(0);
  });

  it('makes a key wait once its recorded failures reach the limit, and only that key', () => {
    const sut = new AttemptLimiter(limit);
    expect([sut.record('10.0.0.1', t0), sut.record('10.0.0.1', t0), sut.record('10.0.0.1', t0)]).toEqual([0, 0, 60_000]);
    expect(sut.waitMs('10.0.0.1', t0 + 59_000)).toBe(1_000);
    expect(sut.waitMs('10.0.0.2', t0)).toBe(0);
    expect(sut.waitMs('10.0.0.1', t0 + 60_000)).toBe(0);
  });

  it('starts a fresh count in each window', () => {
    const sut = new AttemptLimiter(limit);
    for (let i = 0; i < 2; i++) sut.record('k', t0);
    expect(sut.record('k', t0 + 60_000)).toBe(0);
    expect(sut.record('k', t0 + 60_000)).toBe(0);
  });

  it('doubles the wait each time a key comes back over its limit, up to the maximum', () => {
    const sut = new AttemptLimiter(limit);
    const waits: number[] = [];
    let now = t0;
    for (let round = 0; round < 4; round++) {
      let wait = 0;
      while (wait === 0) wait = sut.record('k', now);
      waits.push(wait);
      now += wait;
    }
    expect(waits).toEqual([60_000, 120_000, 240_000, 240_000]);
  });

  it('forgives a key that behaved for a whole maximum backoff', () => {
    const sut = new AttemptLimiter(limit);
    for (let i = 0; i < 3; i++) sut.record('k', t0);
    const later = t0 + 60_000 + 240_001;
    for (let i = 0; i < 2; i++) sut.record('k', later);
    expect(sut.record('k', later)).toBe(60_000);
  });

  it('answers the remaining wait to an attempt made while waiting, without extending it', () => {
    const sut = new AttemptLimiter(limit);
    for (let i = 0; i < 3; i++) sut.record('k', t0);
    expect(sut.attempt('k', t0 + 30_000)).toBe(30_000);
    expect(sut.record('k', t0 + 40_000)).toBe(20_000);
    expect(sut.waitMs('k', t0 + 60_000)).toBe(0);
  });
});

describe('AttemptLimiter as an account lock', () => {
  const t0 = Date.UTC(2026, 0, 5, 8);
  const lock = { max: 5, windowMs: 15 * 60_000, firstWaitMs: 60_000, backoffMaxMs: 3_600_000 };

  it('locks for the first wait, doubling each time, up to the maximum', () => {
    const sut = new AttemptLimiter(lock);
    let now = t0;
    const waits: number[] = [];
    for (let round = 0; round < 8; round++) {
      let wait = 0;
      for (let i = 0; i < 5; i++) wait = sut.record('acct', now);
      waits.push(wait);
      now += wait;
    }
    expect(waits).toEqual([60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]);
  });

  it('starts afresh after a reset (a successful sign-in)', () => {
    const sut = new AttemptLimiter(lock);
    for (let i = 0; i < 4; i++) sut.record('acct', t0);
    sut.reset('acct');
    for (let i = 0; i < 4; i++) expect(sut.record('acct', t0)).toBe(0);
    expect(sut.record('acct', t0)).toBe(60_000);
  });
});
