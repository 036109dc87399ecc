import { chemstationReportXls } from '../../../../test/generators/instruments/layout-fixtures';
import { asUpload, type GeneratedFile } from '../../../../test/generators/instruments/fixture-file';
import { instrumentTemplate } from '../../../../test/generators/instruments/instrument-templates';
import type { ParseContext } from '../../source-adapter';
import { parseWithTemplate } from '../instrument-engine';

const TEMPLATE = 'agilent-chemstation-report-xls';

describe('key/value workbook layout (ChemStation "Report to XLS")', () => {
  it('takes the sample from Sheet1 SampleName and one row per named compound on the Compound sheet', () => {
    const batch = parse(chemstationReportXls());

    expect(batch.samples).toHaveLength(1);
    expect(batch.samples[0].ref).toEqual({ labSampleId: '2502RLI0135-0489' });
    expect(batch.samples[0].rows.map((r) => [r.name, r.valueText, r.unitText])).toEqual([
      ['CBDV', '0.512', 'ng/ul'],
      ['CBDA', '3.104', 'ng/ul'],
      ['d9-THC', '1.402', 'ng/ul'],
      ['THCA-A', '21.87', 'ng/ul'],
    ]);
  });

  it('never emits a compound flagged IsISTD, and counts it as QC', () => {
    const batch = parse(chemstationReportXls());

    expect(batch.samples[0].rows.map((r) => r.name)).not.toContain('ISTD-1');
    expect(batch.qcRowsSkipped).toBe(1);
  });

  it('points each value at its Compound cell and keeps the sequence facts for the reviewer', () => {
    const thca = parse(chemstationReportXls()).samples[0].rows[3];

    expect(thca.provenance).toMatchObject({ kind: 'cell', sheet: 'Compound', row: 6, column: 'H', header: 'Amount' });
    expect(thca.extra).toMatchObject({ Dilution: '1', Multiplier: '1', Vial: '12', injection: '05-Feb-25, 10:12:00' });
  });

  it('leaves the final result pending until mass and volume are known', () => {
    const cbdv = parse(chemstationReportXls()).samples[0].rows[0];

    expect(cbdv.pendingCalculation).toEqual({
      operation: 'concentration_to_mass_fraction',
      measured: '0.512',
      measuredUnit: 'ng/ul',
      inputs: { dilution: '1' },
      resultUnit: 'ug/g',
      missing: ['mass', 'volume'],
    });
  });

  it.each([
    ['CBDV', '25.6'],
    ['CBDA', '155.2'],
    ['d9-THC', '70.10'],
    ['THCA-A', '1094'],
  ])('computes %s as C × V × D / m with the upload prep data, keeping the measured digits (→ %s ug/g)', (name, expected) => {
    const row = parse(chemstationReportXls(), { prep: { mass: '0.2', volume: '10' } }).samples[0].rows.find(
      (r) => r.name === name,
    );

    expect(row).toMatchObject({ valueText: expected, unitText: 'ug/g' });
    expect(row?.extra).toMatchObject({ measuredUnit: 'ng/ul' });
    expect(row?.pendingCalculation).toBeUndefined();
  });

  it('treats a calibration injection ("CAL 2") as QC: no sample, every compound counted', () => {
    const batch = parse(chemstationReportXls({ sampleName: 'CAL 2' }));

    expect(batch.samples).toEqual([]);
    expect(batch.qcRowsSkipped).toBe(5);
    expect(batch.warnings.join(' ')).toContain('no sample results');
  });

  it('reads the same workbook saved as XLSX', () => {
    const xls = parse(chemstationReportXls());
    const xlsx = parse(chemstationReportXls({ bookType: 'xlsx' }));

    expect(xlsx.samples[0].rows.map((r) => r.valueText)).toEqual(xls.samples[0].rows.map((r) => r.valueText));
  });
});

function parse(file: GeneratedFile, ctx: ParseContext = {}) {
  return parseWithTemplate(asUpload(file), instrumentTemplate(TEMPLATE), ctx);
}
