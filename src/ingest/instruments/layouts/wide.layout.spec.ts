import { genericWideXlsx, GENERIC_WIDE_MAPPING } from '../../../../test/generators/instruments/encoding-fixtures';
import { asUpload, type GeneratedFile } from '../../../../test/generators/instruments/fixture-file';
import { instrumentTemplate } from '../../../../test/generators/instruments/instrument-templates';
import { nexion350xWorkbook } from '../../../../test/generators/instruments/layout-fixtures';
import { ImportRejected } from '../../import-rejected.error';
import type { ParseContext } from '../../source-adapter';
import { parseWithTemplate } from '../instrument-engine';

describe('wide layout (one column per analyte)', () => {
  describe('NexION 350X export', () => {
    it('reads the Concentrations sheet, splitting "As 75\\n(ug/L)" headers into analyte and unit, as printed ("0.050")', () => {
      const batch = parse350x();

      expect(batch.samples.map((s) => s.ref.labSampleId)).toEqual(['2502RLI0135-0489', '2502RLI0135-0490']);
      expect(batch.samples[0].rows.map((r) => [r.name, r.valueText, r.unitText])).toEqual([
        ['As 75', '0.412', 'ug/L'],
        ['Cd 111', '0.050', 'ug/L'],
        ['Pb 208', '1.200', 'ug/L'],
      ]);
    });

    it('maps columns anew after a repeated header row and keeps the row QC Status flag', () => {
      const second = parse350x().samples[1];

      expect(second.rows.map((r) => [r.name, r.valueText])).toEqual([
        ['Ni 60', '2.331'],
        ['Cr 52', '0.876'],
      ]);
      expect(second.rows[0].extra).toMatchObject({ 'QC Status': 'QC Fail', 'Acquisition Time': '05/02/25 11:03:15 AM' });
    });

    it('skips blanks, standards and "Calibration Curves" rows, counting only the values they hold', () => {
      expect(parse350x().qcRowsSkipped).toBe(4);
    });

    it('points at the value cell with the analyte header', () => {
      expect(parse350x().samples[0].rows[0].provenance).toMatchObject({
        kind: 'cell',
        sheet: 'Concentrations',
        row: 4,
        column: 'H',
        header: 'As 75 (ug/L)',
      });
    });

    it('turns the solution concentration into ug/g once mass and volume are known', () => {
      const pending = parse350x().samples[0].rows[0];
      const finished = parse350x({ prep: { mass: '0.25', volume: '50' } }).samples[0].rows[0];

      expect(pending.pendingCalculation).toMatchObject({ missing: ['mass', 'volume'], inputs: { dilution: '1' } });
      expect(finished).toMatchObject({ valueText: '0.0824', unitText: 'ug/g' });
    });
  });

  describe('generic wide table', () => {
    it('takes every other non-empty header as an analyte and the unit from the mapping', () => {
      const batch = parseGeneric(genericWideXlsx(), { mapping: GENERIC_WIDE_MAPPING });

      expect(batch.samples.map((s) => [s.ref.labSampleId, s.rows.map((r) => `${r.name}=${r.valueText} ${r.unitText}`)])).toEqual([
        ['2502RLI0135-0489', ['Lead=0.153 ppm', 'Cadmium=0.021 ppm', 'Arsenic=ND ppm']],
        ['2502RLI0135-0490', ['Lead=1.204 ppm', 'Cadmium=<LOQ ppm', 'Arsenic=0.08 ppm']],
      ]);
    });

    it('refuses a missing mapping, naming what it needs', () => {
      expect(() => parseGeneric(genericWideXlsx(), {})).toThrow(
        expect.objectContaining({ details: expect.objectContaining({ template: 'generic-wide', code: 'mapping_missing' }) }),
      );
    });

    it('refuses a mapping that names a header the file does not have', () => {
      const error = capture(() => parseGeneric(genericWideXlsx(), { mapping: { sampleId: 'Sample' } }));

      expect(error.details).toMatchObject({
        template: 'generic-wide',
        code: 'header_not_found',
        location: { sheet: 'Sheet1', row: 1 },
      });
      expect(error.message).toContain('"Sample" (mapping.sampleId)');
    });
  });
});

function parse350x(ctx: ParseContext = {}) {
  return parseWithTemplate(asUpload(nexion350xWorkbook()), instrumentTemplate('perkinelmer-syngistix-wide-export'), ctx);
}

function parseGeneric(file: GeneratedFile, ctx: ParseContext) {
  return parseWithTemplate(asUpload(file), instrumentTemplate('generic-wide'), ctx);
}

function capture(run: () => unknown): ImportRejected {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportRejected) return error;
    throw error;
  }
  throw new Error('expected ImportRejected');
}
