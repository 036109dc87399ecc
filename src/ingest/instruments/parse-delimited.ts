import { ImportRejected } from '../import-rejected.error';
import type { GridRow, ReadLimits, TextFacts } from './table-file';

export type Delimiter = TextFacts['delimiter'];

/**
 * Picks the field delimiter from the first lines: tab when at least half the lines hold one (instrument
 * "ASCII" exports), otherwise `;` or `,` by how many lines hold it (a `;` file with comma decimals has `;`
 * on every line but `,` only in numbers), otherwise whitespace-aligned fixed text.
 */
export function detectDelimiter(text: string): Delimiter {
  const lines = text
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== '')
    .slice(0, 50);
  if (lines.length === 0) return ',';
  if (lines.filter((line) => line.includes(BOX_BAR)).length * 2 >= lines.length) return 'boxed';
  const linesWith = (delimiter: string) => lines.filter((line) => countOutsideQuotes(line, delimiter) > 0).length;
  const tabs = linesWith('\t');
  if (tabs * 2 >= lines.length) return '\t';
  const semicolons = linesWith(';');
  const commas = linesWith(',');
  if (semicolons === 0 && commas === 0) return tabs > 0 ? '\t' : 'fixed';
  if (semicolons > commas) return ';';
  if (commas > semicolons) return ',';
  return modeShare(lines, ';') >= modeShare(lines, ',') ? ';' : ',';
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let inQuotes = false;
  let count = 0;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === delimiter && !inQuotes) count++;
  }
  return count;
}

/** Share of lines whose delimiter count equals the most common count: higher is more table-like. */
function modeShare(lines: string[], delimiter: string): number {
  const counts = new Map<number, number>();
  for (const line of lines) {
    const n = countOutsideQuotes(line, delimiter);
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return Math.max(...counts.values()) / lines.length;
}

/**
 * Splits delimited text into rows (RFC 4180 quoting: `"a,b"`, `""` for a quote, line breaks inside
 * quotes; a quote inside an unquoted field is kept as text). CR, LF and CRLF all end a line. Each row
 * carries the line number it starts on; trailing empty cells are dropped.
 */
export function splitDelimited(text: string, delimiter: Delimiter, limits: ReadLimits): GridRow[] {
  if (delimiter === 'fixed') return splitFixed(text, limits);
  if (delimiter === 'boxed') return splitBoxed(text, limits);
  const rows: GridRow[] = [];
  let cells: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStarted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  let cellCount = 0;
  const endRow = () => {
    cells.push(field);
    rows.push({ number: rowLine, cells: trimTrailing(cells).map((t) => ({ text: t })) });
    cellCount += rows[rows.length - 1].cells.length;
    if (rows.length > limits.maxRows) throw tooMany('rows', limits.maxRows, rowLine);
    if (cellCount > limits.maxCells) throw tooMany('cells', limits.maxCells, rowLine);
    cells = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      inQuotes = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      cells.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (inQuotes)
    throw new ImportRejected('a quoted field is never closed: the file looks truncated', {
      location: { line: quoteLine },
      expected: 'a closing quote (")',
      code: 'truncated_file',
    });
  if (field !== '' || cells.length > 0 || fieldStarted) endRow();
  return rows;
}

function splitFixed(text: string, limits: ReadLimits): GridRow[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > limits.maxRows) throw tooMany('rows', limits.maxRows, limits.maxRows + 1);
  let cellCount = 0;
  return lines.map((raw, index) => {
    const trimmed = raw.trim();
    const cells = trimmed === '' ? [] : trimmed.split(/\s{2,}/).map((t) => ({ text: t }));
    cellCount += cells.length;
    if (cellCount > limits.maxCells) throw tooMany('cells', limits.maxCells, index + 1);
    return { number: index + 1, cells };
  });
}

const BOX_BAR = '\u2502';
/** A line of box-drawing rules only (─ ═ ┌ ┬ ├ ┼ └ ┴ ...), with spaces. */
const RULE_LINE = /^[\s\u2500-\u257f]*$/;
/** A rule that closes a box (its bottom edge, or the top of the next box) rather than separating its rows. */
const BOX_EDGE = /^\s*[\u250c\u2514\u2550\u2552\u2553\u2554\u255a\u2558\u2559]/;

/**
 * Text reports drawn with box characters (OpenLab CDS, report templates printed to text): each line is
 * split at the vertical bars; the lines between two horizontal rules are one row whose cells are the
 * pieces of each column joined, because a narrow column wraps its value ("53." over "0992" is 53.0992,
 * "Typ" over "e" is "Type"). A box edge ends the box with an empty row, so each box reads as its own table.
 */
function splitBoxed(text: string, limits: ReadLimits): GridRow[] {
  const rows: GridRow[] = [];
  let open: { number: number; pieces: string[][] } | undefined;
  let cellCount = 0;
  const close = () => {
    if (!open) return;
    const cells = trimTrailing(open.pieces.map((p) => p.join(''))).map((t) => ({ text: t }));
    rows.push({ number: open.number, cells });
    cellCount += cells.length;
    if (rows.length > limits.maxRows) throw tooMany('rows', limits.maxRows, open.number);
    if (cellCount > limits.maxCells) throw tooMany('cells', limits.maxCells, open.number);
    open = undefined;
  };
  text.split(/\r\n|\n|\r/).forEach((line, index) => {
    if (RULE_LINE.test(line)) {
      close();
      if (BOX_EDGE.test(line) && rows.length > 0 && rows[rows.length - 1].cells.length > 0)
        rows.push({ number: index + 1, cells: [] });
      return;
    }
    const parts = line.includes(BOX_BAR) ? line.split(BOX_BAR).slice(1, -1) : [line];
    open ??= { number: index + 1, pieces: [] };
    parts.forEach((part, col) => {
      (open!.pieces[col] ??= []).push(part.trim());
    });
  });
  close();
  return rows;
}

function trimTrailing(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1].trim() === '') end--;
  return cells.slice(0, end);
}

function tooMany(what: 'rows' | 'cells', limit: number, line: number): ImportRejected {
  return new ImportRejected(`the file has more than ${limit} ${what}, the limit for one import`, {
    location: { line },
    expected: `at most ${limit} ${what}`,
    code: 'file_too_large',
  });
}
