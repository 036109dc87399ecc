import type { FileKind } from './instrument-template.schema';

/** One cell as the source shows it. */
export interface Cell {
  /** The text a spreadsheet shows (or the field of a delimited line), untrimmed. */
  text: string;
  /**
   * Set by the spreadsheet reader for number cells: the shown text as a plain decimal ("1250.5",
   * "7.28333E-06"). Text files leave it unset; their numbers are read with the file's decimal separator.
   */
  numeric?: string;
}

export interface GridRow {
  /** 1-based row number (spreadsheets) or line number where the record starts (text). */
  number: number;
  /** Cells left to right from column A; trailing empty cells removed. */
  cells: Cell[];
}

export interface SheetGrid {
  /** Sheet name for workbooks; absent for text files. */
  name?: string;
  rows: GridRow[];
}

export interface TextFacts {
  encoding: string;
  /** Field delimiter, `fixed` for whitespace-aligned text, `boxed` for a table drawn with box characters. */
  delimiter: ',' | ';' | '\t' | 'fixed' | 'boxed';
}

/** Any instrument export reduced to grids of text cells. */
export interface TableFile {
  kind: FileKind;
  sheets: SheetGrid[];
  text?: TextFacts;
}

/** Read limits; a file beyond them is refused instead of read. */
export interface ReadLimits {
  maxRows: number;
  /** Counted as the sum of row widths, so a lone cell far to the right counts as wide. */
  maxCells: number;
  /** Bytes the parts of a zipped workbook (XLSX) may inflate to; `DEFAULT_MAX_UNCOMPRESSED_BYTES` when unset. */
  maxUncompressedBytes?: number;
}

/** Room for a 5-column long table at the row limit (about 150 bytes of sheet XML per row) and its shared strings. */
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;

export const DEFAULT_READ_LIMITS: ReadLimits = { maxRows: 100_000, maxCells: 2_000_000 };

export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function columnIndex(letter: string): number {
  let n = 0;
  for (const ch of letter.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function isBlankRow(row: GridRow): boolean {
  return row.cells.every((cell) => cell.text.trim() === '');
}

/** Collapses whitespace (newlines in headers included) and trims: how names, IDs and headers are compared and kept. */
export function cleanText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Comparison form of a header or label: cleaned, Unicode-compatibility-folded, case-insensitive. */
export function headerKey(text: string): string {
  return cleanText(text.normalize('NFKC')).toLowerCase();
}
