import { asUpload } from '../../../../test/generators/instruments/fixture-file';
import { instrumentTemplate } from '../../../../test/generators/instruments/instrument-templates';
import { massHunterCsv } from '../../../../test/generators/instruments/layout-fixtures';
import type { ParseContext } from '../../source-adapter';
import { parseWithTemplate } from '../instrument-engine';

describe('two header rows layout (MassHunter quant CSV)', () => {
  it('takes the analyte from the "<compound> Results" group label and the value from its Final Conc. column', () => {
    const batch = parse();

    expect(batch.samples.map((s) => [s.ref.labSampleId, s.rows.map((r) => `${r.name}=${r.valueText}`)])).toEqual([
      ['2502RLI0135-0489', ['Abamectin=0.0144', 'Bifenazate=0.0008']],
      ['2502RLI0135-0490', ['Abamectin=ND', 'Bifenazate=0.0122']],
    ]);
  });

  it('ignores Method and Qualifier groups, never emits the (ISTD) group, and skips Cal and Blank rows', () => {
    const batch = parse();

    expect(batch.samples.flatMap((s) => s.rows).map((r) => r.name)).toEqual([
      'Abamectin',
      'Bifenazate',
      'Abamectin',
      'Bifenazate',
    ]);
    expect(batch.qcRowsSkipped).toBe(6);
  });

  it('points at the Final Conc. cell of the group and keeps the other group columns', () => {
    const abamectin = parse().samples[0].rows[0];

    expect(abamectin.provenance).toMatchObject({ kind: 'cell', row: 5, column: 'L', header: 'Final Conc.' });
    expect(abamectin.extra).toMatchObject({ 'Calc. Conc.': '0.0072', RT: '4.099', 'Resp.': '15034', injection: '0489.d' });
  });

  it('uses the unit given with the upload, since the export states none', () => {
    expect(parse().samples[0].rows[0].unitText).toBeUndefined();
    expect(parse({ mapping: { unit: 'ug/g' } }).samples[0].rows[0].unitText).toBe('ug/g');
  });
});

function parse(ctx: ParseContext = {}) {
  return parseWithTemplate(asUpload(massHunterCsv()), instrumentTemplate('agilent-masshunter-quant-csv'), ctx);
}
