import { wrongKindPdf, emptyFile, truncatedXlsx } from '../../../test/generators/instruments/bad-fixtures';
import { genericLongText, GENERIC_LONG_MAPPING } from '../../../test/generators/instruments/encoding-fixtures';
import { asUpload } from '../../../test/generators/instruments/fixture-file';
import { instrumentTemplates } from '../../../test/generators/instruments/instrument-templates';
import { qpcrWorkbook, winlab32Csv } from '../../../test/generators/instruments/layout-fixtures';
import { InstrumentSourceAdapter } from './instrument.adapter';

describe('InstrumentSourceAdapter', () => {
  const sut = new InstrumentSourceAdapter(instrumentTemplates(), { maxRows: 10_000, maxCells: 500_000 });

  it('is the instrument adapter and knows its template ids', () => {
    expect(sut.kind).toBe('instrument');
    expect(sut.hasTemplate('qpcr-tabular-results')).toBe(true);
    expect(sut.hasTemplate('drs-testing-coa')).toBe(false);
  });

  it('detects the template, then parses with it', async () => {
    const file = asUpload(qpcrWorkbook());

    const [best] = await sut.detect(file);
    const batch = await sut.parse(file, { template: best.template });

    expect(best.template).toBe('qpcr-tabular-results');
    expect(batch).toMatchObject({ adapter: 'instrument', template: 'qpcr-tabular-results', templateVersion: '1' });
  });

  it.each([
    ['a PDF (left to the CoA adapter)', wrongKindPdf()],
    ['an empty file', emptyFile()],
    ['a corrupt workbook', truncatedXlsx()],
  ])('detects nothing in %s', async (_name, file) => {
    await expect(sut.detect(asUpload(file))).resolves.toEqual([]);
  });

  it('explains why nothing was detected: the read error, or every template tried', async () => {
    expect((await sut.explainRejection(asUpload(truncatedXlsx()))).details.code).toBe('corrupt_workbook');
    expect((await sut.explainRejection(asUpload(genericLongText()))).details.code).toBe('no_template');
  });

  it('takes every file but a PDF for its kind, so a PDF is left to the CoA adapter to explain', () => {
    expect(sut.open(asUpload(wrongKindPdf())).ofItsKind).toBe(false);
    expect(sut.open(asUpload(emptyFile())).ofItsKind).toBe(true);
    expect(sut.open(asUpload(truncatedXlsx())).ofItsKind).toBe(true);
  });

  it('parses with an explicitly chosen generic template and its mapping', async () => {
    const batch = await sut.parse(asUpload(genericLongText()), { template: 'generic-long', mapping: GENERIC_LONG_MAPPING });

    expect(batch.samples.map((s) => s.ref.labSampleId)).toEqual(['2502RLI0135-0489', '2502RLI0135-0490']);
  });

  it('refuses an unknown template id', async () => {
    await expect(sut.parse(asUpload(winlab32Csv()), { template: 'no-such-template' })).rejects.toThrow(
      expect.objectContaining({ details: expect.objectContaining({ code: 'unknown_template', template: 'no-such-template' }) }),
    );
  });

  it('names the template in a read error raised while parsing', async () => {
    await expect(sut.parse(asUpload(emptyFile()), { template: 'perkinelmer-winlab32-csv' })).rejects.toThrow(
      expect.objectContaining({
        message: 'template perkinelmer-winlab32-csv: the file is empty: expected a header row and at least one data row',
      }),
    );
  });

  it('enforces its own limits', async () => {
    const small = new InstrumentSourceAdapter(instrumentTemplates(), { maxRows: 2, maxCells: 100 });

    await expect(small.parse(asUpload(winlab32Csv()), { template: 'perkinelmer-winlab32-csv' })).rejects.toThrow(
      expect.objectContaining({ details: expect.objectContaining({ code: 'file_too_large' }) }),
    );
  });
});
