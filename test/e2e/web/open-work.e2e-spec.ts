import request from 'supertest';
import { GENERIC_LONG_MAPPING } from '../../generators/instruments/encoding-fixtures';
import { registerSamples } from '../../support/lab-setup';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';
import { signIn, type WebClient } from './web-client';

const flashes = (html: string): string[] =>
  [...html.matchAll(/<div class="flash flash-(?:success|error)"[^>]*>([^<]*)<\/div>/g)].map((m) => m[1]);

/** The run's names in the dashboard's open-work table, in order. */
const openNames = (html: string): string[] =>
  [...html.matchAll(/<table class="open-work-table">[\s\S]*?<\/table>/g)].flatMap((t) =>
    [...t[0].matchAll(/<th scope="row">([^<]+)<br>/g)].map((m) => m[1]),
  );

describe('open work: unmatched samples stay on the dashboard until attached or discarded with a reason', () => {
  let t: TestApp;
  let techToken: string;
  let tech: WebClient;
  let ids: Record<string, string>;
  let firstImport: string;
  /** Makes each run's bytes its own (the same bytes are imported once). */
  let runs = 0;

  beforeAll(async () => {
    t = await startTestApp();
    techToken = await t.userToken('tara.tech', 'technician');
    tech = await signIn(t.http, techToken);
    ids = await registerSamples(t.http, techToken, [{ labSampleId: 'OW-1' }, { labSampleId: 'OW-2' }]);
  });
  afterAll(async () => t.close());

  const importRun = async (names: string[], file: string) =>
    (
      await request(t.http)
        .post('/api/imports')
        .set(bearer(techToken))
        .field('template', 'generic-long')
        .field('mapping', JSON.stringify(GENERIC_LONG_MAPPING))
        .attach(
          'file',
          Buffer.from(`Sample,Analyte,Result,Units,LOQ\n${names.map((n) => `${n},Lead,0.1${++runs},ug/g,0.05`).join('\n')}\n`),
          file,
        )
        .expect(201)
    ).body;

  /** The page a form's 303 leads to (its fragment left out), following the start page's own redirect. */
  const landing = async (res: request.Response): Promise<string> => {
    let location = res.headers.location.split('#')[0];
    for (let i = 0; i < 3; i++) {
      const page = await tech.get(location);
      if (page.status !== 303) return page.text;
      location = page.headers.location;
    }
    throw new Error('redirect loop');
  };

  it('lists the unmatched samples of an import on the dashboard and in GET /api/unmatched', async () => {
    firstImport = (await importRun(['RINSE', 'S-17', 'S-18'], 'first-run.csv')).id;
    const dashboard = await tech.get('/dashboard').expect(200);
    expect(dashboard.text).toContain('Open work: unmatched samples <span class="count-badge">3</span>');
    expect(openNames(dashboard.text)).toEqual(['RINSE', 'S-17', 'S-18']);
    expect(dashboard.text).toContain(`href="/imports/${firstImport}?from=0#u1-h"`);
    const api = (await request(t.http).get('/api/unmatched').set(bearer(techToken)).expect(200)).body;
    expect(api.total).toBe(3);
    expect(api.items[0]).toMatchObject({ importId: firstImport, file: 'first-run.csv', importedBy: 'tara.tech' });
    expect(api.items.map((i: { entry: { index: number } }) => i.entry.index)).toEqual([0, 1, 2]);
  });

  it('keeps them after the import leaves the recent-imports list', async () => {
    for (let i = 0; i < 11; i++) await importRun(['OW-1'], `matched-${i}.csv`);
    const dashboard = await tech.get('/dashboard').expect(200);
    expect(dashboard.text).not.toContain('>first-run.csv</a>');
    expect(openNames(dashboard.text)).toEqual(['RINSE', 'S-17', 'S-18']);
  });

  it('refuses a discard without a reason, and discards with one: audited, off the queue, shown on the import page', async () => {
    const bare = await tech
      .post('/open-work/discard', { importId: firstImport, index: '0', reason: 'blank', back: 'dashboard' })
      .expect(303);
    expect(flashes(await landing(bare))[0]).toContain('give a reason of at least 10 characters');
    const res = await tech
      .post('/open-work/discard', {
        importId: firstImport,
        index: '0',
        reason: 'a rinse blank the template did not skip',
        back: 'dashboard',
      })
      .expect(303);
    expect(res.headers.location).toBe('/dashboard#open-work-h');
    const dashboard = await landing(res);
    expect(flashes(dashboard)).toEqual(['Discarded RINSE: a rinse blank the template did not skip']);
    expect(openNames(dashboard)).toEqual(['S-17', 'S-18']);
    const audit = (
      await request(t.http).get(`/api/audit?entityType=import&entityId=${firstImport}`).set(bearer(ADMIN_TOKEN)).expect(200)
    ).body;
    expect(audit.at(-1)).toMatchObject({
      action: 'import.unmatched_discarded',
      actor: 'tara.tech',
      after: { index: 0, sample: 'RINSE', reason: 'a rinse blank the template did not skip' },
    });
    const summary = (await request(t.http).get(`/api/imports/${firstImport}`).set(bearer(techToken)).expect(200)).body;
    expect(summary.unmatchedPage.open).toBe(2);
    expect(summary.unmatched[0].discarded).toMatchObject({ by: 'tara.tech', reason: 'a rinse blank the template did not skip' });
    const page = await tech.get(`/imports/${firstImport}`).expect(200);
    expect(page.text).toContain('“a rinse blank the template did not skip”');
    expect(page.text).toContain('<span class="count-badge">2 open</span>');
  });

  it('refuses to attach or discard again a discarded sample', async () => {
    const attach = await request(t.http)
      .post(`/api/imports/${firstImport}/attach`)
      .set(bearer(techToken))
      .send({ index: 0, sampleId: ids['OW-2'] })
      .expect(409);
    expect(attach.body.message).toContain('was discarded by tara.tech');
    await request(t.http)
      .post(`/api/imports/${firstImport}/discard`)
      .set(bearer(techToken))
      .send({ index: 0, reason: 'once more, for good measure' })
      .expect(409);
  });

  it('takes an attached sample off the queue, and lists the rest on /open-work', async () => {
    await request(t.http)
      .post(`/api/imports/${firstImport}/attach`)
      .set(bearer(techToken))
      .send({ index: 1, sampleId: ids['OW-2'] })
      .expect(201);
    const page = await tech.get('/open-work').expect(200);
    expect(openNames(page.text)).toEqual(['S-18']);
    expect(page.text).toContain('Showing 1–1 of 1');
    const api = (await request(t.http).get('/api/unmatched?limit=1').set(bearer(techToken)).expect(200)).body;
    expect(api.total).toBe(1);
    // The import page offers the same discard for its open rows, and comes back to itself.
    const importPage = (await tech.get(`/imports/${firstImport}`).expect(200)).text;
    expect(importPage).toContain('<form method="post" action="/open-work/discard" id="discard-2" hidden>');
    expect(importPage).not.toContain('id="discard-0"');
    expect(importPage).toContain('<button type="submit" form="discard-2" class="danger">Discard S-18</button>');
    const res = await tech
      .post('/open-work/discard', { importId: firstImport, index: '2', reason: 'sample withdrawn by the client', back: 'import' })
      .expect(303);
    expect(res.headers.location).toBe(`/imports/${firstImport}#unmatched-h`);
    expect((await request(t.http).get('/api/unmatched').set(bearer(techToken)).expect(200)).body.total).toBe(0);
    expect((await request(t.http).get('/api/unmatched?limit=0').set(bearer(techToken)).expect(400)).body.message).toContain(
      'limit',
    );
  });
});
