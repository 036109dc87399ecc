import request from 'supertest';
import { GENERIC_LONG_MAPPING } from '../../generators/instruments/encoding-fixtures';
import { registerSamples } from '../../support/lab-setup';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';
import { signIn, type WebClient } from './web-client';

const flashes = (html: string): string[] =>
  [...html.matchAll(/<div class="flash flash-(?:success|error)"[^>]*>([^<]*)<\/div>/g)].map((m) => m[1]);

/** A run whose sample column uses the short names the instrument operator typed; `seed` makes each run's bytes its own. */
const run = (names: string[], seed: number) =>
  Buffer.from(`Sample,Analyte,Result,Units,LOQ\n${names.map((n, i) => `${n},Lead,0.${seed}${i},ug/g,0.05`).join('\n')}\n`);

describe('import page: a run with unknown names attached in one form, and names remembered for the next run', () => {
  let t: TestApp;
  let techToken: string;
  let tech: WebClient;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    techToken = await t.userToken('tara.tech', 'technician');
    tech = await signIn(t.http, techToken);
    ids = await registerSamples(t.http, techToken, [
      { labSampleId: '1318-A' },
      { labSampleId: '1319-A' },
      { labSampleId: '1320-A' },
    ]);
  });
  afterAll(async () => t.close());

  const importRun = async (names: string[], file: string) =>
    (
      await request(t.http)
        .post('/api/imports')
        .set(bearer(techToken))
        .field('template', 'generic-long')
        .field('mapping', JSON.stringify(GENERIC_LONG_MAPPING))
        .attach('file', run(names, Number(/\d+/.exec(file)![0])), file)
        .expect(201)
    ).body;

  /** The page a form's 303 leads to, following the start page's own redirect. */
  const landing = async (res: request.Response): Promise<string> => {
    let location = res.headers.location;
    for (let i = 0; i < 3; i++) {
      const page = await tech.get(location);
      if (page.status !== 303) return page.text;
      location = page.headers.location;
    }
    throw new Error('redirect loop');
  };

  it('offers one form with a picker per unmatched sample, and attaches every chosen row in one post', async () => {
    const summary = await importRun(['1318', '1319', '9999'], 'run-1.csv');
    expect(summary.unmatched).toHaveLength(3);
    const page = await tech.get(`/imports/${summary.id}`).expect(200);
    expect((page.text.match(/<form method="post" action="\/imports\/[0-9a-f-]{36}\/attach-all"/g) ?? []).length).toBe(1);
    expect((page.text.match(/list="sample-choices"/g) ?? []).length).toBe(3);
    expect(page.text).toContain('Remember “1318” as a name of this sample');
    expect(page.text).toContain('<option value="1318-A">');

    const res = await tech
      .post(`/imports/${summary.id}/attach-all`, {
        'rows[0][index]': '0',
        'rows[0][sample]': '1318-A',
        'rows[0][remember]': 'on',
        'rows[1][index]': '1',
        'rows[1][sample]': '1319-A',
        'rows[2][index]': '2',
        'rows[2][sample]': 'NOPE-1',
      })
      .expect(303);
    expect(res.headers.location).toBe(`/imports/${summary.id}`);
    expect(flashes(await landing(res))).toEqual([
      'Attached 2: 1318 → 1318-A, 1319 → 1319-A. Not attached: 9999: no sample has lab sample ID or UID NOPE-1.',
    ]);
    const after = (await request(t.http).get(`/api/imports/${summary.id}`).set(bearer(techToken)).expect(200)).body;
    expect(after.unmatched.map((u: { attached?: { sampleId: string } }) => u.attached?.sampleId ?? null)).toEqual([
      ids['1318-A'],
      ids['1319-A'],
      null,
    ]);
    const audit = (
      await request(t.http).get(`/api/audit?entityType=sample&entityId=${ids['1318-A']}`).set(bearer(ADMIN_TOKEN)).expect(200)
    ).body;
    expect(audit.map((e: { action: string }) => e.action)).toContain('sample.alias_added');
  });

  it('matches the remembered name on the next run by itself; a name nobody taught stays unmatched', async () => {
    const summary = await importRun(['1318', '1319'], 'run-2.csv');
    expect(summary.resultSets.map((s: { labSampleId: string }) => s.labSampleId)).toEqual(['1318-A']);
    expect(
      summary.unmatched.map((u: { ref: { sampleName?: string; labSampleId?: string } }) => u.ref.sampleName ?? u.ref.labSampleId),
    ).toEqual(['1319']);
  });

  it('remembers a name given on a later run too, and a sample whose lab ID is that name still wins over it', async () => {
    const named = await importRun(['1319'], 'run-3.csv');
    const res = await tech
      .post(`/imports/${named.id}/attach-all`, { 'rows[0][index]': '0', 'rows[0][sample]': '1320-A', 'rows[0][remember]': 'on' })
      .expect(303);
    expect(flashes(await landing(res))[0]).toBe('Attached 1: 1319 → 1320-A.');
    expect((await importRun(['1319'], 'run-4.csv')).resultSets.map((s: { labSampleId: string }) => s.labSampleId)).toEqual([
      '1320-A',
    ]);
    await registerSamples(t.http, techToken, [{ labSampleId: '1319' }]);
    expect(
      (await importRun(['1319', '1318'], 'run-5.csv')).resultSets.map((s: { labSampleId: string }) => s.labSampleId).sort(),
    ).toEqual(['1318-A', '1319']);
  });

  it('refuses a form with no sample chosen', async () => {
    const summary = await importRun(['7777'], 'run-7.csv');
    const res = await tech
      .post(`/imports/${summary.id}/attach-all`, { 'rows[0][index]': '0', 'rows[0][sample]': '' })
      .expect(303);
    expect(flashes(await landing(res))[0]).toContain('choose a sample for at least one row');
  });

  it('shows on the review page the limit a FAIL was judged against, with its table, for a run that prints no limit', async () => {
    await registerSamples(t.http, techToken, [{ labSampleId: 'LIMIT-1' }]);
    const csv = Buffer.from('Sample,Analyte,Result,Units,LOQ\nLIMIT-1,Lead,5.0,ug/g,0.05\n');
    const summary = (
      await request(t.http)
        .post('/api/imports')
        .set(bearer(techToken))
        .field('template', 'generic-long')
        .field('mapping', JSON.stringify(GENERIC_LONG_MAPPING))
        .attach('file', csv, 'lead-fail.csv')
        .expect(201)
    ).body;
    const page = await tech.get(`/review/${summary.resultSets[0].id}`).expect(200);
    const row = /<tr[^>]*tone-fail[^>]*>[\s\S]*?<\/tr>/.exec(page.text)?.[0] ?? '';
    expect(row).toContain('Lead');
    expect(row).toMatch(/<td class="num">\d+(\.\d+)?<br><span class="small">table ny-\d{4}-\d{2}-\d{2}<\/span><\/td>/);
  });

  describe('the review list', () => {
    /** The lab sample ids the list shows, in order. */
    const listed = (html: string): string[] =>
      [...html.matchAll(/<td><a href="\/review\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);

    it('lands a technician on drafts and a manager on what is in review, with counts on the tabs', async () => {
      const techList = await tech.get('/review').expect(200);
      expect(techList.text).toMatch(/<a href="\/review\?status=draft" aria-current="page">Drafts \(\d+\)<\/a>/);
      const manager = await signIn(t.http, await t.userToken('maria.manager', 'manager'));
      const managerList = await manager.get('/review').expect(200);
      expect(managerList.text).toMatch(/<a href="\/review\?status=in_review" aria-current="page">In review \(0\)<\/a>/);
    });

    it('searches, filters by verdict and product type, keeps the filters on the tabs, and sorts oldest first', async () => {
      const drafts = listed((await tech.get('/review?status=draft').expect(200)).text);
      expect(drafts.length).toBeGreaterThan(2);
      expect(listed((await tech.get('/review?status=draft&q=limit').expect(200)).text)).toEqual(['LIMIT-1']);
      const failing = await tech.get('/review?status=all&verdict=fail').expect(200);
      expect(listed(failing.text)).toContain('LIMIT-1');
      expect(failing.text).toContain('href="/review?status=draft&amp;verdict=fail"');
      expect(listed((await tech.get('/review?status=all&productType=edible').expect(200)).text)).toEqual([]);
      expect(listed((await tech.get('/review?status=draft&sort=oldest').expect(200)).text)).toEqual([...drafts].reverse());
      expect((await tech.get('/review?status=draft&verdict=maybe').expect(400)).text).toContain('verdict');
    });
  });
});
