import * as XLSX from 'xlsx';
import { encodeText, workbook } from '../../../test/generators/instruments/fixture-file';
import { nexion350xWorkbook } from '../../../test/generators/instruments/layout-fixtures';
import {
  truncatedCsv,
  truncatedXls,
  truncatedXlsx,
  wrongKindBinary,
  wrongKindPdf,
} from '../../../test/generators/instruments/bad-fixtures';
import { ImportRejected } from '../import-rejected.error';
import { decodeText } from './decode-text';
import { detectDelimiter, splitDelimited } from './parse-delimited';
import { readTableFile } from './read-table';
import { DEFAULT_READ_LIMITS, type TableFile } from './table-file';

const LIMITS = DEFAULT_READ_LIMITS;

describe('decoding text bytes', () => {
  it.each([
    ['UTF-8 with BOM', encodeText('Sample;µg/g', 'utf-8-bom'), 'utf-8-bom'],
    ['UTF-8 without BOM', encodeText('Sample;µg/g', 'utf-8'), 'utf-8'],
    ['UTF-16 LE with BOM', encodeText('Sample;µg/g', 'utf-16le'), 'utf-16le'],
    ['UTF-16 LE without BOM', encodeText('Sample;µg/g', 'utf-16le-nobom'), 'utf-16le'],
    ['UTF-16 BE with BOM', encodeText('Sample;µg/g', 'utf-16be'), 'utf-16be'],
    ['Latin-1 (µ as 0xB5)', encodeText('Sample;µg/g', 'latin-1'), 'windows-1252'],
  ])('recognises %s and keeps µ', (_name, bytes, encoding) => {
    expect(decodeText(bytes)).toEqual({ text: 'Sample;µg/g', encoding });
  });
});

describe('splitting delimited text', () => {
  it.each([
    ['tab (instrument ASCII)', 'ID#\t1\nName\tCBD\n\tData Filename\tConc.\n', '\t'],
    ['semicolon with comma decimals', 'Sample;Value\nA;0,25\nB;1,5\n', ';'],
    ['comma', 'Sample,Value\nA,0.25\n', ','],
    ['comma with a quoted semicolon', 'Sample,Note\nA,"x;y"\n', ','],
    ['no delimiter at all (whitespace-aligned)', 'Sample    Value\nA         0.25\n', 'fixed'],
  ])('detects the %s delimiter', (_name, text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it('honours quotes: delimiters, doubled quotes and line breaks inside a field', () => {
    const rows = splitDelimited('a,"b,c","say ""hi"""\r\n"two\nlines",x\n3,y\n', ',', LIMITS);

    expect(rows.map((r) => [r.number, r.cells.map((c) => c.text)])).toEqual([
      [1, ['a', 'b,c', 'say "hi"']],
      [2, ['two\nlines', 'x']],
      [4, ['3', 'y']],
    ]);
  });

  it.each([
    ['LF', 'a,b\nc,d\n'],
    ['CRLF', 'a,b\r\nc,d\r\n'],
    ['CR', 'a,b\rc,d\r'],
    ['no final line break', 'a,b\nc,d'],
  ])('ends lines at %s', (_name, text) => {
    expect(splitDelimited(text, ',', LIMITS).map((r) => r.cells.map((c) => c.text))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('drops trailing blank columns but keeps blank cells between values', () => {
    const rows = splitDelimited('a,,b,,,\n', ',', LIMITS);

    expect(rows[0].cells.map((c) => c.text)).toEqual(['a', '', 'b']);
  });

  it('refuses a quoted field that is never closed, naming the line it opens on', () => {
    expect(() => readTableFile(truncatedCsv().bytes, LIMITS)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ code: 'truncated_file', location: { line: 2 } }) }),
    );
  });
});

describe('reading a file into grids', () => {
  it.each([
    ['an XLSX by its zip signature', nexion350xWorkbook().bytes, 'xlsx'],
    ['an XLS by its compound-file signature', workbook({ Sheet1: [['a', 1]] }, 'biff8'), 'xls'],
    [
      'an HTML table saved as .xls',
      encodeText('<html><body><table><tr><td>Sample</td><td>Pb</td></tr><tr><td>A</td><td>1</td></tr></table></body></html>'),
      'xls',
    ],
    ['tab-separated text', encodeText('a\tb\n1\t2\n'), 'tsv'],
    ['comma-separated text', encodeText('a,b\n1,2\n'), 'csv'],
    ['whitespace-aligned text', encodeText('a    b\n1    2\n'), 'txt'],
  ])('tells %s from its content', (_name, bytes, kind) => {
    expect(readTableFile(bytes, LIMITS).kind).toBe(kind);
  });

  it('shows spreadsheet numbers as printed and marks them numeric', () => {
    const table = readTableFile(nexion350xWorkbook().bytes, LIMITS);
    const cell = sheet(table, 'Concentrations').rows[3].cells[8];

    expect(cell).toEqual({ text: '0.050', numeric: '0.050' });
  });

  it('does not walk a claimed range of a million empty rows', () => {
    const bytes = nexion350xWorkbook({ claimedRows: 1_048_576 }).bytes;
    const started = performance.now();
    const table = readTableFile(bytes, { maxRows: 100, maxCells: 10_000 });

    expect(XLSX.read(bytes, { type: 'buffer', sheetRows: 1 }).Sheets.Concentrations['!fullref']).toBe('A1:K1048576');
    expect(sheet(table, 'Concentrations').rows).toHaveLength(8);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.each([
    ['rows of a workbook', () => readTableFile(nexion350xWorkbook().bytes, { maxRows: 5, maxCells: 10_000 })],
    ['cells of a workbook', () => readTableFile(nexion350xWorkbook().bytes, { maxRows: 100, maxCells: 20 })],
    ['rows of a text file', () => readTableFile(encodeText('a\n'.repeat(50)), { maxRows: 10, maxCells: 10_000 })],
    ['cells of a text file', () => readTableFile(encodeText('a,b,c\n'.repeat(10)), { maxRows: 100, maxCells: 12 })],
  ])('refuses a file beyond the limit on %s', (_name, read) => {
    expect(read).toThrow(expect.objectContaining({ details: expect.objectContaining({ code: 'file_too_large' }) }));
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'empty_file'],
    ['a file of blank lines', encodeText('\r\n  \r\n'), 'empty_file'],
    ['a PDF', wrongKindPdf().bytes, 'wrong_file_kind'],
    ['binary data', wrongKindBinary().bytes, 'wrong_file_kind'],
    ['a truncated XLSX', truncatedXlsx().bytes, 'corrupt_workbook'],
    ['a truncated XLS', truncatedXls().bytes, 'corrupt_workbook'],
  ])('refuses %s', (_name, bytes, code) => {
    const read = () => readTableFile(bytes, LIMITS);

    expect(read).toThrow(ImportRejected);
    expect(read).toThrow(expect.objectContaining({ details: expect.objectContaining({ code }) }));
  });
});

function sheet(table: TableFile, name: string) {
  const found = table.sheets.find((s) => s.name === name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
}
