import * as path from 'node:path';
import type { MetrcAdapterConfig } from '../../config/app-config';
import type { SubmissionPayload } from '../../outbox/submission-payload';
import { loadMetrcMapping } from './mapping.loader';
import { MetrcNyAdapter } from './metrc-ny.adapter';

const mapping = loadMetrcMapping(path.resolve(__dirname, '../../../templates/state-system/metrc-ny-mapping.json'));
const settings: MetrcAdapterConfig = {
  release: 'manual',
  allowRerecord: false,
  timeoutMs: 1000,
  mappingFile: 'templates/state-system/metrc-ny-mapping.json',
  windowHours: 24,
  windowOverlapMinutes: 5,
  syncDays: 7,
  pageSize: 20,
  ratePerSecond: 5,
  maxInFlight: 2,
  verifyAttempts: 1,
  verifyDelayMs: 0,
  maxDocumentBytes: 1_000_000,
  readRetries: 0,
};
const adapter = new MetrcNyAdapter(
  { baseUrl: 'http://127.0.0.1:9', vendorKey: 'check-sendable-spec', userKey: 'u', license: 'OCM-LAB-0001' },
  mapping,
  settings,
  'http://127.0.0.1:9',
);

const result = (over: Partial<SubmissionPayload['results'][number]>): SubmissionPayload['results'][number] => ({
  panel: 'cannabinoids',
  analyte: 'thca',
  value: '24.61',
  qualifier: null,
  unit: '%',
  loq: '0.05',
  limit: null,
  status: 'report_only',
  ...over,
});

const payload = (results: SubmissionPayload['results'], uid: string | null = '1A4000000000000000000001'): SubmissionPayload => ({
  sample: {
    id: 's',
    labSampleId: 'LAB-1',
    uid,
    sourceUid: null,
    stateRef: null,
    productType: 'flower',
    clientLicense: 'OCM-PROC-1',
  },
  resultSet: { id: 'r', version: 1, amends: null, amendmentReason: null },
  origin: 'import',
  offlineSource: null,
  certificateUrl: 'http://lab/cert.pdf',
  releasedAt: '2026-03-02T00:00:00.000Z',
  approvedBy: 'max',
  results,
});

describe('Metrc NY: "can you send this?" without sending', () => {
  it('has nothing to say about a mapped number', () => {
    expect(adapter.checkSendable(payload([result({})]))).toEqual([]);
  });

  it('refuses a qualifier its encoding blocks, an analyte with no lab test type and a sample without a tag', () => {
    const problems = adapter.checkSendable(
      payload([result({ analyte: 'thca', value: null, qualifier: 'TNTC' }), result({ analyte: 'no_such_analyte' })], null),
    );
    expect(problems.map((p) => [p.analyte, p.effect])).toEqual([
      [null, 'refused'],
      ['thca', 'refused'],
      ['no_such_analyte', 'refused'],
    ]);
    expect(problems[1].reason).toBe('TNTC cannot be written to Metrc; enter this result in Metrc by hand');
    expect(problems[2].reason).toContain('no Metrc lab test type in the mapping');
  });

  it('lists a result its mapping leaves out as dropped', () => {
    expect(adapter.checkSendable(payload([result({}), result({ analyte: 'cbd', value: null, qualifier: 'NA' })]))).toEqual([
      expect.objectContaining({ analyte: 'cbd', effect: 'dropped', reason: 'NA: not sent (mapping)' }),
    ]);
  });
});
