import { buildSubmissionPayload, reportingDeadline, type PayloadSource } from './submission-payload';

const source = (over: Partial<PayloadSource> = {}): PayloadSource => ({
  sample: {
    id: 's-1',
    labSampleId: '2502RLI0135-0489',
    uid: '4815020000009001',
    sourceUid: '4815020000003101',
    stateRef: null,
    productType: 'flower',
    clientLicense: 'OCM-CULT-24-000112',
  },
  resultSet: { id: 'rs-1', version: 1, amends: null, amendmentReason: null, origin: 'import', meta: null },
  results: [
    {
      panel: 'cannabinoids',
      analyte: 'thca',
      value: '26.82',
      qualifier: null,
      unit: '%',
      loq: null,
      limit: null,
      status: 'report_only',
      derived: false,
    },
    {
      panel: 'cannabinoids',
      analyte: 'total_thc',
      value: '23.83',
      qualifier: null,
      unit: '%',
      loq: null,
      limit: null,
      status: 'report_only',
      derived: true,
    },
    {
      panel: 'metals',
      analyte: 'cadmium',
      value: null,
      qualifier: 'ND',
      unit: 'ug/g',
      loq: '0.05',
      limit: '0.2',
      status: 'pass',
      derived: false,
    },
  ],
  certificateUrl: 'http://localhost:3000/api/certificates/rs-1.pdf',
  releasedAt: new Date('2025-03-01T10:00:00Z'),
  approvedBy: 'maria',
  ...over,
});

describe('buildSubmissionPayload: the approved result set, frozen for the outbox', () => {
  it('leaves out the totals we derived (the state system computes its own)', () => {
    expect(buildSubmissionPayload(source()).results.map((r) => r.analyte)).toEqual(['thca', 'cadmium']);
  });

  it('keeps a non-detect as its qualifier with no value, and decimals as the strings they were', () => {
    const [thca, cadmium] = buildSubmissionPayload(source()).results;
    expect(thca.value).toBe('26.82');
    expect(cadmium).toMatchObject({ value: null, qualifier: 'ND', loq: '0.05' });
  });

  it('keeps UIDs as strings', () => {
    const payload = buildSubmissionPayload(source());
    expect(JSON.parse(JSON.stringify(payload)).sample).toMatchObject({ uid: '4815020000009001', sourceUid: '4815020000003101' });
  });

  it('carries an offline source from the result set so the adapter can mark it', () => {
    const meta = { offlineSource: { supplierLicense: 'OCM-CULT-24-000999' }, lab: 'Other Lab' };
    const payload = buildSubmissionPayload(source({ resultSet: { ...source().resultSet, origin: 'manual', meta } }));
    expect(payload).toMatchObject({ origin: 'manual', offlineSource: { supplierLicense: 'OCM-CULT-24-000999' } });
  });

  it.each([null, 'a string', ['a', 'list']])('ignores an offline source that is not an object (%p)', (offlineSource) => {
    const payload = buildSubmissionPayload(source({ resultSet: { ...source().resultSet, meta: { offlineSource } } }));
    expect(payload.offlineSource).toBeNull();
  });

  it('gives every submission a deadline 48 hours after the release', () => {
    expect(reportingDeadline(new Date('2025-03-01T10:00:00Z')).toISOString()).toBe('2025-03-03T10:00:00.000Z');
  });
});
