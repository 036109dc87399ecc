import request from 'supertest';
import { registerSamples, upload } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { signIn } from '../web/web-client';

const MAPPING = {
  template: 'generic-long',
  mapping: JSON.stringify({ sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units', loq: 'LOQ' }),
};
const UNMATCHED = 120;

/** An export naming one registered sample and UNMATCHED samples nobody registered, three results each. */
function exportWithUnmatched(): { name: string; bytes: Buffer } {
  const lines = ['Sample,Analyte,Result,Units,LOQ', 'PAGE-KNOWN-1,Lead,0.11,ug/g,0.05'];
  for (let i = 0; i < UNMATCHED; i++) {
    const id = `PAGE-UNREG-${String(i).padStart(4, '0')}`;
    lines.push(`${id},Lead,0.${String((i % 90) + 10)},ug/g,0.05`, `${id},Arsenic,ND,ug/g,0.05`, `${id},Cadmium,0.30,ug/g,0.05`);
  }
  return { name: 'many-unmatched.csv', bytes: Buffer.from(lines.join('\n') + '\n') };
}

describe('import lists read list columns, and unmatched samples come a page at a time', () => {
  let t: TestApp;
  let tech: string;
  let importId: string;
  beforeAll(async () => {
    t = await startTestApp();
    tech = await t.userToken('tara.tech', 'technician');
    await registerSamples(t.http, tech, [{ labSampleId: 'PAGE-KNOWN-1' }, { labSampleId: 'PAGE-LATE-0042' }]);
    const res = await upload(t.http, tech, exportWithUnmatched(), MAPPING).expect(201);
    importId = res.body.id;
    expect(res.body.unmatched).toHaveLength(50);
    expect(res.body.unmatchedPage).toEqual({ offset: 0, limit: 50, total: UNMATCHED, open: UNMATCHED });
  });
  afterAll(async () => t.close());

  it('answers GET /api/imports/:id with the page of unmatched samples asked for', async () => {
    const res = await request(t.http)
      .get(`/api/imports/${importId}?unmatchedOffset=100&unmatchedLimit=50`)
      .set(bearer(tech))
      .expect(200);

    expect(res.body.unmatchedPage).toEqual({ offset: 100, limit: 50, total: UNMATCHED, open: UNMATCHED });
    expect(res.body.unmatched.map((u: { index: number }) => u.index)).toEqual(
      Array.from({ length: UNMATCHED - 100 }, (_, i) => 100 + i),
    );
    expect(res.body.unmatched[0]).toMatchObject({
      reason: 'no_sample',
      message: 'no registered sample matches PAGE-UNREG-0100',
      ref: { labSampleId: 'PAGE-UNREG-0100' },
    });
    expect(res.body.unmatched[0].results.map((r: { analyte: string }) => r.analyte)).toEqual(['lead', 'arsenic', 'cadmium']);
    expect(res.body.resultSets.map((s: { labSampleId: string }) => s.labSampleId)).toEqual(['PAGE-KNOWN-1']);
    await request(t.http).get(`/api/imports/${importId}?unmatchedLimit=501`).set(bearer(tech)).expect(400);
  });

  it('attaches an entry past the first page and counts it in the list and the page', async () => {
    const [sample] = (await request(t.http).get('/api/samples?q=PAGE-LATE-0042').set(bearer(tech)).expect(200)).body;
    await request(t.http)
      .post(`/api/imports/${importId}/attach`)
      .set(bearer(tech))
      .send({ index: 77, sampleId: sample.id })
      .expect(201);

    const entry = await request(t.http)
      .get(`/api/imports/${importId}?unmatchedOffset=77&unmatchedLimit=1`)
      .set(bearer(tech))
      .expect(200);
    expect(entry.body.unmatched).toEqual([
      expect.objectContaining({ index: 77, attached: expect.objectContaining({ sampleId: sample.id, by: 'tara.tech' }) }),
    ]);
    expect(entry.body.unmatchedPage).toMatchObject({ total: UNMATCHED, open: UNMATCHED - 1 });
    expect(entry.body.resultSets.map((s: { labSampleId: string }) => s.labSampleId)).toEqual(['PAGE-KNOWN-1', 'PAGE-LATE-0042']);
    const [listed] = (await request(t.http).get('/api/imports?limit=5').set(bearer(tech)).expect(200)).body;
    expect(listed).toMatchObject({ id: importId, resultSets: 2, unmatched: UNMATCHED - 1, unknownAnalytes: 0 });
  });

  it('pages the unmatched samples on the import page', async () => {
    const web = await signIn(t.http, tech);
    const page = await web.get(`/imports/${importId}?from=50`).expect(200);

    expect(page.text).toContain('Showing 51–100 of 120');
    expect(page.text).toContain('PAGE-UNREG-0050');
    expect(page.text).toContain('PAGE-UNREG-0099');
    expect(page.text).not.toContain('PAGE-UNREG-0049');
    expect(page.text).not.toContain('PAGE-UNREG-0100');
    expect(page.text).toContain(`href="/imports/${importId}?from=100#unmatched-h"`);
    expect(page.text).toContain(`href="/imports/${importId}?from=0#unmatched-h"`);
  });
  it('lists imports from their list columns: a summary changed behind the service’s back changes nothing in a list', async () => {
    const before = (await request(t.http).get('/api/imports?limit=50').set(bearer(tech)).expect(200)).body;
    await t.sql(`update imports set summary = ? where id = ?`, [
      JSON.stringify({ resultSets: [], unmatched: [], warnings: ['tampered'] }),
      importId,
    ]);

    const after = (await request(t.http).get('/api/imports?limit=50').set(bearer(tech)).expect(200)).body;
    expect(after).toEqual(before);
    expect(after[0]).toEqual({
      id: importId,
      status: 'imported',
      template: 'generic-long',
      sourceFile: {
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        name: 'many-unmatched.csv',
        size: exportWithUnmatched().bytes.length,
      },
      createdBy: 'tara.tech',
      createdAt: expect.any(String),
      resultSets: 2,
      unmatched: UNMATCHED - 1,
      unknownAnalytes: 0,
    });
    const web = await signIn(t.http, tech);
    expect((await web.get('/upload').expect(200)).text).toContain('many-unmatched.csv');
    expect((await web.get('/dashboard').expect(200)).text).toContain('many-unmatched.csv');
  });
});
