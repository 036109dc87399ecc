import { ImportRejected } from './import-rejected.error';
import type { ParsedBatch, RawResultRow } from './parsed-batch';
import { normalize, normalizeCertificateRow } from './pipeline';
import { UNIT_FROM_LAYOUT } from './unsure-row';

const at = { kind: 'text' as const, sha256: 'a'.repeat(64), page: 4, line: 21, context: 'ASPERGILLUS NIGER Not Present PASS' };
const row = (r: Partial<RawResultRow>): RawResultRow => ({ name: 'Lead', valueText: '0.1', provenance: at, ...r });
const batch = (adapter: string, rows: RawResultRow[]): ParsedBatch => ({
  adapter,
  template: 't',
  templateVersion: '1',
  samples: [{ ref: { labSampleId: 'S1' }, rows }],
  qcRowsSkipped: 0,
  warnings: [],
});

describe('certificate rows through the catalog, never refusing the file', () => {
  it('takes the unit a layout declares for a panel and says so in the provenance', () => {
    const n = normalizeCertificateRow(
      row({ name: 'Total Yeast and Mold', valueText: '30', panelHint: 'Microbial', unitFromLayout: 'CFU/g' }),
    );
    expect(n).toMatchObject({
      kind: 'result',
      result: { analyte: 'total_yeast_and_mold', value: '30', unit: 'CFU/g', reportedUnit: '' },
    });
    expect(n.kind === 'result' && n.result.unsure).toBeFalsy();
    expect(n.kind === 'result' && n.result.provenance).toMatchObject({ note: UNIT_FROM_LAYOUT });
  });

  it('reads a presence test the layout declares unitless with the analyte unit, keeping the qualifier', () => {
    const n = normalizeCertificateRow(
      row({ name: 'ASPERGILLUS NIGER', valueText: 'Not Present', panelHint: 'Microbial', unitFromLayout: '' }),
    );
    expect(n).toMatchObject({
      kind: 'result',
      result: { analyte: 'aspergillus_niger', value: null, qualifier: 'ABSENT', reportedUnit: '' },
    });
  });

  it('keeps a row without a unit and without a layout default as unsure, value empty, printed text kept', () => {
    const n = normalizeCertificateRow(row({ name: 'Arsenic', valueText: '0.02', panelHint: 'Heavy Metals' }));
    expect(n).toMatchObject({
      kind: 'result',
      result: {
        analyte: 'arsenic',
        panel: 'metals',
        value: null,
        qualifier: null,
        reportedValue: '0.02',
        unsure: 'no unit given for "Arsenic"',
        provenance: at,
      },
    });
  });

  it('keeps a value whose LOQ cannot be read, unsure of the LOQ', () => {
    const n = normalizeCertificateRow(row({ name: 'Lead', valueText: '0.1', unitText: 'µg/g', loqText: 'see note' }));
    expect(n).toMatchObject({
      kind: 'result',
      result: { analyte: 'lead', value: '0.1', loq: null, unsure: 'Lead: LOQ "see note" is not a number' },
    });
  });

  it('keeps a name the catalog does not know as an unlisted unsure row, with the closest candidates named', () => {
    const n = normalizeCertificateRow(
      row({ name: 'TOTAL THC (DRY)', valueText: '22.216', unitText: '%', panelHint: 'Cannabinoid' }),
    );
    expect(n.kind).toBe('unknown');
    expect(n.kind === 'unknown' && n.unsure).toMatchObject({
      analyte: 'unlisted:total_thc_dry',
      panel: 'cannabinoids',
      value: null,
      reportedValue: '22.216',
    });
    expect(n.kind === 'unknown' && n.unsure?.unsure).toContain('closest: total_thc');
  });

  it('stores unsure rows for certificates; an instrument row without a unit waits for one, and an unreadable value refuses the export', async () => {
    const rows = [row({ name: 'Arsenic', valueText: '0.02' })];
    expect((await normalize(batch('coa', rows), 't')).samples[0].results).toMatchObject([
      { analyte: 'arsenic', unsure: 'no unit given for "Arsenic"' },
    ]);
    const instrument = (await normalize(batch('instrument', rows), 't')).samples[0];
    expect([instrument.results, instrument.pending.map((p) => p.pending.missing)]).toEqual([[], [['unit']]]);
    const unreadable = [row({ name: 'Arsenic', valueText: 'see note', unitText: 'ppm' })];
    expect((await normalize(batch('coa', unreadable), 't')).samples[0].results).toMatchObject([
      { analyte: 'arsenic', unsure: expect.any(String) },
    ]);
    await expect(normalize(batch('instrument', unreadable), 't')).rejects.toThrow(ImportRejected);
  });
});
