import request from 'supertest';
import { registerSamples } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { storedCounts } from './hostile-support';
import { cookiesOf, csrfIn, signIn } from '../web/web-client';

const CLIENT = 'OCM-PROC-24-000030';
const NUL_MESSAGE = 'contains a NUL byte (\\0), which text may not hold';

/** A NUL byte in free text is refused where it arrives (400 naming the field), never a 500 from the database. */
describe('hostile text: NUL bytes in bodies, query filters, route parameters and forms', () => {
  let t: TestApp;
  let tech: string;
  beforeAll(async () => {
    t = await startTestApp();
    tech = await t.userToken('tara.tech', 'technician');
    await registerSamples(t.http, tech, [{ labSampleId: 'NUL-0001' }], CLIENT);
  });
  afterAll(async () => t.close());

  it.each([
    ['a client name', '/api/clients', { licenseNumber: 'OCM-CULT-24-000777', name: 'Hudson\0 Farms' }, 'name'],
    [
      'a nested label claim',
      '/api/samples',
      {
        labSampleId: 'NUL-0002',
        clientLicense: CLIENT,
        productType: 'flower',
        labelClaim: [{ analyte: 'thc\0', value: '1', unit: '%' }],
      },
      'labelClaim.0.analyte',
    ],
    ['a key', '/api/clients', { licenseNumber: 'OCM-CULT-24-000778', name: 'Hudson Farms', 'extra\0': 1 }, 'extra\\0'],
  ])('refuses %s holding a NUL byte with a 400 naming the field, storing nothing', async (_, path, body, field) => {
    const before = await storedCounts(t);
    const res = await request(t.http).post(path).set(bearer(tech)).send(body).expect(400);

    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: `${field}: ${NUL_MESSAGE}`, details: { field } });
    expect(await storedCounts(t)).toEqual(before);
  });

  it.each([
    ['the sample search', '/api/samples?q=NUL%00', 'q'],
    ['the sample filter by client', `/api/samples?clientLicense=${CLIENT}%00`, 'clientLicense'],
    ['the result-set filter', '/api/result-sets?clientLicense=OCM%00', 'clientLicense'],
    ['the import list limit', '/api/imports?limit=5%00', 'limit'],
  ])('refuses %s holding a NUL byte with a 400 naming the filter', async (_, path, field) => {
    const res = await request(t.http).get(path).set(bearer(tech)).expect(400);

    expect(res.body.message).toBe(`${field}: ${NUL_MESSAGE}`);
  });

  it('refuses a route parameter holding a NUL byte with a 400 naming it', async () => {
    const res = await request(t.http).get('/api/samples/abc%00').set(bearer(tech)).expect(400);

    expect(res.body.message).toBe(`id: ${NUL_MESSAGE}`);
  });

  it('refuses a page form holding a NUL byte, telling the person which field', async () => {
    const web = await signIn(t.http, tech);
    const res = await web.get('/review?status=draft%00').expect(400);

    expect(res.text).toContain(`status: ${NUL_MESSAGE}`);
  });

  it('refuses a posted form holding a NUL byte with a 400 page naming the field', async () => {
    const form = await request(t.http).get('/login').expect(200);
    const res = await request(t.http)
      .post('/login')
      .set('Cookie', `lims_login_csrf=${cookiesOf(form).lims_login_csrf}`)
      .type('form')
      .send({ _csrf: csrfIn(form.text), token: tech, next: '/dashboard\0' })
      .expect(400);

    expect(res.text).toContain(`next: ${NUL_MESSAGE}`);
  });
});
