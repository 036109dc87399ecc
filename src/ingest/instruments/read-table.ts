import { ImportRejected } from '../import-rejected.error';
import { decodeText, looksBinary } from './decode-text';
import { detectDelimiter, splitDelimited } from './parse-delimited';
import { readWorkbook } from './read-workbook';
import { DEFAULT_MAX_UNCOMPRESSED_BYTES, isBlankRow, type ReadLimits, type TableFile } from './table-file';
import { checkZipInflation } from './zip-inflation';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Formats people upload by mistake, named so the refusal says what the file is. */
const NOT_TABULAR: Array<{ magic: number[]; what: string }> = [
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
];

const ACCEPTED = 'an instrument export: CSV, TSV or text, XLS or XLSX';

/**
 * Bytes → grids of text cells. The kind comes from the content, never from the file name: a zip is
 * XLSX, an OLE compound file is XLS, an HTML table or XML spreadsheet is read as XLS, anything else must
 * decode to text and is split by the delimiter it uses. Empty files and files beyond `limits` are refused,
 * a zipped workbook before it is inflated.
 */
export function readTableFile(bytes: Uint8Array, limits: ReadLimits): TableFile {
  if (bytes.length === 0) throw emptyFile();
  for (const { magic, what } of NOT_TABULAR)
    if (startsWith(bytes, magic))
      throw new ImportRejected(`the file is ${what}, not an instrument export`, { expected: ACCEPTED, code: 'wrong_file_kind' });

  let table: TableFile;
  if (startsWith(bytes, ZIP)) {
    checkZipInflation(bytes, limits.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES);
    table = { kind: 'xlsx', sheets: readWorkbook(bytes, limits) };
  } else if (startsWith(bytes, CFB)) table = { kind: 'xls', sheets: readWorkbook(bytes, limits) };
  else {
    const { text, encoding } = decodeText(bytes);
    if (looksBinary(text))
      throw new ImportRejected('the file is binary data, not a spreadsheet or text export', {
        expected: ACCEPTED,
        code: 'wrong_file_kind',
      });
    if (text.trim() === '') throw emptyFile();
    if (isMarkupSpreadsheet(text)) table = { kind: 'xls', sheets: readWorkbook(text, limits) };
    else {
      const delimiter = detectDelimiter(text);
      const rows = splitDelimited(text, delimiter, limits);
      table = {
        kind: delimiter === '\t' ? 'tsv' : delimiter === 'fixed' || delimiter === 'boxed' ? 'txt' : 'csv',
        sheets: [{ rows }],
        text: { encoding, delimiter },
      };
    }
  }
  if (table.sheets.every((sheet) => sheet.rows.every(isBlankRow))) throw emptyFile();
  return table;
}

function isMarkupSpreadsheet(text: string): boolean {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  if (head.startsWith('<html') || head.startsWith('<table') || head.startsWith('<!doctype html')) return true;
  return head.startsWith('<?xml') && head.includes('urn:schemas-microsoft-com:office:spreadsheet');
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);
}

function emptyFile(): ImportRejected {
  return new ImportRejected('the file is empty', { expected: 'a header row and at least one data row', code: 'empty_file' });
}
