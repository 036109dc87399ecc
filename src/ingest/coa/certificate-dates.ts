/** Day order of numeric dates on a certificate family. */
export type DateOrder = 'MDY' | 'DMY' | 'YMD';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Reads a printed date ("02/27/2025", "02/27/25 10:05", "08/14/2025; 10:02", "Mar 21, 2023", "12 Nov 21") as ISO
 * `YYYY-MM-DD`, with ` HH:mm` when `withTime` and a time is printed. Returns undefined when the text
 * is not a date this function understands: the caller keeps the printed text and says so.
 */
export function toIsoDate(text: string, order: DateOrder, withTime: boolean): string | undefined {
  const date = numericDate(text, order) ?? namedMonthDate(text);
  if (!date) return undefined;
  const [year, month, day] = date;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  if (!withTime) return iso;
  const time = /\b(\d{1,2}):(\d{2})(?::\d{2})?\b/.exec(text);
  if (!time || Number(time[1]) > 23) return iso;
  return `${iso} ${pad(Number(time[1]))}:${time[2]}`;
}

function numericDate(text: string, order: DateOrder): [number, number, number] | undefined {
  const m = /\b(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})\b/.exec(text);
  if (!m) return undefined;
  const [a, b, c] = [m[1], m[2], m[3]].map(Number);
  if (order === 'YMD') return [fullYear(m[1], a), b, c];
  if (order === 'MDY') return [fullYear(m[3], c), a, b];
  return [fullYear(m[3], c), b, a];
}

function namedMonthDate(text: string): [number, number, number] | undefined {
  const m = /\b([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b/.exec(text);
  if (m) {
    const month = MONTHS.indexOf(m[1].toLowerCase()) + 1;
    if (month > 0) return [Number(m[3]), month, Number(m[2])];
  }
  // Day first: "12 NOVEMBER 2021", "12 Nov 21"; of a range ("06-09 Nov 21") the last day.
  const d = /\b(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?,?\s+(\d{4}|\d{2})\b/.exec(text);
  if (!d) return undefined;
  const month = MONTHS.indexOf(d[2].toLowerCase()) + 1;
  return month === 0 ? undefined : [fullYear(d[3], Number(d[3])), month, Number(d[1])];
}

function fullYear(printed: string, value: number): number {
  return printed.length <= 2 ? 2000 + value : value;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
