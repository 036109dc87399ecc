import { createHash } from 'node:crypto';
import * as XLSX from 'xlsx';
import type { SourceFileInput } from '../../../src/ingest/source-adapter';

/** A generated fixture: a file name (display only) and its bytes. */
export interface GeneratedFile {
  name: string;
  bytes: Buffer;
}

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16le-nobom' | 'utf-16be' | 'latin-1';
export type LineBreak = '\n' | '\r\n' | '\r';

/** Rows of cells → delimited text; cells holding the delimiter, quotes or line breaks are quoted. */
export function delimited(rows: Array<Array<string | number>>, delimiter: string, lineBreak: LineBreak = '\n'): string {
  return (
    rows
      .map((row) =>
        row
          .map((cell) => {
            const text = String(cell);
            return text.includes(delimiter) || text.includes('"') || /[\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
          })
          .join(delimiter),
      )
      .join(lineBreak) + lineBreak
  );
}

export function encodeText(text: string, encoding: TextEncoding = 'utf-8'): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16le-nobom':
      return Buffer.from(text, 'utf16le');
    case 'utf-16be': {
      const le = Buffer.from(text, 'utf16le');
      const be = Buffer.alloc(le.length);
      for (let i = 0; i < le.length; i += 2) {
        be[i] = le[i + 1];
        be[i + 1] = le[i];
      }
      return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
    }
    case 'latin-1':
      return Buffer.from(text, 'latin1');
  }
}

export type SheetRows = Array<Array<string | number | boolean | null>>;

/** A workbook from named sheets of rows (`null` leaves a cell out). */
export function workbook(sheets: Record<string, SheetRows>, bookType: 'xlsx' | 'biff8' = 'xlsx'): Buffer {
  const book = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), name);
  return XLSX.write(book, { bookType, type: 'buffer' }) as Buffer;
}

/** The upload as the pipeline hands it to an adapter. */
export function asUpload(file: GeneratedFile): SourceFileInput {
  return { name: file.name, bytes: file.bytes, sha256: createHash('sha256').update(file.bytes).digest('hex') };
}
