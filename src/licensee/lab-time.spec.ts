import { formatLabTime } from './lab-time';

describe('formatLabTime', () => {
  it.each([
    ['2025-03-08T14:05:00.000Z', 'America/New_York', '8 Mar 2025, 09:05 EST'],
    ['2025-08-11T16:53:00Z', 'America/New_York', '11 Aug 2025, 12:53 EDT'],
    ['2025-08-11T16:53:00Z', 'UTC', '11 Aug 2025, 16:53 UTC'],
    ['2025-03-09T04:30:00Z', 'America/New_York', '8 Mar 2025, 23:30 EST'],
  ])('prints the instant %s in the lab time zone %s as %s', (value, zone, printed) => {
    expect(formatLabTime(value, zone)).toBe(printed);
  });

  it.each([
    ['2025-08-11', '11 Aug 2025'],
    ['2025-08-11 12:53', '11 Aug 2025, 12:53'],
  ])('keeps a date or wall-clock time read off a certificate as written: %s', (value, printed) => {
    expect(formatLabTime(value, 'Asia/Tokyo')).toBe(printed);
  });

  it('prints nothing for a date that was never recorded, and an unrecognised text as it is', () => {
    expect(formatLabTime(null, 'UTC')).toBeNull();
    expect(formatLabTime('08/11/2025', 'UTC')).toBe('08/11/2025');
  });
});
