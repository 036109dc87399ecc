import { readNumber } from '../number-text';
import { cleanText, headerKey, isBlankRow, type GridRow, type SheetGrid, type TableFile } from '../table-file';
import { rolesOf, valueRank } from './header-vocabulary';

/** What the data under one header cell looks like (the first rows under the header). */
export interface ColumnStats {
  index: number;
  header: string;
  filled: number;
  numeric: number;
  /** Distinct non-numeric texts, at most 25. */
  tokens: string[];
  /** Distinct texts, at most 200. */
  distinct: string[];
}

export interface HeaderCandidate {
  sheet: SheetGrid;
  sheetIndex: number;
  headerIndex: number;
  score: number;
  why: string[];
}

const SCAN_HEADER_ROWS = 60;
const SAMPLE_DATA_ROWS = 400;

/**
 * The header row: of the first rows of every sheet, the one whose cells read most like the column headers of
 * an instrument export (vocabulary words, a value column, text not numbers) and under which rows of data follow.
 * Sheet names break ties: a "Concentrations" sheet over its "Raw Intensities" twin.
 */
export function findHeaderRow(table: TableFile): HeaderCandidate | undefined {
  let best: HeaderCandidate | undefined;
  table.sheets.forEach((sheet, sheetIndex) => {
    const limit = Math.min(sheet.rows.length, SCAN_HEADER_ROWS);
    for (let i = 0; i < limit; i++) {
      const candidate = scoreHeader(sheet, sheetIndex, i);
      if (candidate && (!best || candidate.score > best.score)) best = candidate;
    }
  });
  return best;
}

function scoreHeader(sheet: SheetGrid, sheetIndex: number, index: number): HeaderCandidate | undefined {
  const row = sheet.rows[index];
  const texts = row.cells.map((c) => cleanText(c.text)).filter((t) => t !== '');
  if (texts.length < 2) return undefined;
  const numbers = row.cells.filter((c) => c.numeric !== undefined || readNumber(c, '.') !== undefined).length;
  if (numbers > texts.length / 3) return undefined;
  const data = dataRowsBelow(sheet, index, 30);
  const wide = data.filter((r) => filledCount(r) >= Math.min(3, texts.length)).length;
  if (wide === 0) return undefined;
  const why: string[] = [];
  const known = texts.filter((t) => rolesOf(t).length > 0);
  const values = texts.filter((t) => valueRank(t) !== undefined);
  let score = known.length * 2 + Math.min(wide, 20) / 10;
  if (values.length > 0) score += 4;
  const units = texts.filter((t) => /\([^()]*\/[^()]*\)$/.test(t)).length;
  if (units >= 2) score += 3;
  if (/\bcps\b/i.test(texts.join(' '))) score -= 4;
  const name = sheet.name ?? '';
  if (/^\s*(final\s+)?(concentrations?|results?|target call)\s*$/i.test(name)) score += 3;
  else if (/conc|result|call|summary/i.test(name)) score += 1;
  if (/rsd|raw|intensit|unfactored|amplification|multicomponent/i.test(name)) score -= 3;
  why.push(
    `${known.length} of ${texts.length} header cells are words instrument exports use${values.length ? `, "${values[0]}" reads as the result` : ''}`,
  );
  return { sheet, sheetIndex, headerIndex: index, score, why };
}

export function filledCount(row: GridRow): number {
  return row.cells.filter((c) => c.text.trim() !== '').length;
}

export function dataRowsBelow(sheet: SheetGrid, headerIndex: number, max: number): GridRow[] {
  const rows: GridRow[] = [];
  for (let i = headerIndex + 1; i < sheet.rows.length && rows.length < max; i++)
    if (!isBlankRow(sheet.rows[i])) rows.push(sheet.rows[i]);
  return rows;
}

/** Per header cell, what the data rows under it hold; rows of another shape (block markers, repeats of the header) are left out. */
export function columnStats(sheet: SheetGrid, headerIndex: number): ColumnStats[] {
  const header = sheet.rows[headerIndex];
  const headerKeys = header.cells.map((c) => headerKey(c.text));
  const width = filledCount(header);
  const rows = dataRowsBelow(sheet, headerIndex, SAMPLE_DATA_ROWS).filter(
    (r) => filledCount(r) > Math.min(3, width - 1) && !r.cells.every((c, i) => headerKey(c.text) === (headerKeys[i] ?? '')),
  );
  return header.cells.map((cell, index) => {
    const stats: ColumnStats = { index, header: cleanText(cell.text), filled: 0, numeric: 0, tokens: [], distinct: [] };
    for (const row of rows) {
      const c = row.cells[index];
      const text = cleanText(c?.text ?? '');
      if (text === '') continue;
      stats.filled++;
      if (c && (c.numeric !== undefined || readNumber(c, '.') !== undefined || readNumber(c, ',') !== undefined)) stats.numeric++;
      else if (stats.tokens.length < 25 && !stats.tokens.includes(text)) stats.tokens.push(text);
      if (stats.distinct.length < 200 && !stats.distinct.includes(text)) stats.distinct.push(text);
    }
    return stats;
  });
}
