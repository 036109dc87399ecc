import { shimadzuAsciiTxt, shimadzuResavedCsv } from '../../../../test/generators/instruments/layout-fixtures';
import { asUpload, type GeneratedFile } from '../../../../test/generators/instruments/fixture-file';
import { instrumentTemplate } from '../../../../test/generators/instruments/instrument-templates';
import type { ParseContext } from '../../source-adapter';
import { parseWithTemplate } from '../instrument-engine';

const TEMPLATE = 'shimadzu-labsolutions-ascii';
const S489 = { labSampleId: '2502RLI0135-0489', sampleName: '2502RLI0135-0489 Flower' };
const S490 = { labSampleId: '2502RLI0135-0490', sampleName: '2502RLI0135-0490 Flower' };

describe('compound blocks layout (Shimadzu LabSolutions ASCII)', () => {
  it('names each row by the compound of its block and groups the injections by sample', () => {
    const batch = parse(shimadzuAsciiTxt());

    expect(batch.samples.map((s) => s.ref)).toEqual([S489, S490]);
    expect(values(batch.samples[0].rows)).toEqual([
      ['CBDA - cannabidiolic acid', '12.407'],
      ['THCA - tetrahydrocannabinolic acid', '187.35'],
      ['CBN - cannabinol', '1.206'],
    ]);
    expect(values(batch.samples[1].rows)).toEqual([
      ['CBDA - cannabidiolic acid', '8.115'],
      ['THCA - tetrahydrocannabinolic acid', '143.2'],
      ['CBN - cannabinol', '-----'],
    ]);
  });

  it('counts "QC PREP" and Standard injections as QC and never reads Average / %RSD rows as samples', () => {
    const batch = parse(shimadzuAsciiTxt());

    expect(batch.qcRowsSkipped).toBe(6);
    expect(batch.samples.flatMap((s) => s.rows).map((r) => r.extra?.injection)).not.toContain(undefined);
  });

  it('keeps "-----" as the value and drops it from LOQ / LOD', () => {
    const cbn = parse(shimadzuAsciiTxt()).samples[1].rows[2];

    expect(cbn.valueText).toBe('-----');
    expect(cbn.loqText).toBeUndefined();
    expect(cbn.lodText).toBeUndefined();
  });

  it('reads LOQ, LOD, the QC Check flag and the line / column of the Conc. cell', () => {
    const thca = parse(shimadzuAsciiTxt()).samples[0].rows[1];

    expect(thca).toMatchObject({ loqText: '0.10', lodText: '0.03' });
    expect(thca.extra).toMatchObject({ 'QC Check Results': 'Quant.Range(High)', injection: '2502RLI0135-0489_010.lcd' });
    expect(thca.provenance).toMatchObject({ kind: 'cell', row: 18, column: 'J', header: 'Conc.' });
    expect(thca.provenance).not.toHaveProperty('sheet');
  });

  it('says units are missing unless the upload gives them, then computes the final result', () => {
    const without = parse(shimadzuAsciiTxt());
    const withUnit = parse(shimadzuAsciiTxt(), { mapping: { unit: 'ug/mL' }, prep: { mass: '0.5', volume: '20' } });

    expect(without.warnings.join(' ')).toContain('mapping.unit');
    expect(withUnit.samples[0].rows[1]).toMatchObject({ valueText: '7494.0', unitText: 'ug/g' });
  });

  it('reads the table re-saved as CSV (header once, index columns) and reports rows whose compound the file no longer names', () => {
    const batch = parse(shimadzuResavedCsv());

    expect(batch.samples.map((s) => s.ref)).toEqual([S489, S490]);
    expect(values(batch.samples[0].rows)).toEqual([
      ['THCA - tetrahydrocannabinolic acid', '187.35'],
      ['CBN - cannabinol', '1.206'],
    ]);
    expect(batch.qcRowsSkipped).toBe(4);
    expect(batch.warnings.join(' ')).toMatch(/4 row\(s\) \(lines 2–5\) come before the first "Name" line/);
  });
});

function values(rows: Array<{ name: string; valueText: string }>): string[][] {
  return rows.map((r) => [r.name, r.valueText]);
}

function parse(file: GeneratedFile, ctx: ParseContext = {}) {
  return parseWithTemplate(asUpload(file), instrumentTemplate(TEMPLATE), ctx);
}
