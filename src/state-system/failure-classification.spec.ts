import { classifyFailure, parseRetryAfter, type FailedCall } from './failure-classification';

const NOW = new Date('2025-03-01T12:00:00Z');

describe('classifyFailure: may the call be repeated, and is a write possibly applied?', () => {
  it.each<[string, FailedCall, ReturnType<typeof classifyFailure>]>([
    [
      'a 429 waits for Retry-After and retries',
      { write: true, status: 429, retryAfter: '7' },
      { kind: 'retryable', retryAfterMs: 7000 },
    ],
    ['a 429 without Retry-After retries', { write: false, status: 429 }, { kind: 'retryable' }],
    ['a 401 that survived a fresh login retries later', { write: true, status: 401 }, { kind: 'retryable' }],
    ['a 5xx on a write may have been applied', { write: true, status: 500 }, { kind: 'ambiguous' }],
    [
      'a 503 on a write may have been applied, and its Retry-After counts',
      { write: true, status: 503, retryAfter: '2' },
      { kind: 'ambiguous', retryAfterMs: 2000 },
    ],
    ['a 5xx on a read retries', { write: false, status: 502 }, { kind: 'retryable' }],
    ['a 408 on a write may have been applied', { write: true, status: 408 }, { kind: 'ambiguous' }],
    ['a 400 validation error is permanent', { write: true, status: 400 }, { kind: 'permanent' }],
    ['a 409 conflict is permanent', { write: true, status: 409 }, { kind: 'permanent' }],
    ['a 404 is permanent', { write: false, status: 404 }, { kind: 'permanent' }],
    ['a 403 is permanent', { write: false, status: 403 }, { kind: 'permanent' }],
    ['a dropped connection on a write may have been applied', { write: true, networkCode: 'ECONNRESET' }, { kind: 'ambiguous' }],
    ['a timeout on a write may have been applied', { write: true, networkCode: 'ETIMEDOUT' }, { kind: 'ambiguous' }],
    ['an unknown network failure on a write may have been applied', { write: true }, { kind: 'ambiguous' }],
    ['a refused connection never sent the write', { write: true, networkCode: 'ECONNREFUSED' }, { kind: 'retryable' }],
    ['a failed DNS lookup never sent the write', { write: true, networkCode: 'ENOTFOUND' }, { kind: 'retryable' }],
    ['a dropped connection on a read retries', { write: false, networkCode: 'ECONNRESET' }, { kind: 'retryable' }],
    [
      'an unreadable answer to a write: applied, but unconfirmed',
      { write: true, status: 200, unreadableAnswer: true },
      { kind: 'ambiguous' },
    ],
    [
      'an unreadable answer to a read breaks the contract',
      { write: false, status: 200, unreadableAnswer: true },
      { kind: 'permanent' },
    ],
  ])('%s', (_, call, expected) => {
    expect(classifyFailure(call, NOW)).toEqual(expected);
  });
});

describe('parseRetryAfter', () => {
  it.each<[string, number | undefined]>([
    ['0', 0],
    ['120', 120_000],
    [' 3 ', 3000],
    ['Sat, 01 Mar 2025 12:00:30 GMT', 30_000],
    ['Sat, 01 Mar 2025 11:00:00 GMT', 0],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
  ])('reads %p as %p ms', (header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});
