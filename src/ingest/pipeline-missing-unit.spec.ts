import { ImportRejected } from './import-rejected.error';
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
  it('wait for the unit, numbers and non-detects alike, while names outside the catalog are listed as unknown', () => {
    const rows: RawResultRow[] = [
      { name: 'CBDA - cannabidiolic acid', valueText: '133.519', provenance: at(21) },
      { name: 'CBGA - cannabigerolic acid', valueText: '-----', provenance: at(35) },
      { name: 'tryptophan', valueText: '94980.258', provenance: at(9) },
      { name: 'THCA', valueText: '1.5', unitText: '%', provenance: at(40) },
    ];
    const [sample] = normalize(batch('instrument', rows), 't').samples;

    expect(sample.pending.map((p) => [p.row.name, p.pending.missing])).toEqual([
      ['CBDA - cannabidiolic acid', ['unit']],
      ['CBGA - cannabigerolic acid', ['unit']],
    ]);
    expect(sample.unknown.map((u) => u.name)).toEqual(['tryptophan']);
    expect(sample.results.map((r) => [r.analyte, r.value])).toEqual([['thca', '1.5']]);
  });

  it('still refuse a certificate row without a unit, naming the cell', () => {
    expect(() => normalize(batch('coa', [{ name: 'Lead', valueText: '0.1', provenance: at(7) }]), 't')).toThrow(ImportRejected);
  });
});
