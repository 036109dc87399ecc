import type { AxiosInstance, AxiosResponse } from 'axios';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/biotrack-ny/simulator';
import {
  httpTo,
  LAB,
  loginAs,
  passingFlowerResults,
  receivedSample,
  testingData,
  type SessionHeaders,
} from './simulator-test-client';

describe('BioTrack NY simulator: posting and amending results', () => {
  let sim: RunningSimulator;
  let http: AxiosInstance;
  let lab: SessionHeaders;

  beforeAll(async () => {
    sim = await startSimulator({ seed: false });
    http = httpTo(sim);
    lab = await loginAs(http, LAB);
  });
  afterAll(() => sim.close());

  const post = (sample: string, body: object) => http.post(`/v1/lab/sample/${sample}/result`, body, { headers: lab });
  const amend = (sample: string, body: object) => http.put(`/v1/lab/sample/${sample}/result`, body, { headers: lab });

  describe('pass/fail of a result without TestPass, from the panel’s condition and limit', () => {
    it.each([
      [8, 'lead', 0.5, true],
      [8, 'lead', 0.51, false],
      [8, 'chromium', 1100, true],
      [1, 'moisture', 15.1, false],
      [10, 'water_activity', 0.65, true],
      [6, 'aflatoxin_b1', 21, false],
      [4, 'salmonella', 0, true],
      [4, 'salmonella', 10, false],
      [7, 'piperonyl_butoxide', 2, true],
      [5, 'benzene', 2.5, false],
    ])('test %i panel %s = %d passes: %s', async (testId, panel, value, passes) => {
      const { sampleUid } = receivedSample(sim);
      const response = await post(sampleUid, { TestingData: [testingData(testId, { [panel]: value })] });
      expect(response.status).toBe(200);
      expect(response.data.LabSample[0].TestingData[0].TestResult[0]).toEqual({
        TestPanel: panel,
        TestValue: value,
        TestPass: passes,
        LabProvided: false,
        TransactionID: response.data.TransactionID,
      });
    });
  });

  it.each([
    ['thca', 2, 99],
    ['total_yeast_and_mold', 4, 1_000_000],
    ['n_butane', 5, 99_999],
    ['limonene', 9, 5],
  ])('passes the record-only panel %s whatever its value or the lab’s TestPass', async (panel, testId, value) => {
    const { sampleUid } = receivedSample(sim);
    const body = { TestingData: [{ TestID: testId, TestResult: [{ TestPanel: panel, TestValue: value, TestPass: false }] }] };
    const response = await post(sampleUid, body);
    expect(response.status).toBe(200);
    expect(response.data.LabSample[0].TestingData[0].TestResult[0]).toMatchObject({ TestPass: true, LabProvided: false });
  });

  it('keeps a TestPass the lab sent, marked LabProvided', async () => {
    const { sampleUid } = receivedSample(sim);
    const body = { TestingData: [{ TestID: 8, TestResult: [{ TestPanel: 'lead', TestValue: 0.1, TestPass: false }] }] };
    const response = await post(sampleUid, body);
    expect(response.data.LabSample[0].TestingData[0].TestResult[0]).toMatchObject({ TestPass: false, LabProvided: true });
    expect(response.data.LabSample[0].Result).toBe('Failed');
  });

  it('keeps an optional TestNote (a non-detect qualifier) next to the number', async () => {
    const { sampleUid } = receivedSample(sim);
    const body = { TestingData: [{ TestID: 8, TestResult: [{ TestPanel: 'mercury', TestValue: 0, TestNote: 'ND' }] }] };
    const response = await post(sampleUid, body);
    expect(response.status).toBe(200);
    expect(sim.state.labSample(sampleUid)?.TestingData[0]?.TestResult[0]).toMatchObject({
      TestValue: 0,
      TestNote: 'ND',
      TestPass: true,
    });
  });

  it.each([
    [
      { TestingData: [testingData(2, { THCA: 20 })] },
      'TestingData[0].TestResult[0].TestPanel: unknown panel "THCA" for test 2 (Potency)',
    ],
    [
      { TestingData: [testingData(8, { thca: 20 })] },
      'TestingData[0].TestResult[0].TestPanel: unknown panel "thca" for test 8 (Heavy Metals)',
    ],
    [{ TestingData: [testingData(11, { lead: 0.1 })] }, 'TestingData[0].TestID: unknown test 11'],
    [
      { TestingData: [testingData(8, { lead: 0.1 }), testingData(8, { arsenic: 0.1 })] },
      'TestingData[1].TestID: test 8 appears twice',
    ],
    [
      { TestingData: [{ TestID: 8, TestResult: [{ TestPanel: 'lead', TestValue: '0.1' }] }] },
      'TestingData[0].TestResult[0].TestValue',
    ],
    [
      { TestingData: [{ TestID: 8, TestResult: [{ TestPanel: 'lead', TestValue: -1 }] }] },
      'TestingData[0].TestResult[0].TestValue: expected a number >= 0',
    ],
    [{ TestingData: [] }, 'TestingData: expected at least one TestingData entry'],
    [
      { TestingData: [testingData(8, { lead: 0.1 }, { LabAnalysisTime: '2025-02-28T17:08:00+0100' })] },
      'TestingData[0].LabAnalysisTime: expected an RFC 3339 timestamp',
    ],
    [
      { TestingData: [testingData(8, { lead: 0.1 }, { SamplePreparationTime: '2025-02-28 10:00:00' })] },
      'TestingData[0].SamplePreparationTime: expected an RFC 3339',
    ],
    [{ TestingData: [testingData(8, { lead: 0.1 })], Units: 'ppm' }, 'body: unknown field "Units"'],
    [
      { TestingData: [testingData(8, { lead: 0.1 })], CertOfAnalysisHyperlink: 'coa.pdf' },
      'CertOfAnalysisHyperlink: expected an absolute http(s) URL',
    ],
  ])('refuses %j with 400 naming the field and records nothing', async (body, message) => {
    const { sampleUid } = receivedSample(sim);
    const response = await post(sampleUid, body);
    expect(response.status).toBe(400);
    expect(response.data).toEqual({ Error: expect.stringContaining(message), ErrorCode: '602' });
    expect(sim.state.effectCount(sampleUid)).toBe(0);
    expect(sim.state.labSample(sampleUid)?.TestingData).toEqual([]);
  });

  it.each(['2025-02-28T17:08:00Z', '2025-02-28T17:08:00.123+05:30', '2025-02-28T17:08:00-05:00'])(
    'accepts the timestamp %s',
    async (time) => {
      const { sampleUid } = receivedSample(sim);
      const response = await post(sampleUid, { TestingData: [testingData(8, { lead: 0.1 }, { LabAnalysisTime: time })] });
      expect(response.status).toBe(200);
      expect(response.data.LabSample[0].TestingData[0].LabAnalysisTime).toBe(time);
    },
  );

  it('keeps a sample Pending until every required test has results, then Passed; the sample item and its lot follow', async () => {
    const { sampleUid, lotUid } = receivedSample(sim);
    const [first, ...rest] = passingFlowerResults();
    const partial = await post(sampleUid, { TestingData: [first] });
    expect(partial.data.LabSample[0].Result).toBe('Pending');
    expect(sim.state.inventory(lotUid)?.QAStatus).toBe('Pending');

    const complete = await post(sampleUid, { TestingData: rest, CertOfAnalysisHyperlink: 'https://lab.example/coa/1.pdf' });
    expect(complete.status).toBe(200);
    expect(complete.data.LabSample[0]).toMatchObject({
      Result: 'Passed',
      CertOfAnalysisHyperlink: 'https://lab.example/coa/1.pdf',
    });
    expect(complete.data.Inventory.map((i: { ID: string; QAStatus: string }) => [i.ID, i.QAStatus])).toEqual([
      [sampleUid, 'Passed'],
      [lotUid, 'Passed'],
    ]);
    expect(sim.state.labSample(sampleUid)?.TestingData.map((d) => d.TestID)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10]);
  });

  it('needs only the tests the catalogue requires for the inventory type (an edible needs no moisture)', async () => {
    const { sampleUid } = receivedSample(sim, { inventoryType: 'Edible' });
    const edible = passingFlowerResults().filter((d) => ![1, 3, 10].includes(d.TestID));
    const response = await post(sampleUid, { TestingData: edible });
    expect(response.data.LabSample[0].Result).toBe('Passed');
  });

  it('fails the sample and its lot as soon as any panel fails, even before all tests are in', async () => {
    const { sampleUid, lotUid } = receivedSample(sim);
    const response = await post(sampleUid, { TestingData: [testingData(8, { lead: 0.12, cadmium: 0.9 })] });
    expect(response.data.LabSample[0].Result).toBe('Failed');
    expect(sim.state.inventory(lotUid)?.QAStatus).toBe('Failed');
  });

  it('answers 409 to a POST once the sample has final results, and to one repeating a posted test', async () => {
    const { sampleUid } = receivedSample(sim);
    const [first, ...rest] = passingFlowerResults();
    await post(sampleUid, { TestingData: [first] });

    const repeated = await post(sampleUid, { TestingData: [first] });
    expect(repeated.status).toBe(409);
    expect(repeated.data.Error).toContain('already has results for test 1 (Moisture)');

    await post(sampleUid, { TestingData: rest });
    const late = await post(sampleUid, { TestingData: [testingData(9, { limonene: 0.4 })] });
    expect(late.status).toBe(409);
    expect(late.data).toEqual({
      Error: expect.stringContaining('already has final results (Passed); amend them with PUT'),
      ErrorCode: '409',
    });
    expect(sim.state.effectCount(sampleUid, 'post-result')).toBe(2);
  });

  it('amends with PUT: replaces the tests it carries, recomputes the Result and records the amendment', async () => {
    const { sampleUid, lotUid } = receivedSample(sim);
    const results = passingFlowerResults().map((d) => (d.TestID === 8 ? testingData(8, { lead: 0.8 }) : d));
    const posted = await post(sampleUid, { TestingData: results });
    expect(posted.data.LabSample[0].Result).toBe('Failed');

    const amended = await amend(sampleUid, {
      TestingData: [testingData(8, { lead: 0.3 })],
      AmendmentReason: 'transcription error',
      ExternalID: 'amend-1',
    });
    expect(amended.status).toBe(200);
    expect(amended.data.LabSample[0].Result).toBe('Passed');
    expect(sim.state.inventory(lotUid)?.QAStatus).toBe('Passed');
    expect(sim.state.labSample(sampleUid)?.TestingData.find((d) => d.TestID === 8)?.TestResult).toEqual([
      expect.objectContaining({ TestPanel: 'lead', TestValue: 0.3, TestPass: true }),
    ]);
    expect(sim.state.amendments(sampleUid)).toEqual([
      expect.objectContaining({
        reason: 'transcription error',
        externalId: 'amend-1',
        transactionId: amended.data.TransactionID,
        before: [expect.objectContaining({ TestID: 8, TestResult: [expect.objectContaining({ TestValue: 0.8 })] })],
        after: [expect.objectContaining({ TestID: 8, TestResult: [expect.objectContaining({ TestValue: 0.3 })] })],
      }),
    ]);
    expect(sim.state.effects({ sample: sampleUid }).map((e) => e.kind)).toEqual(['post-result', 'amend-result']);
  });

  it('answers 409 to a PUT on a sample with no results yet', async () => {
    const { sampleUid } = receivedSample(sim);
    const response = await amend(sampleUid, { TestingData: [testingData(8, { lead: 0.3 })] });
    expect(response.status).toBe(409);
    expect(response.data.Error).toContain('no results to amend');
  });

  it('answers a repeated ExternalID with the first answer and no second effect, POST or PUT', async () => {
    const { sampleUid } = receivedSample(sim);
    const body = { TestingData: passingFlowerResults(), ExternalID: 'rs-42-v1' };
    const first = await post(sampleUid, body);
    const second = await post(sampleUid, body);
    expect(second.status).toBe(200);
    expect(second.data).toEqual(first.data);
    expect(sim.state.effectCount(sampleUid, 'post-result')).toBe(1);

    const fix = { TestingData: [testingData(8, { lead: 0.2 })], ExternalID: 'rs-42-v2' };
    const amended = await amend(sampleUid, fix);
    expect((await amend(sampleUid, fix)).data).toEqual(amended.data);
    expect(sim.state.effectCount(sampleUid, 'amend-result')).toBe(1);
    expect(sim.state.amendments(sampleUid)).toHaveLength(1);
  });

  it('answers 409 when an ExternalID already used for one sample comes with another', async () => {
    const a = receivedSample(sim);
    const b = receivedSample(sim);
    await post(a.sampleUid, { TestingData: [testingData(8, { lead: 0.1 })], ExternalID: 'shared-key' });
    const response = await post(b.sampleUid, { TestingData: [testingData(8, { lead: 0.1 })], ExternalID: 'shared-key' });
    expect(response.status).toBe(409);
    expect(response.data.Error).toContain('ExternalID "shared-key" was already used');
    expect(sim.state.effectCount(b.sampleUid)).toBe(0);
  });

  it('does not use up an ExternalID on a refused write', async () => {
    const { sampleUid } = receivedSample(sim);
    const refused = await post(sampleUid, { TestingData: [testingData(8, { plumbum: 0.1 })], ExternalID: 'retry-after-fix' });
    expect(refused.status).toBe(400);
    const fixed = await post(sampleUid, { TestingData: [testingData(8, { lead: 0.1 })], ExternalID: 'retry-after-fix' });
    expect(fixed.status).toBe(200);
  });

  it('finds a sample by LabSample.ID or by its 16-digit UID, and refuses anything else naming id', async () => {
    const { sampleUid } = receivedSample(sim);
    const byUid = await http.get(`/v1/lab/sample/${sampleUid}`, { headers: lab });
    expect(byUid.status).toBe(200);
    const byId = await http.get(`/v1/lab/sample/${byUid.data.LabSample.ID}`, { headers: lab });
    expect(byId.data).toEqual(byUid.data);

    for (const bad of [sampleUid.slice(1), `${sampleUid}0`, 'abc']) {
      const response = await http.get(`/v1/lab/sample/${bad}`, { headers: lab });
      expect(response.status).toBe(400);
      expect(response.data.Error).toMatch(
        /^id: expected a LabSample.ID \(an integer\) or a UID \(a string of exactly 16 digits\)/,
      );
    }
    expect((await http.get('/v1/lab/sample/999999', { headers: lab })).status).toBe(404);
  });

  it.each(['123', '48150201000000011', 'x815020100000001'])('refuses ?inventoryid=%s naming inventoryid', async (inventoryid) => {
    const response = await http.get('/v1/lab/sample', { headers: lab, params: { inventoryid } });
    expect(response.status).toBe(400);
    expect(response.data.Error).toBe('inventoryid: expected a UID: a string of exactly 16 digits');
  });
});

describe('BioTrack NY simulator: result switches', () => {
  it('ignores unknown fields when unknownFields is "tolerate"', async () => {
    await withSimulator({ unknownFields: 'tolerate' }, async (sim, post) => {
      const { sampleUid } = receivedSample(sim);
      const response = await post(sampleUid, {
        TestingData: [testingData(8, { lead: 0.1 }, { Instrument: 'ICP-MS' })],
        Units: 'ppm',
      });
      expect(response.status).toBe(200);
      expect(sim.state.labSample(sampleUid)?.TestingData[0]).not.toHaveProperty('Instrument');
    });
  });

  it('refuses a result write without ExternalID when requireExternalId is on', async () => {
    await withSimulator({ requireExternalId: true }, async (sim, post) => {
      const { sampleUid } = receivedSample(sim);
      const response = await post(sampleUid, { TestingData: [testingData(8, { lead: 0.1 })] });
      expect(response.status).toBe(400);
      expect(response.data.Error).toBe('ExternalID: required (behaviour.requireExternalId is on)');
    });
  });

  it('refuses TestNote when acceptTestNote is off', async () => {
    await withSimulator({ acceptTestNote: false }, async (sim, post) => {
      const { sampleUid } = receivedSample(sim);
      const body = { TestingData: [{ TestID: 8, TestResult: [{ TestPanel: 'lead', TestValue: 0, TestNote: 'ND' }] }] };
      const response = await post(sampleUid, body);
      expect(response.status).toBe(400);
      expect(response.data.Error).toContain('TestingData[0].TestResult[0].TestNote: not accepted');
    });
  });

  it('refuses a UID as sample {id} when acceptUidAsSampleId is off', async () => {
    await withSimulator({ acceptUidAsSampleId: false }, async (sim, post) => {
      const { sampleUid } = receivedSample(sim);
      const response = await post(sampleUid, { TestingData: [testingData(8, { lead: 0.1 })] });
      expect(response.status).toBe(400);
      expect(response.data.Error).toContain('UIDs are not accepted here');
    });
  });
});

async function withSimulator(
  behaviour: SimulatorOptions['behaviour'],
  run: (sim: RunningSimulator, post: (sample: string, body: object) => Promise<AxiosResponse>) => Promise<void>,
): Promise<void> {
  const sim = await startSimulator({ seed: false, behaviour });
  try {
    const http = httpTo(sim);
    const lab = await loginAs(http, LAB);
    await run(sim, (sample, body) => http.post(`/v1/lab/sample/${sample}/result`, body, { headers: lab }));
  } finally {
    await sim.close();
  }
}
