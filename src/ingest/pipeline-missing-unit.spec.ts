import type { ParsedBatch, RawResultRow } from './parsed-batch';
import { normalize } from './pipeline';

const at = (row: number): RawResultRow['provenance'] => ({ kind: 'cell', sha256: 'a'.repeat(64), row, column: 'O' });
const batch = (adapter: string, rows: RawResultRow[]): ParsedBatch => ({
  adapter,
  template: 't',
  templateVersion: '1',
  samples: [{ ref: { labSampleId: 'S-1' }, rows }],
  qcRowsSkipped: 0,
  warnings: [],
});

describe('instrument rows whose unit nobody gave', () => {
  it('wait for the unit, numbers and non-detects alike, while names outside the catalog are listed as unknown', async () => {
    const rows: RawResultRow[] = [
      { name: 'CBDA - cannabidiolic acid', valueText: '133.519', provenance: at(21) },
      { name: 'CBGA - cannabigerolic acid', valueText: '-----', provenance: at(35) },
      { name: 'tryptophan', valueText: '94980.258', provenance: at(9) },
      { name: 'THCA', valueText: '1.5', unitText: '%', provenance: at(40) },
    ];
    const normalized = await normalize(batch('instrument', rows), 't');
    const [sample] = normalized.samples;

    expect(sample.pending.map((p) => [p.row.name, p.pending.missing])).toEqual([
      ['CBDA - cannabidiolic acid', ['unit']],
      ['CBGA - cannabigerolic acid', ['unit']],
    ]);
    expect(normalized.unknownAnalytes.map((u) => u.name)).toEqual(['tryptophan']);
    expect(sample.results.map((r) => [r.analyte, r.value])).toEqual([['thca', '1.5']]);
  });

  it('leave a certificate row without a unit to a person: kept as an unsure result, never refusing the file', async () => {
    const [sample] = (await normalize(batch('coa', [{ name: 'Lead', valueText: '0.1', provenance: at(7) }]), 't')).samples;
    expect([sample.pending, sample.results.map((r) => [r.analyte, r.unsure])]).toEqual([
      [],
      [['lead', 'no unit given for "Lead"']],
    ]);
  });
});
