import request from 'supertest';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { releasePortalSamples } from './portal-samples';

describe("a licensee's list of its samples", () => {
  let t: TestApp;
  let grower: string;
  let processor: string;
  beforeAll(async () => {
    t = await startTestApp({ LAB_NAME: 'Hudson Analytical', LAB_LICENSE: 'OCM-CPL-2022-00042' });
    ({ grower, processor } = await releasePortalSamples(t));
  });
  afterAll(async () => t.close());

  const list = (token: string, query = '') => request(t.http).get(`/api/licensee/samples${query}`).set(bearer(token));
  const ids = (body: { rows: Array<{ labSampleId: string }> }) => body.rows.map((r) => r.labSampleId);

  it('lists only its own samples, newest first, each released with the summary or in testing', async () => {
    const res = await list(grower).expect(200);
    expect(res.body).toMatchObject({ total: 3, offset: 0, limit: 25 });
    expect(ids(res.body)).toEqual(['L-103', 'L-102', 'L-101']);
    const [gelato, sour, blue] = res.body.rows;
    expect(gelato).toMatchObject({ state: 'in_testing', release: null, lab: 'Hudson Analytical', batch: 'GE-0007' });
    expect(sour).toMatchObject({ state: 'released', release: { verdict: 'fail', version: 1 } });
    expect(sour.release.panels).toContainEqual({ panel: 'metals', status: 'fail' });
    expect(blue).toMatchObject({
      uid: '4815020000009001',
      sourceUid: '4815020000003101',
      productName: 'Blue Dream 3.5g',
      lab: 'Hudson Analytical',
      state: 'released',
    });
    expect(blue.release.releasedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // Total THC = THCA × 0.877 + Δ9-THC = 24.10 × 0.877 + 0.41.
    expect(blue.release.totals[0]).toMatchObject({ analyte: 'total_thc', value: '21.55', unit: '%' });

    const other = await list(processor).expect(200);
    expect(ids(other.body)).toEqual(['L-201']);
  });

  it.each([
    ['part of a product name, in any case', '?q=sOUR', ['L-102']],
    ['a batch', '?q=BD-0325', ['L-101']],
    ['the sample UID as printed, in groups', `?q=${encodeURIComponent('4815 0200 0000 9002')}`, ['L-102']],
    ['the lot UID with dashes', '?q=4815-0200-0000-3101', ['L-101']],
    ['in testing', '?state=in_testing', ['L-103']],
    ['released', '?state=released', ['L-102', 'L-101']],
    ['failed', '?verdict=fail', ['L-102']],
    ['released today', `?from=${new Date().toISOString().slice(0, 10)}`, ['L-102', 'L-101']],
    ['released before any of them', '?to=2020-01-01', []],
    ['in testing and failed (nothing can be both)', '?state=in_testing&verdict=fail', []],
    ["another licensee's sample searched by its UID", '?q=4815020000009101', []],
  ])('searches and filters by %s', async (_what, query, expected) => {
    expect(ids((await list(grower, query).expect(200)).body)).toEqual(expected);
  });

  it('pages the list', async () => {
    const first = await list(grower, '?limit=2').expect(200);
    expect(first.body).toMatchObject({ total: 3, offset: 0, limit: 2 });
    expect(ids(first.body)).toEqual(['L-103', 'L-102']);
    expect(ids((await list(grower, '?limit=2&offset=2').expect(200)).body)).toEqual(['L-101']);
  });

  it('refuses unknown filters and malformed ones with a message naming the field', async () => {
    const bad = await list(grower, '?verdict=maybe').expect(400);
    expect(JSON.stringify(bad.body)).toContain('verdict');
    await list(grower, '?licenseNumber=OCM-PROC-24-000030').expect(400);
    await list(grower, '?limit=1000').expect(400);
  });

  it('is for licensees only', async () => {
    const tech = await t.userToken('tess.tech', 'technician');
    await list(tech).expect(403);
    await request(t.http).get('/api/licensee/samples').expect(401);
  });

  it('finds its results by a UID pasted with spaces or dashes, and a file named by a lower-case tag-shaped UID is not found', async () => {
    const res = await request(t.http)
      .get(`/api/licensee/results?uid=${encodeURIComponent(' 4815-0200-0000-9001 ')}`)
      .set(bearer(grower))
      .expect(200);
    expect(res.body.uid).toBe('4815020000009001');
    await request(t.http).get('/api/licensee/results/1a4ff0100000220000000123.csv').set(bearer(grower)).expect(404);
  });
});
