/**
 * Text that a spreadsheet would run as a formula (= + - @, and tab / carriage return that some programs
 * strip before looking) gets a leading apostrophe, the OWASP CSV-injection defence. Numbers are numbers
 * and are left alone.
 */
export function escapeCell(value: string | number | null): string | number | null {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
