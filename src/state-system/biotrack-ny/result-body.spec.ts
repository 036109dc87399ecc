import { heldBy, indexCatalogue, offlineNote, planResultBody, UnmappableResults } from './result-body';
import { resolveMapping, type BiotrackMappingFile } from './mapping.schemas';
import type { StateResult } from '../state-system.port';
import type { SubmissionPayload } from '../../outbox/submission-payload';

const FILE: BiotrackMappingFile = {
  tests: { cannabinoids: 2, metals: 8, microbials: 4, pesticides: 7 },
  panelName: 'analyte-key',
  analytes: { pyrethrins: { testId: 7, panel: 'Pyrethrins (total)' } },
  notInCatalogue: 'skip',
  noteField: 'TestNote',
  noteMaxLength: 60,
  qualifiers: {
    ND: 'non_detect',
    '<LOD': 'non_detect',
    ABSENT: 'non_detect',
    '<LOQ': 'bound_with_note',
    NT: 'omit',
    PRESENT: 'refuse',
  },
  inventoryTypes: {},
};
const zeroWithNote = resolveMapping(FILE, 'zero_with_note');
const omitNonDetects = resolveMapping(FILE, 'omit');

const CATALOGUE = indexCatalogue([
  { id: 2, name: 'Potency', panels: [{ name: 'thca', unit: '%', recordOnly: true, total: false }] },
  {
    id: 8,
    name: 'Heavy Metals',
    panels: ['lead', 'cadmium', 'arsenic'].map((name) => ({ name, unit: 'ug/g', recordOnly: false, total: false })),
  },
  { id: 4, name: 'Microbials', panels: [{ name: 'salmonella', unit: 'CFU/g', recordOnly: false, total: false }] },
  { id: 7, name: 'Pesticides', panels: [{ name: 'Pyrethrins (total)', unit: 'ug/g', recordOnly: false, total: false }] },
]);

type R = SubmissionPayload['results'][number];
const result = (analyte: string, panel: string, unit: string, fields: Partial<R>): R => ({
  panel,
  analyte,
  value: null,
  qualifier: null,
  unit,
  loq: null,
  limit: null,
  status: 'pass',
  ...fields,
});
const lead = (fields: Partial<R>) => result('lead', 'metals', 'ug/g', fields);

function payload(results: R[], extra: Partial<SubmissionPayload> = {}): SubmissionPayload {
  return {
    sample: {
      id: 's',
      labSampleId: '2502RLI0135-0489',
      uid: '4815020000009001',
      sourceUid: null,
      stateRef: null,
      productType: 'flower',
      clientLicense: 'OCM-CULT-24-000112',
    },
    resultSet: { id: 'rs-1', version: 1, amends: null, amendmentReason: null },
    origin: 'import',
    offlineSource: null,
    certificateUrl: 'https://lims.example/api/certificates/rs-1.pdf',
    releasedAt: '2025-03-01T10:00:00.000Z',
    approvedBy: 'maria',
    results,
    ...extra,
  };
}

const plan = (p: SubmissionPayload, mapping = zeroWithNote, kind: 'post' | 'amend' = 'post') =>
  planResultBody(p, mapping, CATALOGUE, { externalId: 'key-1', kind });
const sentFor = (p: SubmissionPayload, mapping = zeroWithNote) => plan(p, mapping).body.TestingData.flatMap((d) => d.TestResult);

describe('planResultBody: our results in BioTrack NY terms', () => {
  it('groups results by TestID, names panels by analyte key, links the CoA and carries the idempotency key', () => {
    const { body } = plan(
      payload([lead({ value: '0.12' }), result('thca', 'cannabinoids', '%', { value: '26.82', status: 'report_only' })]),
    );
    expect(body).toEqual({
      TestingData: [
        { TestID: 2, TestResult: [{ TestPanel: 'thca', TestValue: 26.82 }] },
        { TestID: 8, TestResult: [{ TestPanel: 'lead', TestValue: 0.12, TestPass: true }] },
      ],
      CertOfAnalysisHyperlink: 'https://lims.example/api/certificates/rs-1.pdf',
      ExternalID: 'key-1',
    });
  });

  it.each([
    ['pass', true],
    ['fail', false],
    ['report_only', undefined],
  ])('sends our evaluation %s as TestPass %p (the state records it as lab-provided)', (status, pass) => {
    expect(sentFor(payload([lead({ value: '0.7', status })]))[0].TestPass).toBe(pass);
  });

  it('writes a decimal as the JSON number with the same digits, never float noise', () => {
    const { body } = plan(
      payload([
        lead({ value: '0.30' }),
        result('cadmium', 'metals', 'ug/g', { value: '0.10' }),
        result('arsenic', 'metals', 'ug/g', { value: '1.20' }),
      ]),
    );
    expect(JSON.stringify(body.TestingData)).toBe(
      '[{"TestID":8,"TestResult":[{"TestPanel":"lead","TestValue":0.3,"TestPass":true},{"TestPanel":"cadmium","TestValue":0.1,"TestPass":true},{"TestPanel":"arsenic","TestValue":1.2,"TestPass":true}]}]',
    );
  });

  it.each(['ND', '<LOD', 'ABSENT'])(
    'with zero_with_note sends the non-detect %s as 0 with the qualifier as the note',
    (qualifier) => {
      expect(sentFor(payload([lead({ qualifier })]))).toEqual([
        { TestPanel: 'lead', TestValue: 0, TestPass: true, TestNote: qualifier },
      ]);
    },
  );

  it.each(['ND', '<LOD', 'ABSENT'])('with omit does not send the non-detect %s at all, and says so', (qualifier) => {
    const planned = plan(payload([lead({ value: '0.12' }), result('cadmium', 'metals', 'ug/g', { qualifier })]), omitNonDetects);
    expect(planned.body.TestingData).toEqual([
      { TestID: 8, TestResult: [{ TestPanel: 'lead', TestValue: 0.12, TestPass: true }] },
    ]);
    expect(planned.skipped).toEqual([{ analyte: 'cadmium', reason: `${qualifier} is not sent (qualifier rule omit)` }]);
  });

  it('sends <LOQ as its printed bound with the qualifier as the note', () => {
    expect(sentFor(payload([lead({ qualifier: '<LOQ', loq: '0.050' })]))).toEqual([
      { TestPanel: 'lead', TestValue: 0.05, TestPass: true, TestNote: '<LOQ' },
    ]);
  });

  it('applies per-analyte exceptions of the mapping (TestID and panel name)', () => {
    const { body } = plan(payload([result('pyrethrins', 'pesticides', 'ug/g', { value: '0.4' })]));
    expect(body.TestingData).toEqual([
      { TestID: 7, TestResult: [{ TestPanel: 'Pyrethrins (total)', TestValue: 0.4, TestPass: true }] },
    ]);
  });

  it('skips panels the state catalogue lacks and results not tested, and lists them', () => {
    const planned = plan(
      payload([
        lead({ value: '0.1' }),
        result('delta_3_carene', 'terpenes', '%', { value: '0.2' }),
        result('arsenic', 'metals', 'ug/g', { status: 'not_tested', qualifier: 'NT' }),
      ]),
      resolveMapping({ ...FILE, tests: { ...FILE.tests, terpenes: 9 } }, 'zero_with_note'),
    );
    expect(planned.skipped).toEqual([
      { analyte: 'delta_3_carene', reason: 'TestPanel "delta_3_carene" is not in test 9 of the state\'s catalogue' },
      { analyte: 'arsenic', reason: 'not tested' },
    ]);
  });

  it.each<[string, R[], string]>([
    [
      'a panel without a TestID',
      [result('vitamin_e_acetate', 'other', 'ug/g', { qualifier: 'ND' })],
      'vitamin_e_acetate: panel other has no TestID in the mapping (tests.other or analytes.vitamin_e_acetate.testId)',
    ],
    [
      'a presence result (no honest number)',
      [result('salmonella', 'microbials', 'CFU/g', { qualifier: 'PRESENT', status: 'fail' })],
      'salmonella: PRESENT has no number the state system can take (qualifier rule refuse)',
    ],
    [
      '<LOQ without a printed bound',
      [lead({ qualifier: '<LOQ' })],
      'lead: <LOQ has no printed bound to send (qualifier rule bound_with_note)',
    ],
    [
      'a unit the catalogue does not use',
      [lead({ value: '120', unit: 'ug/kg' })],
      'lead: our unit ug/kg differs from the catalogue\'s ug/g for "lead"',
    ],
    [
      'more digits than a JSON number carries',
      [lead({ value: '0.12345678901234567890' })],
      'lead: 0.12345678901234567890 cannot be written as a JSON number without changing its digits',
    ],
    [
      'only results that are not sent',
      [lead({ status: 'not_tested' })],
      'nothing to send: every result was skipped (lead: not tested)',
    ],
  ])('refuses %s, naming the analyte', (_, results, problem) => {
    expect(() => plan(payload(results))).toThrow(new UnmappableResults([problem]));
  });

  it('adds the amendment reason to an amendment only', () => {
    const p = payload([lead({ value: '0.14' })], {
      resultSet: { id: 'rs-2', version: 2, amends: { id: 'rs-1', version: 1 }, amendmentReason: 'lead re-integrated' },
    });
    expect(plan(p, zeroWithNote, 'amend').body.AmendmentReason).toBe('lead re-integrated');
    expect(plan(p, zeroWithNote, 'post').body).not.toHaveProperty('AmendmentReason');
  });
});

describe('offline-sourced (manually entered) results are marked in what is sent', () => {
  const manual = (offlineSource: Record<string, unknown> | null) =>
    payload([lead({ value: '0.2' }), result('cadmium', 'metals', 'ug/g', { qualifier: 'ND' })], {
      origin: 'manual',
      offlineSource,
    });

  it('puts the mark, with the supplier and certificate, on every TestResult next to any qualifier', () => {
    expect(
      sentFor(manual({ supplierLicense: 'OCM-CULT-24-000999', certificateNumber: 'P-17' }), {
        ...zeroWithNote,
        noteMaxLength: 200,
      }).map((r) => r.TestNote),
    ).toEqual([
      'manual entry from an offline source (supplier OCM-CULT-24-000999, CoA P-17)',
      'ND; manual entry from an offline source (supplier OCM-CULT-24-000999, CoA P-17)',
    ]);
  });

  it('cuts a long note to the configured length', () => {
    const notes = sentFor(manual({ supplierLicense: 'OCM-CULT-24-000999', certificateNumber: 'P-17' })).map((r) =>
      String(r.TestNote),
    );
    expect(notes.map((n) => n.length)).toEqual([60, 60]);
    expect(notes[1]).toMatch(/^ND; manual entry from an offline source .*…$/);
  });

  it.each<[string, SubmissionPayload, string | null]>([
    ['an import', payload([]), null],
    ['a manual entry without details', payload([], { origin: 'manual' }), 'manual entry from an offline source'],
    [
      'an offline source on an amendment',
      payload([], { origin: 'amendment', offlineSource: { supplierUid: '4815020000001111' } }),
      'manual entry from an offline source (supplier UID 4815020000001111)',
    ],
  ])('%s', (_, p, note) => {
    expect(offlineNote(p)).toBe(note);
  });
});

describe('heldBy: does the state already hold what we would send?', () => {
  const { body } = plan(payload([lead({ value: '0.12' }), result('cadmium', 'metals', 'ug/g', { qualifier: 'ND' })]));
  const held = (overrides: Partial<StateResult>[] = []): StateResult[] =>
    [
      { testId: 8, panel: 'lead', value: 0.12, pass: true, labProvided: true, note: null, transactionId: '41' },
      { testId: 8, panel: 'cadmium', value: 0, pass: true, labProvided: true, note: 'ND', transactionId: '42' },
    ].map((r, i) => ({ ...r, ...overrides[i] }));

  it('yes, when every result is there with the same value and note; the latest transaction wrote them', () => {
    expect(heldBy(body, held(), 'TestNote')).toEqual({ held: true, transactionId: '42' });
  });

  it.each<[string, Partial<StateResult>[]]>([
    ['a value differs', [{ value: 0.13 }]],
    ['a note differs', [{}, { note: null }]],
    ['a result sits under another test', [{ testId: 2 }]],
  ])('no, when %s', (_, overrides) => {
    expect(heldBy(body, held(overrides), 'TestNote')).toEqual({ held: false, transactionId: null });
  });

  it('no, when nothing is there', () => {
    expect(heldBy(body, [], 'TestNote').held).toBe(false);
  });
});
