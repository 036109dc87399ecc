import { nexionSummaryWorkbook } from '../../../../test/generators/instruments/layout-fixtures';
import { asUpload } from '../../../../test/generators/instruments/fixture-file';
import { instrumentTemplate } from '../../../../test/generators/instruments/instrument-templates';
import type { ParseContext } from '../../source-adapter';
import { parseWithTemplate } from '../instrument-engine';

const TEMPLATE = 'perkinelmer-syngistix-summary-report';

describe('sample blocks layout (PerkinElmer Syngistix summary report)', () => {
  it('reads the sample ID from "Sample | ID:" label cells and the analyte as element + mass', () => {
    const batch = parse();

    expect(batch.samples.map((s) => s.ref.labSampleId)).toEqual(['2502RLI0135-0489', '2502RLI0135-0490', '2502RLI0135-0491']);
    expect(batch.samples[0].rows.map((r) => r.name)).toEqual(['As 75', 'Cd 114', 'Hg 202', 'Pb 208']);
  });

  it('skips blanks, standards, CCVs, spikes and QC Std blocks and the |> internal standards', () => {
    const batch = parse();

    // 6 QC blocks × (4 analytes + 2 ISTD rows), minus the 4 empty analyte rows of "Cal Blank", plus 3 samples × 2 ISTD rows.
    expect(batch.qcRowsSkipped).toBe(6 * 6 - 4 + 3 * 2);
    expect(batch.samples.flatMap((s) => s.rows).map((r) => r.name)).not.toEqual(expect.arrayContaining(['Ge 74', 'In 115']));
  });

  it.each([
    ['As 75', '0.0912'],
    ['Cd 114', '0.0088'],
    ['Hg 202', '-0.0004'],
    ['Pb 208', '0.1530'],
  ])("multiplies %s by the block's Sample Dilution Ratio (mL/g) into ug/g (→ %s)", (name, expected) => {
    const row = parse().samples[0].rows.find((r) => r.name === name);

    expect(row).toMatchObject({ valueText: expected, unitText: 'ug/g' });
    expect(row?.extra).toMatchObject({ measuredUnit: 'ppb', 'Sample Dilution Ratio': '100' });
  });

  it('takes the dilution from the digestion Log when the block has no ratio column, and reports the logged prep data', () => {
    const sample = parse().samples[1];

    expect(sample.prep).toEqual({ mass: '0.4988', dilution: '100.24' });
    expect(sample.rows.map((r) => r.valueText)).toEqual(['0.0501', '0.0021', '0.0003', '0.0251']);
  });

  it('leaves a sample missing from the Log pending, and finishes it with the upload dilution', () => {
    const pending = parse().samples[2].rows[0];
    const finished = parse({ prep: { dilution: '50' } }).samples[2].rows[0];

    expect(pending).toMatchObject({ valueText: '0.700', unitText: 'ppb' });
    expect(pending.pendingCalculation).toMatchObject({ operation: 'concentration_times_dilution_ratio', missing: ['dilution'] });
    expect(finished).toMatchObject({ valueText: '0.0350', unitText: 'ug/g' });
  });

  it('points at the Conc. Mean cell of the Quant Summary sheet', () => {
    const row = parse().samples[0].rows[0];

    expect(row.provenance).toMatchObject({ kind: 'cell', sheet: 'Quant Summary', column: 'E', header: 'Conc. Mean' });
    expect(row.provenance.kind === 'cell' && row.provenance.context).toEqual(['Analyte: As', 'Conc. Mean: 0.912']);
  });
});

function parse(ctx: ParseContext = {}) {
  return parseWithTemplate(asUpload(nexionSummaryWorkbook()), instrumentTemplate(TEMPLATE), ctx);
}
