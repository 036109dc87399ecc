import {
  workingHoursBetween,
  deadlineText,
  formatDateTime,
  labTime,
  labDay,
  labWallTimeToIso,
  formatDuration,
  humanize,
  statusLabel,
} from './format';

describe('display helpers', () => {
  it.each([
    [30_000, 'under a minute'],
    [12 * 60_000, '12 min'],
    [(5 * 60 + 7) * 60_000, '5 h 07 min'],
    [(3 * 24 + 4) * 3_600_000 + 59_000, '3 d 4 h'],
    [-(2 * 60) * 60_000, '2 h 00 min'],
  ])('writes %d ms as "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  const now = new Date('2026-01-09T12:00:00.000Z');
  it.each([
    ['2026-01-11T11:00:00.000Z', null, 'due in 1 d 23 h'],
    ['2026-01-09T09:30:00.000Z', null, 'late by 2 h 30 min'],
    ['2026-01-11T12:00:00.000Z', '2026-01-09T12:01:00.000Z', 'reported 1 d 23 h before the deadline'],
    ['2026-01-09T11:00:00.000Z', '2026-01-09T11:45:00.000Z', 'reported 45 min late'],
  ])('counts the 48-hour clock to %s (accepted %s) as "%s"', (deadline, accepted, text) => {
    expect(deadlineText(deadline, accepted, now)).toBe(text);
  });

  it("shows timestamps to the minute in the lab's time zone (daylight saving included), and a dash for none", () => {
    expect(formatDateTime('2026-01-09T14:05:59.123Z', 'America/New_York').text).toBe('2026-01-09 09:05 EST');
    expect(formatDateTime('2026-07-09T14:05:00Z', 'America/New_York').text).toBe('2026-07-09 10:05 EDT');
    expect(formatDateTime('2026-01-09T03:30:00Z', 'America/New_York').text).toBe('2026-01-08 22:30 EST');
    expect(formatDateTime('2026-01-09T14:05:59.123Z', 'UTC').text).toBe('2026-01-09 14:05 UTC');
    expect(formatDateTime(null).text).toBe('—');
  });

  it('keeps UTC beside the lab time, for tooltips and <time datetime>', () => {
    const t = labTime('2026-01-09T14:05:59.123Z', 'America/Chicago');
    expect(t).toMatchObject({ text: '2026-01-09 08:05 CST', utc: '2026-01-09 14:05 UTC', iso: '2026-01-09T14:05:59.123Z' });
    expect(`${t}`).toBe('2026-01-09 08:05 CST');
    expect(t.html).toBe('<time datetime="2026-01-09T14:05:59.123Z" title="2026-01-09 14:05 UTC">2026-01-09 08:05 CST</time>');
    expect(labTime(null).html).toBe('—');
  });

  it.each([
    ['in_review', 'In review'],
    ['report_only', 'Reported'],
    ['dead', 'Stopped retrying'],
    ['needs_action', 'Needs action'],
    ['water_activity', 'Water activity'],
  ])('labels %s as "%s"', (status, label) => {
    expect(statusLabel(status)).toBe(label);
  });

  it('capitalises a key with underscores as words', () => {
    expect(humanize('foreign_matter')).toBe('Foreign matter');
  });
});

describe('workingHoursBetween', () => {
  it('counts weekday hours and skips the weekend', () => {
    // Friday 2026-01-09 16:00 UTC to Monday 2026-01-12 10:00 UTC: 8 h on Friday, 10 h on Monday.
    expect(workingHoursBetween('2026-01-09T16:00:00.000Z', new Date('2026-01-12T10:00:00.000Z'))).toBe(18);
    expect(workingHoursBetween('2026-01-10T08:00:00.000Z', new Date('2026-01-11T20:00:00.000Z'))).toBe(0);
    expect(workingHoursBetween('2026-01-12T10:00:00.000Z', new Date('2026-01-12T10:59:00.000Z'))).toBe(0);
  });

  it("reads a typed day or wall-clock time in the lab's time zone, across daylight saving", () => {
    expect(labWallTimeToIso('2026-11-30', 'America/New_York')).toBe('2026-11-30T05:00:00.000Z');
    expect(labWallTimeToIso('2026-07-01T09:15', 'America/New_York')).toBe('2026-07-01T13:15:00.000Z');
    expect(labWallTimeToIso('2026-03-08T03:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(labWallTimeToIso('2026-11-30T09:15', 'Europe/Berlin')).toBe('2026-11-30T08:15:00.000Z');
    expect(labWallTimeToIso('30/11/2026', 'America/New_York')).toBeNull();
    expect(labDay('2026-11-30T05:00:00.000Z', 'America/New_York')).toBe('2026-11-30');
    expect(labDay('2026-11-30T03:00:00.000Z', 'America/New_York')).toBe('2026-11-29');
    expect(labDay('2026-11-29T23:30:00.000Z', 'Europe/Berlin')).toBe('2026-11-30');
  });
});
