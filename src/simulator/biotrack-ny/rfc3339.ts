const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * True for an RFC 3339 date-time with `Z` or a `±hh:mm` offset and real calendar values. A `±hhmm` offset, a
 * missing offset, or a date like 2025-02-30 is false [inferred: the API refuses ±hhmm].
 */
export function isRfc3339(text: string): boolean {
  const m = RFC3339.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return false;
  if (m[7] !== 'Z') {
    const offsetHours = Number(m[8]);
    const offsetMinutes = Number(m[9]);
    if (offsetHours > 23 || offsetMinutes > 59) return false;
  }
  return true;
}
