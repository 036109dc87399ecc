import * as path from 'node:path';
import type { SubmissionPayload } from '../../outbox/submission-payload';
import { InvalidMetrcMapping, loadMetrcMapping, mappedTypeNames, parseMetrcMapping } from './mapping.loader';
import { planRecord, UnmappableForMetrc } from './record-body';

const MAPPING = loadMetrcMapping(path.resolve(__dirname, '../../../templates/state-system/metrc-ny-mapping.json'));
type Row = SubmissionPayload['results'][number];
const result = (r: Partial<Row> & Pick<Row, 'analyte' | 'unit'>): Row => ({
  panel: 'p',
  value: null,
  qualifier: null,
  loq: null,
  limit: null,
  status: 'pass',
  ...r,
});
const payload = (results: Row[], productType = 'flower'): SubmissionPayload => ({
  sample: {
    id: 's',
    labSampleId: 'L',
    uid: '1A4FF0300000029000000101',
    sourceUid: null,
    stateRef: null,
    productType,
    clientLicense: 'C',
  },
  resultSet: { id: 'r', version: 1, amends: null, amendmentReason: null },
  origin: 'import',
  offlineSource: null,
  certificateUrl: 'http://x/c.pdf',
  releasedAt: '2026-03-02T10:00:00.000Z',
  approvedBy: 'm',
  results,
});

describe('planRecord: our results as Metrc lab test results', () => {
  it('names the type by analyte and matrix, scales units, takes Passed from our evaluation, encodes qualifiers as the contract defaults', () => {
    const plan = planRecord(
      payload([
        result({ analyte: 'thca', value: '231.0', unit: 'mg/g', status: 'report_only' }),
        result({ analyte: 'lead', value: '1.20', unit: 'ug/g', status: 'fail' }),
        result({ analyte: 'cadmium', qualifier: 'ND', unit: 'ug/g' }),
        result({ analyte: 'arsenic', qualifier: '<LOQ', loq: '0.05', unit: 'ug/g' }),
        result({ analyte: 'salmonella', qualifier: 'ABSENT', unit: 'CFU/g' }),
        result({ analyte: 'total_yeast_and_mold', qualifier: 'PRESENT', unit: 'CFU/g', status: 'fail' }),
        result({ analyte: 'moisture', qualifier: 'NT', unit: '%', status: 'not_tested' }),
      ]),
      MAPPING,
      null,
    );
    expect(plan.rows).toEqual([
      { LabTestTypeName: 'THCA (%) Raw Plant Material', Quantity: 23.1, Passed: true, Notes: '' },
      { LabTestTypeName: 'Lead (ppm) Raw Plant Material', Quantity: 1.2, Passed: false, Notes: '' },
      { LabTestTypeName: 'Cadmium (ppm) Raw Plant Material', Quantity: 0, Passed: true, Notes: 'ND' },
      { LabTestTypeName: 'Arsenic (ppm) Raw Plant Material', Quantity: 0, Passed: true, Notes: '<LOQ (LOQ 0.05 ug/g)' },
      { LabTestTypeName: 'Salmonella (CFU/g) Raw Plant Material', Quantity: 0, Passed: true, Notes: 'ABSENT' },
      { LabTestTypeName: 'Total Yeast and Mold (CFU/g) Raw Plant Material', Quantity: 0, Passed: false, Notes: 'Detected' },
    ]);
    expect(plan.omitted).toEqual([{ analyte: 'moisture', reason: 'not tested' }]);
    expect(
      planRecord(payload([result({ analyte: 'thca', value: '1', unit: '%' })], 'edible'), MAPPING, null).rows[0].LabTestTypeName,
    ).toBe('THCA (%) Infused Product');
  });

  it('stops with every reason a manager can act on: unmapped analyte, a unit without a factor, a name Metrc lacks, TNTC', () => {
    const known = new Set(mappedTypeNames(MAPPING).filter((n) => !n.startsWith('Lead')));
    try {
      planRecord(
        payload([
          result({ analyte: 'bifenazate', value: '0.1', unit: 'ug/g' }),
          result({ analyte: 'thca', value: '0.1', unit: 'ug/g' }),
          result({ analyte: 'lead', value: '0.1', unit: 'ug/g' }),
          result({ analyte: 'total_yeast_and_mold', qualifier: 'TNTC', unit: 'CFU/g' }),
        ]),
        MAPPING,
        known,
      );
      throw new Error('expected UnmappableForMetrc');
    } catch (e) {
      expect(e).toBeInstanceOf(UnmappableForMetrc);
      expect((e as UnmappableForMetrc).reasons).toEqual([
        'bifenazate: no Metrc lab test type in the mapping (templates/state-system/metrc-ny-mapping.json)',
        'thca: unit "ug/g" has no factor to "THCA (%) Raw Plant Material" (mapping units: %, mg/g)',
        'lead: Metrc has no lab test type "Lead (ppm) Raw Plant Material"',
        'total_yeast_and_mold: TNTC cannot be written to Metrc; enter this result in Metrc by hand',
      ]);
    }
  });

  it('refuses a mapping file that lists a row twice or lacks the fallback matrix, naming the place', () => {
    const good = JSON.stringify(MAPPING);
    const twice = JSON.parse(good) as { types: unknown[] };
    twice.types.push(twice.types[0]);
    expect(() => parseMetrcMapping(JSON.stringify(twice), 'm.json')).toThrow(
      new InvalidMetrcMapping('m.json: types: thca/* is listed twice'),
    );
    const noFallback = JSON.parse(good) as { matrices: Record<string, string> };
    delete noFallback.matrices['*'];
    expect(() => parseMetrcMapping(JSON.stringify(noFallback), 'm.json')).toThrow(
      "m.json: matrices: expected a '*' matrix for the other product types",
    );
  });
});
