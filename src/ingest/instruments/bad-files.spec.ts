import * as bad from '../../../test/generators/instruments/bad-fixtures';
import { asUpload, type GeneratedFile } from '../../../test/generators/instruments/fixture-file';
import { instrumentTemplate } from '../../../test/generators/instruments/instrument-templates';
import { chemstationReportXls, nexionSummaryWorkbook } from '../../../test/generators/instruments/layout-fixtures';
import { ImportRejected } from '../import-rejected.error';
import type { ParseContext } from '../source-adapter';
import { parseWithTemplate } from './instrument-engine';

interface Case {
  name: string;
  file: () => GeneratedFile;
  template: string;
  ctx?: ParseContext;
  code: string;
  location?: object;
  message: RegExp;
}

/** Each refusal names the template tried, where in the file, and what was expected (the 422 body). */
const CASES: Case[] = [
  {
    name: 'a truncated XLSX',
    file: bad.truncatedXlsx,
    template: 'generic-long',
    ctx: { mapping: { sampleId: 'Sample', analyte: 'Analyte', value: 'Result' } },
    code: 'corrupt_workbook',
    message: /^template generic-long: the workbook cannot be read .*: expected a complete XLS or XLSX workbook$/,
  },
  {
    name: 'a truncated XLS',
    file: bad.truncatedXls,
    template: 'agilent-chemstation-report-xls',
    code: 'corrupt_workbook',
    message: /^template agilent-chemstation-report-xls: the workbook cannot be read/,
  },
  {
    name: 'a CSV cut inside a quoted field',
    file: bad.truncatedCsv,
    template: 'perkinelmer-winlab32-csv',
    code: 'truncated_file',
    location: { line: 2 },
    message: /^template perkinelmer-winlab32-csv: line 2: a quoted field is never closed.*expected a closing quote/,
  },
  {
    name: 'a PDF',
    file: bad.wrongKindPdf,
    template: 'shimadzu-labsolutions-ascii',
    code: 'wrong_file_kind',
    message:
      /^template shimadzu-labsolutions-ascii: the file is a PDF document, not an instrument export: expected an instrument export/,
  },
  {
    name: 'binary data',
    file: bad.wrongKindBinary,
    template: 'perkinelmer-winlab32-csv',
    code: 'wrong_file_kind',
    message: /binary data/,
  },
  {
    name: 'a workbook given to a text-only template',
    file: () => nexionSummaryWorkbook(),
    template: 'shimadzu-labsolutions-ascii',
    code: 'wrong_file_kind',
    message:
      /^template shimadzu-labsolutions-ascii: the file is XLSX, which this template does not read: expected a TSV or CSV file$/,
  },
  {
    name: 'an empty file',
    file: bad.emptyFile,
    template: 'perkinelmer-winlab32-csv',
    code: 'empty_file',
    message: /^template perkinelmer-winlab32-csv: the file is empty: expected a header row and at least one data row$/,
  },
  {
    name: 'a file of blank lines',
    file: bad.blankFile,
    template: 'perkinelmer-winlab32-csv',
    code: 'empty_file',
    message: /the file is empty/,
  },
  {
    name: 'a header-only CSV',
    file: bad.headerOnlyCsv,
    template: 'perkinelmer-winlab32-csv',
    code: 'header_only',
    location: { row: 1 },
    message:
      /^template perkinelmer-winlab32-csv: row 1: the file has a header row but no data rows \(header only\): expected at least one data row below the header$/,
  },
  {
    name: 'a header-only ChemStation Compound sheet',
    file: bad.headerOnlyWorkbook,
    template: 'agilent-chemstation-report-xls',
    code: 'header_only',
    location: { sheet: 'Compound', row: 1 },
    message: /sheet "Compound", row 1: the file has a header row but no data rows/,
  },
  {
    name: 'a WinLab32 CSV parsed with the Shimadzu template',
    file: () => bad.templateMismatch().file,
    template: bad.templateMismatch().template,
    code: 'header_not_found',
    location: { row: 1 },
    message:
      /^template shimadzu-labsolutions-ascii: row 1: no header row found in the first 10 rows: expected a row holding "Data Filename", "Sample Name", "Sample Type", "Conc."$/,
  },
  {
    name: 'a workbook without the key/value sheets given to the ChemStation template',
    file: () => nexionSummaryWorkbook(),
    template: 'agilent-chemstation-report-xls',
    code: 'sheet_not_found',
    message: /no sheet "Sheet1".*expected a sheet named "Sheet1"/,
  },
  {
    name: 'a generic upload without its mapping',
    file: () => chemstationReportXls(),
    template: 'generic-long',
    code: 'mapping_missing',
    message:
      /^template generic-long: this template needs a column mapping with the upload: expected a mapping naming "sampleId", "analyte", "value"/,
  },
];

describe('files that must be refused with 422', () => {
  it.each(CASES)('refuses $name, naming the template, the place and what was expected', (c) => {
    const error = capture(() => parseWithTemplate(asUpload(c.file()), instrumentTemplate(c.template), c.ctx ?? {}));

    expect(error.details.template).toBe(c.template);
    expect(error.details.code).toBe(c.code);
    expect(error.details.expected).toBeTruthy();
    if (c.location) expect(error.details.location).toMatchObject(c.location);
    expect(error.message).toMatch(c.message);
  });
});

function capture(run: () => unknown): ImportRejected {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportRejected) return error;
    throw error;
  }
  throw new Error('expected ImportRejected, but the file was accepted');
}
