import { genericLongText, genericLongXlsx, genericWideText } from '../../../test/generators/instruments/encoding-fixtures';
import { asUpload, type GeneratedFile } from '../../../test/generators/instruments/fixture-file';
import { instrumentTemplates } from '../../../test/generators/instruments/instrument-templates';
import * as layouts from '../../../test/generators/instruments/layout-fixtures';
import { detectTemplates, explainNoMatch } from './template-detection';

describe('detecting the template of a file', () => {
  it.each<[string, () => GeneratedFile, string]>([
    ['ChemStation Report to XLS (.xls)', () => layouts.chemstationReportXls(), 'agilent-chemstation-report-xls'],
    [
      'ChemStation Report to XLS saved as .xlsx',
      () => layouts.chemstationReportXls({ bookType: 'xlsx' }),
      'agilent-chemstation-report-xls',
    ],
    ['Shimadzu ASCII (tab)', () => layouts.shimadzuAsciiTxt(), 'shimadzu-labsolutions-ascii'],
    [
      'Shimadzu ASCII in UTF-16 with CRLF',
      () => layouts.shimadzuAsciiTxt({ encoding: 'utf-16le', lineBreak: '\r\n' }),
      'shimadzu-labsolutions-ascii',
    ],
    ['Shimadzu table re-saved as CSV', () => layouts.shimadzuResavedCsv(), 'shimadzu-labsolutions-ascii'],
    ['NexION summary report workbook', () => layouts.nexionSummaryWorkbook(), 'perkinelmer-syngistix-summary-report'],
    ['NexION 350X wide export', () => layouts.nexion350xWorkbook(), 'perkinelmer-syngistix-wide-export'],
    ['WinLab32 CSV', () => layouts.winlab32Csv(), 'perkinelmer-winlab32-csv'],
    ['MassHunter quant CSV', () => layouts.massHunterCsv(), 'agilent-masshunter-quant-csv'],
    ['qPCR workbook', () => layouts.qpcrWorkbook(), 'qpcr-tabular-results'],
  ])('finds exactly one template for a %s', (_name, make, template) => {
    expect(detectTemplates(asUpload(make()), instrumentTemplates())).toEqual([{ template, score: 100 }]);
  });

  it.each<[string, () => GeneratedFile]>([
    ['long CSV', () => genericLongText()],
    ['long XLSX', () => genericLongXlsx()],
    ['wide CSV', () => genericWideText()],
  ])('never auto-detects a generic template for a %s', (_name, make) => {
    expect(detectTemplates(asUpload(make()), instrumentTemplates())).toEqual([]);
  });

  it('explains a miss template by template', () => {
    const error = explainNoMatch(asUpload(genericLongText()), instrumentTemplates());

    expect(error.details.code).toBe('no_template');
    expect(error.message).toContain('no instrument template fits this CSV file');
    expect(error.message).toContain('agilent-chemstation-report-xls: reads xls/xlsx, not csv');
    expect(error.message).toContain('perkinelmer-winlab32-csv: no row holding "Sample ID", "Analyte Name"');
    expect(error.message).toContain('generic-long: generic template, used only when named with the upload');
  });
});
