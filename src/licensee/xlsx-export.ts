import * as XLSX from 'xlsx';
import type { CertificateView } from './certificate.view';
import { RESULT_COLUMNS, resultRows } from './result-rows';
import { escapeCell } from './spreadsheet-cell';

/** A workbook with the results (one row each) and a sheet of the sample and release facts. */
export function toXlsx(view: CertificateView): Buffer {
  const results = XLSX.utils.aoa_to_sheet([[...RESULT_COLUMNS], ...resultRows(view)]);
  const facts = XLSX.utils.aoa_to_sheet(
    [
      ['lab', view.lab.name],
      ['lab license', view.lab.license],
      ['UID', view.sample.uid],
      ['lab sample id', view.sample.labSampleId],
      ['product', view.sample.productName],
      ['client', view.sample.client.name],
      ['client license', view.sample.client.licenseNumber],
      ['version', view.resultSet.version],
      ['status', view.resultSet.status],
      ['verdict', view.resultSet.verdict],
      ['approved at', view.resultSet.approvedAt],
      ['verification', view.verificationUrl],
      ['source', view.source],
    ].map((row) => row.map(escapeCell)),
  );
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, results, 'Results');
  XLSX.utils.book_append_sheet(book, facts, 'Sample');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}
