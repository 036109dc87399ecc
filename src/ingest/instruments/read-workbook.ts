import * as XLSX from 'xlsx';
import { ImportRejected } from '../import-rejected.error';
import type { Cell, GridRow, ReadLimits, SheetGrid } from './table-file';

/**
 * Reads an XLS/XLSX (or an HTML / XML-spreadsheet file saved as .xls) into text grids. Cell text is
 * what a spreadsheet shows (SheetJS `w`), so "0.250" keeps its printed digits and dates stay text.
 * Work is bounded: SheetJS stops after `maxRows + 1` rows per sheet, only stored cells are visited
 * (a claimed range of a million empty rows costs nothing), and row widths count towards `maxCells`.
 */
export function readWorkbook(data: Uint8Array | string, limits: ReadLimits): SheetGrid[] {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(data, {
      type: typeof data === 'string' ? 'string' : 'buffer',
      dense: true,
      sheetRows: limits.maxRows + 1,
      cellDates: false,
      cellFormula: false,
      cellHTML: false,
      bookVBA: false,
    });
  } catch (error) {
    throw new ImportRejected(`the workbook cannot be read (${(error as Error).message}); it may be truncated or corrupt`, {
      expected: 'a complete XLS or XLSX workbook',
      code: 'corrupt_workbook',
    });
  }
  if (workbook.SheetNames.length === 0)
    throw new ImportRejected('the workbook has no sheets', { expected: 'at least one sheet', code: 'corrupt_workbook' });
  let cellCount = 0;
  return workbook.SheetNames.map((name) => {
    const sheet = workbook.Sheets[name];
    const data = (sheet?.['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
    if (data.length > limits.maxRows)
      throw new ImportRejected(`sheet "${name}" has more than ${limits.maxRows} rows, the limit for one import`, {
        location: { sheet: name, row: limits.maxRows + 1 },
        expected: `at most ${limits.maxRows} rows`,
        code: 'file_too_large',
      });
    const rows: GridRow[] = [];
    for (let r = 0; r < data.length; r++) {
      const cells = toCells(data[r]);
      cellCount += cells.length;
      if (cellCount > limits.maxCells)
        throw new ImportRejected(`the workbook has more than ${limits.maxCells} cells, the limit for one import`, {
          location: { sheet: name, row: r + 1 },
          expected: `at most ${limits.maxCells} cells`,
          code: 'file_too_large',
        });
      rows.push({ number: r + 1, cells });
    }
    return { name, rows };
  });
}

function toCells(row: XLSX.CellObject[] | undefined): Cell[] {
  if (!row) return [];
  let last = -1;
  row.forEach((cell, index) => {
    if (cell && shownText(cell).trim() !== '') last = index;
  });
  const cells: Cell[] = [];
  for (let c = 0; c <= last; c++) {
    const cell = row[c];
    if (!cell) {
      cells.push({ text: '' });
      continue;
    }
    const text = shownText(cell);
    const numeric = cell.t === 'n' ? plainNumber(text) : undefined;
    cells.push(numeric === undefined ? { text } : { text, numeric });
  }
  return cells;
}

function shownText(cell: XLSX.CellObject): string {
  if (cell.w !== undefined) return cell.w;
  if (cell.v === undefined || cell.v === null) return '';
  return String(cell.v);
}

/** The shown text of a number cell as a plain decimal; undefined for dates, percentages, "[0.250]"... */
function plainNumber(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(trimmed)) return trimmed.replace(/,/g, '');
  if (/^-?(\d+\.?\d*|\.\d+)(E[+-]?\d+)?$/i.test(trimmed)) return trimmed;
  return undefined;
}
