import request from 'supertest';
import { CLIENT_LICENSE, METALS, ResultSetFactory, withValues } from '../../support/factories/result-set.factory';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { reviewAs } from './review-requests';

const LOT = '6543210987654321';

describe('a retest is a new sample of the same lot, linked both ways, with its own result set', () => {
  let t: TestApp;
  let techToken: string;
  let tech: ReturnType<typeof reviewAs>;
  let mia: ReturnType<typeof reviewAs>;
  let original: { sampleId: string; resultSetId: string };

  beforeAll(async () => {
    t = await startTestApp();
    techToken = await t.userToken('tara.tech', 'technician');
    tech = reviewAs(t, techToken);
    mia = reviewAs(t, await t.userToken('mia.manager', 'manager'));
    // The original fails on lead (0.92 µg/g against 0.5) and is released as a failure.
    const built = await ResultSetFactory.for(t)
      .by('tara.tech')
      .sample({ labSampleId: '2502RLI0135-0489', uid: '1234567890123456', sourceUid: LOT })
      .from(withValues(METALS, 'icpms-metals-2502RLI0135-0489.csv', { 'Pb 208': '0.92', 'Cd 111': 'ND' }))
      .complete()
      .build();
    original = built;
    await tech.submit(built.resultSetId).expect(200);
    const approved = await mia.approve(built.resultSetId).expect(200);
    expect(approved.body.verdict).toBe('fail');
  });
  afterAll(async () => t.close());

  const registerRetest = (body: object) =>
    request(t.http)
      .post('/api/samples')
      .set(bearer(techToken))
      .send({ clientLicense: CLIENT_LICENSE, productType: 'flower', ...body });

  it('refuses a retest drawn from another lot', async () => {
    const res = await registerRetest({
      labSampleId: '2502RLI0135-0489-R1',
      retestOf: '2502RLI0135-0489',
      sourceUid: '1111111111111111',
    }).expect(400);
    expect(res.body.message).toContain('a retest is drawn from the same lot');
  });

  it('links the retest to the original both ways and gives it its own result set, leaving the original as released', async () => {
    const retest = await registerRetest({
      labSampleId: '2502RLI0135-0489-R1',
      uid: '1234567890123457',
      retestOf: '2502RLI0135-0489',
    }).expect(201);
    expect(retest.body).toMatchObject({ sourceUid: LOT, retestOf: { id: original.sampleId, labSampleId: '2502RLI0135-0489' } });

    const originalSample = await request(t.http).get(`/api/samples/${original.sampleId}`).set(bearer(techToken)).expect(200);
    expect(originalSample.body.retests).toEqual([{ id: retest.body.id, labSampleId: '2502RLI0135-0489-R1' }]);

    const built = await ResultSetFactory.for(t)
      .by('tara.tech')
      .ofSample('2502RLI0135-0489-R1')
      .from(withValues(METALS, 'icpms-metals-2502RLI0135-0489-R1.csv', { 'Pb 208': '0.21', 'Cd 111': 'ND' }))
      .complete()
      .build();
    expect(built.resultSetId).not.toBe(original.resultSetId);
    const set = await tech.get(built.resultSetId).expect(200);
    expect(set.body).toMatchObject({
      version: 1,
      status: 'draft',
      sample: { id: retest.body.id, sourceUid: LOT, retestOf: { id: original.sampleId, labSampleId: '2502RLI0135-0489' } },
    });
    await tech.submit(built.resultSetId).expect(200);
    const approved = await mia.approve(built.resultSetId).expect(200);
    expect(approved.body.results.find((r: { analyte: string }) => r.analyte === 'lead')).toMatchObject({
      valueText: '0.21',
      status: 'pass',
    });

    const before = await tech.get(original.resultSetId).expect(200);
    expect(before.body).toMatchObject({ status: 'approved', verdict: 'fail', amendedBy: null });
    const retestSample = await request(t.http).get(`/api/samples/${retest.body.id}`).set(bearer(techToken)).expect(200);
    expect(retestSample.body).toMatchObject({
      retestOf: { id: original.sampleId, labSampleId: '2502RLI0135-0489' },
      resultSets: [expect.objectContaining({ id: built.resultSetId, status: 'approved' })],
    });
  });
});
