const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A recorded date or time as a person in the lab reads it: an instant (ISO with Z or an offset) in the lab's
 * time zone with its abbreviation; a date, or a wall-clock time read off a certificate, as it was written.
 */
export function formatLabTime(value: string | null | undefined, timeZone: string): string | null {
  if (!value) return null;
  const wall = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(value.trim());
  if (wall) {
    const [, y, m, d, hh, mm] = wall;
    const date = `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
    return hh ? `${date}, ${hh}:${mm}` : date;
  }
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime()) || !/(Z|[+-]\d{2}:?\d{2})$/.test(value.trim())) return value;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${Number(parts.day)} ${MONTHS[Number(parts.month) - 1]} ${parts.year}, ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}
