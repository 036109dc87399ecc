import { deadlineState } from './submission.mapper';

const HOUR = 60 * 60 * 1000;
const DEADLINE = new Date('2025-03-03T12:00:00Z');
const at = (hoursFromDeadline: number) => new Date(DEADLINE.getTime() + hoursFromDeadline * HOUR);

describe('deadlineState: the 48-hour reporting clock', () => {
  it.each([
    ['unreported, 20 h left: neither', null, at(-20), { late: false, nearLate: false }],
    ['unreported, 12 h left: near-late', null, at(-12), { late: false, nearLate: true }],
    ['unreported, 1 h left: near-late', null, at(-1), { late: false, nearLate: true }],
    ['unreported, deadline now: near-late, not yet late', null, at(0), { late: false, nearLate: true }],
    ['unreported, 1 h past: late', null, at(1), { late: true, nearLate: false }],
    ['reported before the deadline: neither, whatever the time now', at(-30), at(5), { late: false, nearLate: false }],
    ['reported after the deadline: late', at(2), at(5), { late: true, nearLate: false }],
  ])('%s', (_, acceptedAt, now, expected) => {
    expect(deadlineState(DEADLINE, acceptedAt, now, 12 * HOUR)).toEqual(expected);
  });
});
