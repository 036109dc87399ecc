import * as XLSX from 'xlsx';
import type { CertificateView } from './certificate.view';
import { formatLabTime } from './lab-time';
import { RESULT_COLUMNS, resultRows } from './result-rows';
import { escapeCell } from './spreadsheet-cell';

/** Columns whose decimal text becomes a number cell showing the same decimals ("0.30" stays 0.30). */
const NUMBER_COLUMNS = new Set<string>(['value', 'loq', 'limit']);
const DECIMAL = /^-?\d+(\.(\d+))?$/;

/**
 * A workbook with the results (one row each: numbers as numbers, UIDs and ids as text, fitted column widths,
 * a frozen header row with filters) and a sheet of the sample and release facts.
 */
export function toXlsx(view: CertificateView, timeZone: string): Buffer {
  const rows = resultRows(view, timeZone);
  const results = XLSX.utils.aoa_to_sheet([[...RESULT_COLUMNS], ...rows]);
  RESULT_COLUMNS.forEach((column, c) => {
    view.results.forEach((r, i) => {
      const cell = results[XLSX.utils.encode_cell({ r: i + 1, c })] as XLSX.CellObject | undefined;
      if (!cell) return;
      if (column === 'uid' || column === 'labSampleId') {
        cell.t = 's';
        cell.v = String(cell.v);
        return;
      }
      if (!NUMBER_COLUMNS.has(column)) return;
      const text = column === 'value' ? r.value : column === 'loq' ? r.loq : r.limit;
      const m = text === null ? null : DECIMAL.exec(text);
      if (!m) return;
      results[XLSX.utils.encode_cell({ r: i + 1, c })] = {
        t: 'n',
        v: Number(text),
        z: m[2] ? `0.${'0'.repeat(m[2].length)}` : '0',
      };
    });
  });
  const range = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length, c: RESULT_COLUMNS.length - 1 } });
  results['!autofilter'] = { ref: range };
  results['!cols'] = fittedWidths([[...RESULT_COLUMNS], ...rows]);

  const factRows = [
    ['lab', view.lab.name],
    ['lab license', view.lab.license],
    ['UID', view.sample.uid],
    ['lab sample id', view.sample.labSampleId],
    ['product', view.sample.productName],
    ['batch', view.sample.batch],
    ['client', view.sample.client.name],
    ['client license', view.sample.client.licenseNumber],
    ['version', view.resultSet.version],
    ['status', view.resultSet.status],
    ['verdict', view.resultSet.verdict],
    ['approved at (UTC)', view.resultSet.approvedAt],
    ['approved at (lab time)', formatLabTime(view.resultSet.approvedAt, timeZone)],
    ['verification', view.verificationUrl],
    ['source', view.source],
  ].map((row) => row.map(escapeCell));
  const facts = XLSX.utils.aoa_to_sheet(factRows);
  facts['!cols'] = fittedWidths(factRows);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, results, 'Results');
  XLSX.utils.book_append_sheet(book, facts, 'Sample');
  return freezeHeaderRow(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer, 'xl/worksheets/sheet1.xml');
}

function fittedWidths(rows: Array<Array<string | number | null>>): XLSX.ColInfo[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((v, c) => (widths[c] = Math.max(widths[c] ?? 6, String(v ?? '').length + 2)));
  return widths.map((wch) => ({ wch: Math.min(wch, 60) }));
}

/**
 * SheetJS Community Edition writes no frozen panes, so the header row is frozen in the sheet's XML after
 * writing: the one `<sheetView>` it writes gets the pane Excel writes for View › Freeze Top Row.
 */
function freezeHeaderRow(xlsx: Buffer, sheetPath: string): Buffer {
  const zip = XLSX.CFB.read(xlsx, { type: 'buffer' });
  const entry = XLSX.CFB.find(zip, `/${sheetPath}`);
  if (!entry?.content) throw new Error(`${sheetPath} is missing from the workbook SheetJS wrote`);
  const xml = Buffer.from(entry.content as Uint8Array).toString('utf8');
  const view = '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
  if (!xml.includes(view)) throw new Error(`${sheetPath}: the sheet view SheetJS writes has changed; update freezeHeaderRow`);
  const frozen = xml.replace(
    view,
    '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
  );
  entry.content = Buffer.from(frozen, 'utf8');
  return Buffer.from(XLSX.CFB.write(zip, { type: 'buffer', fileType: 'zip', compression: true }) as Uint8Array);
}
