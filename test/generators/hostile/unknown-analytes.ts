import { HOSTILE_SAMPLES, rowXml, workbookFromParts, type HostileFile } from './spreadsheets';

/**
 * The file shape that froze the service: a plain generic-long table whose every row names an analyte the
 * catalog does not know, each a different name (an export from a method nobody mapped, or a file made to
 * hurt), except the first two: lead for each of the two hostile samples, so the import also stores results.
 * Names and values are invented.
 */
export function unknownAnalyteName(i: number): string {
  return `Unlisted compound ${String(i).padStart(6, '0')}-${(i * 7919) % 10007}`;
}

function rows(count: number): Array<[string, string, string, string, string]> {
  return Array.from({ length: count }, (_, i) => [
    HOSTILE_SAMPLES[i % 2],
    i < 2 ? 'Lead' : unknownAnalyteName(i),
    `0.${String((i * 37) % 1000).padStart(3, '0')}`,
    'ug/g',
    '0.05',
  ]);
}

/** A CSV of `count` rows, nearly all with distinct unknown names (8,000 rows is about 400 KB). */
export function manyUnknownAnalytesCsv(count: number): HostileFile {
  const lines = ['Sample,Analyte,Result,Units,LOQ', ...rows(count).map((r) => r.join(','))];
  return { name: `unknown-analytes-${count}.csv`, bytes: Buffer.from(lines.join('\r\n') + '\r\n') };
}

/** The same table as an XLSX (inline strings). */
export function manyUnknownAnalytesXlsx(count: number): HostileFile {
  const body = [
    rowXml(1, ['Sample', 'Analyte', 'Result', 'Units', 'LOQ']),
    ...rows(count).map((r, i) => rowXml(i + 2, [r[0], r[1], Number(r[2]), r[3], Number(r[4])])),
  ].join('');
  return workbookFromParts(`unknown-analytes-${count}.xlsx`, { sheetData: body });
}

/** Rows of `manyUnknownAnalytes*` that name lead (the rest are distinct unknown names). */
export const LEAD_ROWS = 2;
