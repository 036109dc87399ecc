import request from 'supertest';
import { GENERIC_LONG_MAPPING } from '../../generators/instruments/encoding-fixtures';
import { registerSamples } from '../../support/lab-setup';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';
import { signIn, type WebClient } from './web-client';

const CLIENT = 'OCM-PROC-24-000030';

/** The messages a page shows on top (flash), as text. */
const flashes = (html: string): string[] =>
  [...html.matchAll(/<div class="flash flash-(?:success|error)"[^>]*>([^<]*)<\/div>/g)].map((m) => m[1]);
/** The lab sample ids the samples list shows, in order. */
const listed = (html: string): string[] =>
  [...html.matchAll(/<td><a href="\/samples\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('samples and clients pages: the same validation and audit as the API', () => {
  let t: TestApp;
  let techToken: string;
  let tech: WebClient;
  let manager: WebClient;

  beforeAll(async () => {
    t = await startTestApp();
    techToken = await t.userToken('tara.tech', 'technician');
    tech = await signIn(t.http, techToken);
    manager = await signIn(t.http, await t.userToken('maria.manager', 'manager'));
  });
  afterAll(async () => t.close());

  /** The page a form's 303 leads to, following the start page's own redirect. */
  const landing = async (client: WebClient, res: request.Response): Promise<string> => {
    let location = res.headers.location;
    for (let i = 0; i < 3; i++) {
      const page = await client.get(location);
      if (page.status !== 303) return page.text;
      location = page.headers.location;
    }
    throw new Error(`redirect loop from ${res.headers.location}`);
  };

  /** The audit events of one entity, oldest first. */
  const audit = async (entityType: string, entityId: string): Promise<Array<Record<string, unknown>>> =>
    (await request(t.http).get(`/api/audit?entityType=${entityType}&entityId=${entityId}`).set(bearer(ADMIN_TOKEN)).expect(200))
      .body;

  describe('clients', () => {
    it('a technician registers a client with its address; a manager edits the name and address, audited', async () => {
      const res = await tech
        .post('/clients', {
          licenseNumber: CLIENT,
          name: 'SJR Horticulture',
          address: '12 Main St\nHudson, NY 12534',
          integrated: 'on',
        })
        .expect(303);
      expect(res.headers.location).toBe('/clients');
      const page = await tech.get('/clients').expect(200);
      expect(flashes(page.text)).toEqual(['Registered client SJR Horticulture (OCM-PROC-24-000030).']);
      expect(page.text).toContain('12 Main St\nHudson, NY 12534');
      expect(page.text).not.toContain('Edit SJR Horticulture');

      const id = (await request(t.http).get('/api/clients').set(bearer(techToken)).expect(200)).body.find(
        (c: { licenseNumber: string }) => c.licenseNumber === CLIENT,
      ).id;
      const refused = await tech.post(`/clients/${id}`, { name: 'Renamed by a technician' }).expect(303);
      expect(flashes(await landing(tech, refused))[0]).toMatch(/role|not allowed|permission/i);

      await manager
        .post(`/clients/${id}`, { name: 'SJR Horticulture LLC', address: '14 Main St\nHudson, NY 12534', integrated: 'on' })
        .expect(303);
      const clients = (await request(t.http).get('/api/clients').set(bearer(techToken)).expect(200)).body;
      expect(clients).toEqual([
        expect.objectContaining({
          licenseNumber: CLIENT,
          name: 'SJR Horticulture LLC',
          address: '14 Main St\nHudson, NY 12534',
          integrated: true,
        }),
      ]);
      const events = await audit('client', id);
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'client.updated',
            actor: 'maria.manager',
            before: expect.objectContaining({ name: 'SJR Horticulture' }),
            after: expect.objectContaining({ name: 'SJR Horticulture LLC' }),
          }),
        ]),
      );
    });
  });

  describe('registering and editing a sample', () => {
    let sampleId: string;

    it('registers a sample from the form with prep data, collected day and remediated lot, audited as by the API', async () => {
      const form = await tech.get('/samples/new').expect(200);
      expect(form.text).toContain('SJR Horticulture LLC (OCM-PROC-24-000030)');
      const res = await tech
        .post('/samples', {
          labSampleId: '2512-0001',
          clientLicense: CLIENT,
          productType: 'edible',
          productName: 'Blue Dream Gummies',
          batch: 'B-77',
          uid: '4815020000010001',
          receivedAt: '2026-12-01T09:30',
          collectedAt: '2026-11-30',
          mass: '0.5012',
          volume: '20',
          dilution: '',
          remediatedLot: 'on',
          route: '',
          sourceUid: '',
          retestOf: '',
        })
        .expect(303);
      expect(res.headers.location).toMatch(/^\/samples\/[0-9a-f-]{36}$/);
      sampleId = res.headers.location.split('/')[2];
      const sample = (await request(t.http).get(`/api/samples/${sampleId}`).set(bearer(techToken)).expect(200)).body;
      expect(sample).toMatchObject({
        labSampleId: '2512-0001',
        productType: 'edible',
        route: 'oral',
        productName: 'Blue Dream Gummies',
        prep: { mass: '0.5012', volume: '20' },
        // The form's day and time are the lab's (America/New_York, EST in December); the API keeps UTC.
        receivedAt: '2026-12-01T14:30:00.000Z',
        collectedAt: '2026-11-30T05:00:00.000Z',
        remediatedLot: true,
      });
      expect(await audit('sample', sampleId)).toEqual([
        expect.objectContaining({
          action: 'sample.registered',
          actor: 'tara.tech',
          after: expect.objectContaining({ collectedAt: '2026-11-30T05:00:00.000Z', remediatedLot: true }),
        }),
      ]);
    });

    it('refuses a form the API would refuse, naming the field, and stores nothing', async () => {
      const res = await tech
        .post('/samples', { labSampleId: '2512-0002', clientLicense: CLIENT, productType: 'flower', uid: '12345' })
        .expect(303);
      expect(flashes(await landing(tech, res)).join(' ')).toMatch(/uid.*16 digits/);
      const unknownClient = await tech
        .post('/samples', { labSampleId: '2512-0002', clientLicense: 'OCM-PROC-24-999999', productType: 'flower' })
        .expect(303);
      expect(flashes(await landing(tech, unknownClient)).join(' ')).toContain('no client with license OCM-PROC-24-999999');
      expect((await request(t.http).get('/api/samples?q=2512-0002').set(bearer(techToken)).expect(200)).body).toEqual([]);
    });

    it('edits the lab sample id and prep data; refuses an id another sample holds', async () => {
      await registerSamples(t.http, techToken, [{ labSampleId: '2512-0099' }]);
      const page = await tech.get(`/samples/${sampleId}`).expect(200);
      expect(page.text).toContain('value="0.5012"');
      await tech.post(`/samples/${sampleId}`, { labSampleId: '2512-0001-A', dilution: '10', remediatedLot: 'on' }).expect(303);
      const sample = (await request(t.http).get(`/api/samples/${sampleId}`).set(bearer(techToken)).expect(200)).body;
      expect(sample).toMatchObject({
        labSampleId: '2512-0001-A',
        prep: { mass: '0.5012', volume: '20', dilution: '10' },
        remediatedLot: true,
      });

      const clash = await tech.post(`/samples/${sampleId}`, { labSampleId: '2512-0099' }).expect(303);
      expect(flashes(await landing(tech, clash)).join(' ')).toContain('2512-0099 is already the lab sample id of another sample');
      expect((await request(t.http).get(`/api/samples/${sampleId}`).set(bearer(techToken)).expect(200)).body.labSampleId).toBe(
        '2512-0001-A',
      );
    });

    it('answers an unknown sample with a plain 404 page', async () => {
      const res = await tech.get('/samples/00000000-0000-7000-8000-000000000000').expect(404);
      expect(res.text).toContain('<h1>Not found</h1>');
    });
  });

  describe('the samples list', () => {
    beforeAll(async () => {
      await request(t.http)
        .post('/api/clients')
        .set(bearer(techToken))
        .send({ licenseNumber: 'OCM-CULT-24-000112', name: 'Finger Lakes Farms' })
        .expect(201);
      for (let i = 1; i <= 55; i++) {
        await request(t.http)
          .post('/api/samples')
          .set(bearer(techToken))
          .send({
            labSampleId: `PG-${String(i).padStart(3, '0')}`,
            clientLicense: 'OCM-CULT-24-000112',
            productType: 'flower',
            productName: `Sour Diesel ${i}`,
            receivedAt: `2026-11-${String((i % 28) + 1).padStart(2, '0')}T12:00:00Z`,
          })
          .expect(201);
      }
      // PG-001 gets results: it is then in review, not waiting.
      await request(t.http)
        .post('/api/imports')
        .set(bearer(techToken))
        .field('template', 'generic-long')
        .field('mapping', JSON.stringify(GENERIC_LONG_MAPPING))
        .attach('file', Buffer.from('Sample,Analyte,Result,Units,LOQ\nPG-001,Lead,0.153,ug/g,0.05\n'), 'pg-001.csv')
        .expect(201);
    });

    it('searches by product name and by client name, case aside', async () => {
      expect(listed((await tech.get('/samples?q=gummies').expect(200)).text)).toEqual(['2512-0001-A']);
      const byClient = await tech.get('/samples?q=finger+lakes').expect(200);
      expect(byClient.text).toContain('1–50 of 55');
      expect(listed(byClient.text)).toHaveLength(50);
    });

    it('pages through 50 at a time, keeping the filters', async () => {
      const first = await tech.get('/samples?clientLicense=OCM-CULT-24-000112').expect(200);
      const next = /href="([^"]+)" rel="next"/.exec(first.text)?.[1].replace(/&amp;/g, '&');
      expect(next).toBe('/samples?clientLicense=OCM-CULT-24-000112&page=2');
      const second = await tech.get(next!).expect(200);
      expect(second.text).toContain('51–55 of 55');
      expect(new Set([...listed(first.text), ...listed(second.text)]).size).toBe(55);
    });

    it('filters by status, product type and received dates, and shows where results stand', async () => {
      const inReview = await tech.get('/samples?status=in_review').expect(200);
      expect(listed(inReview.text)).toEqual(['PG-001']);
      expect(inReview.text).toContain('In review');
      const waiting = await tech.get('/samples?status=waiting&clientLicense=OCM-CULT-24-000112').expect(200);
      expect(waiting.text).toContain('of 54');
      expect(listed((await tech.get('/samples?productType=edible').expect(200)).text)).toEqual(['2512-0001-A']);
      // Received on 2026-11-02: i % 28 == 1 → PG-001, PG-029.
      expect(listed((await tech.get('/samples?from=2026-11-02&to=2026-11-02').expect(200)).text).sort()).toEqual([
        'PG-001',
        'PG-029',
      ]);
    });

    it('refuses a filter it does not know, as a page', async () => {
      const res = await tech.get('/samples?status=lost').expect(400);
      expect(res.text).toContain('status');
    });
  });

  describe('addresses no route has', () => {
    it('answers a browser with a plain 404 page and the API with JSON, as before', async () => {
      const page = await request(t.http).get('/samplez/123').set('Accept', 'text/html,application/xhtml+xml').expect(404);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('<h1>Not found</h1>');
      expect(page.text).toContain('<a href="/">Go to the start page</a>');
      const api = await request(t.http).get('/api/samplez').set('Accept', 'text/html').expect(404);
      expect(api.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      await request(t.http).post('/samplez').set('Accept', 'text/html').expect(404).expect('Content-Type', /json/);
    });
  });
});
