import { asUpload, type GeneratedFile } from '../../../../test/generators/instruments/fixture-file';
import { instrumentTemplate } from '../../../../test/generators/instruments/instrument-templates';
import { genericLongXlsx, GENERIC_LONG_MAPPING } from '../../../../test/generators/instruments/encoding-fixtures';
import { qpcrWorkbook, winlab32Csv } from '../../../../test/generators/instruments/layout-fixtures';
import type { ParseContext } from '../../source-adapter';
import { parseWithTemplate } from '../instrument-engine';

describe('long layout (one row per sample and analyte)', () => {
  describe('WinLab32 CSV', () => {
    it('trims the leading space of Sample ID and skips the reagent blank', () => {
      const batch = parse(winlab32Csv(), 'perkinelmer-winlab32-csv');

      expect(batch.samples.map((s) => [s.ref.labSampleId, s.rows.map((r) => `${r.name}=${r.valueText} ${r.unitText}`)])).toEqual([
        ['2502RLI0135-0489', ['Pb 220.353=0.153 mg/kg', 'Cd 228.802=0.021 mg/kg']],
        ['2502RLI0135-0490', ['Pb 220.353=0.0320 mg/L']],
      ]);
      expect(batch.qcRowsSkipped).toBe(1);
    });

    it('leaves values already in sample units alone and converts a solution concentration with prep data', () => {
      const batch = parse(winlab32Csv(), 'perkinelmer-winlab32-csv', { prep: { mass: '0.5', volume: '25' } });

      expect(batch.samples[0].rows[0]).toMatchObject({ valueText: '0.153', unitText: 'mg/kg' });
      expect(batch.samples[0].rows[0].pendingCalculation).toBeUndefined();
      expect(batch.samples[1].rows[0]).toMatchObject({ valueText: '1.60', unitText: 'mg/kg' });
    });

    it('points at the value by line and column letter, with the header', () => {
      expect(parse(winlab32Csv(), 'perkinelmer-winlab32-csv').samples[0].rows[1].provenance).toMatchObject({
        kind: 'cell',
        row: 4,
        column: 'E',
        header: 'Reported Conc (Calib)',
        context: ['Sample ID: 2502RLI0135-0489', 'Analyte Name: Cd 228.802', 'Reported Conc (Calib): 0.021'],
      });
    });
  });

  describe('qPCR Tabular Results', () => {
    it('reads Cq per target and well name, keeping "No Cq" as printed', () => {
      const batch = parse(qpcrWorkbook(), 'qpcr-tabular-results');

      expect(batch.samples.map((s) => [s.ref.labSampleId, s.rows.map((r) => `${r.name}=${r.valueText}`)])).toEqual([
        ['2502RLI0135-0489', ['Y+M=24.31', 'A. Fumi=No Cq', 'A. Nig=No Cq', 'A. Flav=36.11', 'A. Terr=No Cq']],
        ['2502RLI0135-0490', ['E. Coli=No Cq', 'Salm=No Cq']],
      ]);
      expect(batch.samples[0].rows[0]).toMatchObject({ unitText: 'Cq', extra: { Well: 'A1', Dye: 'FAM' } });
    });

    it('never emits internal controls (IC-...), the ROX reference or control wells', () => {
      expect(parse(qpcrWorkbook(), 'qpcr-tabular-results').qcRowsSkipped).toBe(6);
    });
  });

  describe('generic long table', () => {
    it('finds the mapped header below title rows of a workbook and reads numbers as shown', () => {
      const batch = parse(genericLongXlsx(), 'generic-long', { mapping: GENERIC_LONG_MAPPING });

      expect(batch.samples[0].rows).toEqual([
        expect.objectContaining({ name: 'Lead', valueText: '0.153', unitText: 'µg/g', loqText: '0.05' }),
        expect.objectContaining({ name: 'Total Yeast and Mold', valueText: '1250', unitText: 'CFU/g', loqText: '100' }),
      ]);
      expect(batch.samples[0].rows[0].provenance).toMatchObject({ sheet: 'Results', row: 4, column: 'C', header: 'Result' });
    });
  });
});

function parse(file: GeneratedFile, template: string, ctx: ParseContext = {}) {
  return parseWithTemplate(asUpload(file), instrumentTemplate(template), ctx);
}
