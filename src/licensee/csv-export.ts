import type { CertificateView } from './certificate.view';
import { RESULT_COLUMNS, resultRows } from './result-rows';

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV, CRLF line ends, UTF-8 with a BOM so spreadsheet programs read µ and Δ right. */
export function toCsv(view: CertificateView, timeZone: string): Buffer {
  const lines = [RESULT_COLUMNS.join(','), ...resultRows(view, timeZone).map((row) => row.map(csvField).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
