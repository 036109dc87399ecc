import type { ParsedBatch, PrintedTotal, RawResultRow } from './parsed-batch';
import { normalize } from './pipeline';

const at = (line: number): RawResultRow['provenance'] => ({ kind: 'text', sha256: 'a'.repeat(64), page: 1, line });
const batch = (adapter: string, rows: RawResultRow[], printedTotals: PrintedTotal[]): ParsedBatch => ({
  adapter,
  template: 't',
  templateVersion: '1',
  samples: [{ ref: { labSampleId: 'S-1' }, rows, printedTotals }],
  qcRowsSkipped: 0,
  warnings: [],
});

describe('totals a certificate prints', () => {
  it('are kept as results when their unit converts', async () => {
    const [sample] = (
      await normalize(batch('coa', [], [{ analyte: 'total_thc', valueText: '21.3', unitText: '%', provenance: at(3) }]), 't')
    ).samples;
    expect(sample.results.map((r) => [r.analyte, r.value, r.unsure ?? null])).toEqual([['total_thc', '21.3', null]]);
  });

  it('in a unit that cannot be converted become an unsure row for a person, never a refusal of the file nor dropped', async () => {
    const totals: PrintedTotal[] = [
      { analyte: 'total_thc', valueText: '6.8059', unitText: 'mg/serving', provenance: at(4) },
      { analyte: 'total_cbd', valueText: '30.3608 mg/serving', unitText: 'mg/serving', provenance: at(5) },
    ];
    const rows: RawResultRow[] = [{ name: 'THCA', valueText: '1.5', unitText: '%', provenance: at(9) }];
    const [sample] = (await normalize(batch('coa', rows, totals), 't')).samples;
    expect(
      sample.results.map((r) => [r.analyte, r.value, r.reportedValue, r.reportedUnit, typeof r.unsure, r.provenance]),
    ).toEqual([
      ['thca', '1.5', '1.5', '%', 'undefined', at(9)],
      ['total_thc', null, '6.8059', 'mg/serving', 'string', at(4)],
      ['total_cbd', null, '30.3608 mg/serving', 'mg/serving', 'string', at(5)],
    ]);
    expect(sample.results[1].unsure).toContain('mg/serving');
  });

  it('printed also as a row of the table are stored once, as the row', async () => {
    const rows: RawResultRow[] = [
      { name: 'Total THC', valueText: '6.8059 mg/serving', unitText: 'mg/serving', provenance: at(4) },
    ];
    const totals: PrintedTotal[] = [
      { analyte: 'total_thc', valueText: '6.8059 mg/serving', unitText: 'mg/serving', provenance: at(4) },
    ];
    const [sample] = (await normalize(batch('coa', rows, totals), 't')).samples;
    expect(sample.results.map((r) => [r.analyte, r.name, typeof r.unsure])).toEqual([['total_thc', 'Total THC', 'string']]);
  });
});
