import { buildCertificateView, isAnotherLab, type CertificateSource } from './certificate-view.builder';

const LAB = { name: 'DRS Testing', license: 'OCM-CPL-2022-00011' };
const CTX = { lab: LAB, publicUrl: 'https://coa.example' };

/** A released set as the builder reads it: a sample whose client was registered by its license alone, one metals result. */
function approvedSet(meta: Record<string, unknown> | null): CertificateSource {
  const results = [
    {
      panel: 'metals',
      analyte: 'arsenic',
      name: 'As',
      value: '0.3',
      qualifier: null,
      unit: 'ug/g',
      reportedValue: '0.3',
      reportedUnit: 'ug/g',
      loq: '0.05',
      limit: null,
      limitText: null,
      status: 'fail',
      derived: false,
      appliedLimit: { kind: 'max', value: '0.2', text: null, unit: 'ug/g' },
      sourceFile: null,
    },
  ];
  return {
    id: '01a24c55-440a-7000-a7b8-6d50e259474a',
    version: 1,
    status: 'approved',
    verdict: 'fail',
    approvedAt: new Date('2025-08-15T14:00:00Z'),
    approvedBy: 'mia.manager',
    origin: 'import',
    evaluation: { panels: { metals: 'fail' } },
    meta,
    sample: {
      labSampleId: '2508RLI0702-2626',
      uid: null,
      sourceUid: null,
      productName: null,
      productType: 'flower',
      route: 'inhaled',
      batch: null,
      receivedAt: null,
      client: { licenseNumber: 'OCM-PROC-24-000030', name: 'OCM-PROC-24-000030' },
    },
    results: { getItems: () => results },
  };
}

describe('isAnotherLab', () => {
  it.each([
    ['OCM-CPL-00011', undefined, false],
    ['OCM-CPL-24-00011-L1', undefined, false],
    ['OCM-CPL-2022-00011', 'Someone else entirely', false],
    ['OCM-CPL-00001', 'ACT Laboratories', true],
    [undefined, 'DRS Testing LLC', false],
    [undefined, 'Kaycha Labs', true],
    [undefined, undefined, false],
  ])('permit %s, name %s: another lab = %s (the permit number decides, in any of its printed forms)', (license, name, other) => {
    expect(isAnotherLab(LAB, name, license)).toBe(other);
  });
});

describe('buildCertificateView', () => {
  it('takes the client name, matrix, batch and dates from the imported certificate when the records lack them', () => {
    const view = buildCertificateView(
      approvedSet({
        testedOn: '2025-08-14',
        certificate: {
          lab: 'DRS Testing',
          labLicense: 'OCM-CPL-00011',
          clientName: 'SJR Horticulture',
          matrix: 'Plant, Flower - Cured',
          batch: 'SM060925',
          sampleCollected: '2025-08-11 12:53',
          sampleReceived: '2025-08-11',
        },
      }),
      [],
      CTX,
    );
    expect(view.reportedBy).toBeNull();
    expect(view.sample).toMatchObject({
      matrix: 'Plant, Flower - Cured',
      batch: 'SM060925',
      client: { name: 'SJR Horticulture', licenseNumber: 'OCM-PROC-24-000030' },
    });
    expect(view.dates).toEqual({
      collected: '2025-08-11 12:53',
      received: '2025-08-11',
      tested: '2025-08-14',
      released: '2025-08-15T14:00:00.000Z',
    });
    expect(view.certificateNumber).toBe('2508RLI0702-2626-V1');
  });

  it('records an imported certificate of another permit as that lab’s results, linking its original', () => {
    const view = buildCertificateView(
      approvedSet({ certificate: { lab: 'ACT Laboratories', labLicense: 'OCM-CPL-00001', reportCreated: '2026-07-30' } }),
      [],
      CTX,
    );
    expect(view.reportedBy).toEqual({
      name: 'ACT Laboratories',
      license: 'OCM-CPL-00001',
      certificateNumber: null,
      certificateDate: '2026-07-30',
      originalUrl: null,
    });
  });

  it('lists panels in the catalog’s order, whatever order the database returned the JSON keys in (PostgreSQL jsonb sorts them)', () => {
    const set = approvedSet(null);
    set.evaluation = { panels: { metals: 'fail', moisture: 'pass', terpenes: 'report_only', cannabinoids: 'report_only' } };
    expect(Object.keys(buildCertificateView(set, [], CTX).resultSet.panels)).toEqual([
      'cannabinoids',
      'terpenes',
      'metals',
      'moisture',
    ]);
  });

  it('prints the limit table’s limit when the source printed none', () => {
    expect(buildCertificateView(approvedSet(null), [], CTX).results[0]).toMatchObject({
      limit: null,
      limitApplied: '0.2',
      status: 'fail',
    });
  });

  it('prints a set released before e-signatures as who approved it and when, inventing no meaning, title or fingerprint', () => {
    expect(buildCertificateView(approvedSet(null), [], CTX).signatures).toEqual([
      { step: 'Approved', meaning: null, name: 'mia.manager', title: null, at: '2025-08-15T14:00:00.000Z', fingerprint: null },
    ]);
    expect(
      buildCertificateView(approvedSet(null), [], {
        ...CTX,
        signers: { 'mia.manager': { fullName: 'Mia Jones', title: 'Laboratory Director' } },
      }).signatures,
    ).toEqual([
      {
        step: 'Approved',
        meaning: null,
        name: 'Mia Jones',
        title: 'Laboratory Director',
        at: '2025-08-15T14:00:00.000Z',
        fingerprint: null,
      },
    ]);
  });

  it('prints the e-signatures of the release as signed (name, title, meaning, time, fingerprint), not a rejection', () => {
    const signed = (action: string, meaning: string, at: string) => ({
      action,
      username: 'maria.lopez',
      fullName: 'Maria Lopez',
      title: 'Laboratory Director',
      meaning,
      signedAt: at,
      contentHash: 'ab'.repeat(32),
    });
    const set = approvedSet(null);
    const view = buildCertificateView(set, [], {
      ...CTX,
      signers: { 'mia.manager': { fullName: 'Someone Else', title: null } },
      signatures: {
        [set.id]: [
          signed('reject', 'Reviewed and rejected', '2025-08-14T14:00:00.000Z'),
          signed('approve', 'Reviewed and approved for release', '2025-08-15T14:00:00.000Z'),
          signed('release', 'Released to the state system', '2025-08-15T15:00:00.000Z'),
        ],
      },
    });
    expect(view.signatures).toEqual([
      {
        step: 'Approved',
        meaning: 'Reviewed and approved for release',
        name: 'Maria Lopez',
        title: 'Laboratory Director',
        at: '2025-08-15T14:00:00.000Z',
        fingerprint: 'ab'.repeat(32),
      },
      {
        step: 'Released in the state system',
        meaning: 'Released to the state system',
        name: 'Maria Lopez',
        title: 'Laboratory Director',
        at: '2025-08-15T15:00:00.000Z',
        fingerprint: 'ab'.repeat(32),
      },
    ]);
  });

  it('reads the release record’s partial override and signatures where one was written', () => {
    const signed = approvedSet({
      release: {
        partial: { reason: 'Microbials re-run', missingPanels: ['microbials'] },
        signatures: [
          {
            username: 'mia.manager',
            fullName: 'Mia Jones',
            title: 'Laboratory director',
            meaning: 'Approved for release',
            at: '2025-08-15T14:00:00Z',
          },
        ],
      },
    });
    const view = buildCertificateView(signed, [], CTX);
    expect(view.signatures).toEqual([
      {
        step: 'Approved',
        meaning: 'Approved for release',
        name: 'Mia Jones',
        title: 'Laboratory director',
        at: '2025-08-15T14:00:00Z',
        fingerprint: null,
      },
    ]);
    expect(view.partialRelease).toEqual({ reason: 'Microbials re-run', missingPanels: ['microbials'] });
  });

  it('refuses a malformed release record rather than printing a certificate without it', () => {
    expect(() => buildCertificateView(approvedSet({ release: { partial: { reason: '' } } }), [], CTX)).toThrow(
      'result set meta.release is malformed: partial.reason',
    );
  });
});
