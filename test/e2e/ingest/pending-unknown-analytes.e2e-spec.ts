import request from 'supertest';
import { shimadzuAsciiTxt } from '../../generators/instruments/layout-fixtures';
import { registerSamples, upload } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';

/**
 * Rows that wait for preparation data are read through the catalog only once the data is there: an analyte the
 * catalog does not know must then join the import's unknown analytes, whether the sample matched at upload or was
 * attached later, never vanish.
 */
describe('unknown analytes among rows that waited for preparation data', () => {
  let t: TestApp;
  let tech: string;
  beforeAll(async () => {
    t = await startTestApp();
    tech = await t.userToken('tara.tech', 'technician');
  });
  afterAll(async () => t.close());

  /** The Shimadzu export with its THCA block renamed to a compound the catalog does not know. */
  const withUnknownCompound = () => {
    const file = shimadzuAsciiTxt();
    return {
      name: file.name,
      bytes: Buffer.from(file.bytes.toString('utf8').replace('THCA - tetrahydrocannabinolic acid', 'Zorbitol X-9')),
    };
  };

  it('lists them when the matched sample completes the rows at upload, and when an unmatched one is attached', async () => {
    await registerSamples(t.http, tech, [{ labSampleId: '2502RLI0135-0489', prep: { mass: '0.5', volume: '25' } }]);
    const res = await upload(t.http, tech, withUnknownCompound(), { unit: 'ug/mL' }).expect(201);
    expect(res.body.resultSets).toEqual([expect.objectContaining({ labSampleId: '2502RLI0135-0489', read: 2 })]);
    expect(res.body.unknownAnalytes).toEqual([expect.objectContaining({ name: 'Zorbitol X-9', rows: 1 })]);
    expect(res.body.unknownAnalyteCounts).toEqual({ rows: 1, distinct: 1, listed: 1 });
    expect(res.body.unmatched).toEqual([expect.objectContaining({ reason: 'no_sample' })]);

    const ids = await registerSamples(t.http, tech, [{ labSampleId: 'LATE-0490', prep: { mass: '0.5', volume: '25' } }]);
    const attached = await request(t.http)
      .post(`/api/imports/${res.body.id}/attach`)
      .set(bearer(tech))
      .send({ index: res.body.unmatched[0].index, sampleId: ids['LATE-0490'] })
      .expect(201);
    expect(attached.body.resultSets).toContainEqual(expect.objectContaining({ labSampleId: 'LATE-0490', read: 2 }));
    expect(attached.body.unknownAnalytes).toEqual([expect.objectContaining({ name: 'Zorbitol X-9', rows: 2 })]);
    expect(attached.body.unknownAnalyteCounts).toEqual({ rows: 2, distinct: 1, listed: 1 });
    const listed = await request(t.http).get('/api/imports').set(bearer(tech)).expect(200);
    expect(listed.body.find((i: { id: string }) => i.id === res.body.id)).toMatchObject({ unknownAnalytes: 1 });
  });
});
