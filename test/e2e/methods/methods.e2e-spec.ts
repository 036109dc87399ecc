import request from 'supertest';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';

const POTENCY = {
  key: 'hplc-potency',
  name: 'Cannabinoids by HPLC-DAD',
  instrument: 'Shimadzu LC-2040C',
  templates: ['shimadzu-labsolutions-ascii'],
  reportedUnit: 'ug/mL',
  limitsUnit: 'ug/g',
  calculationDefaults: { dilution: '1' },
  analytes: [
    { analyte: 'cbda', lod: '10', loq: '30' },
    { analyte: 'thca', loq: '30', uloq: '300000' },
  ],
};

describe('lab methods: stored, versioned, audited, exported and imported as JSON', () => {
  let t: TestApp;
  let manager: string;
  let tech: string;
  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.userToken('mona.manager', 'manager');
    tech = await t.userToken('tara.tech', 'technician');
  });
  afterAll(async () => t.close());

  it('lets a manager create a method (version 1) and a technician read it, not write it', async () => {
    await request(t.http).post('/api/methods').set(bearer(tech)).send(POTENCY).expect(403);
    const created = await request(t.http).post('/api/methods').set(bearer(manager)).send(POTENCY).expect(201);

    expect(created.body).toMatchObject({ key: 'hplc-potency', version: 1, createdBy: 'mona.manager', definition: POTENCY });
    const list = await request(t.http).get('/api/methods').set(bearer(tech)).expect(200);
    expect(list.body.map((m: { key: string; version: number }) => [m.key, m.version])).toEqual([['hplc-potency', 1]]);
  });

  it('refuses a second method with the same key, and definitions that are not a method', async () => {
    await request(t.http).post('/api/methods').set(bearer(manager)).send(POTENCY).expect(409);
    const bad = await request(t.http)
      .post('/api/methods')
      .set(bearer(manager))
      .send({
        ...POTENCY,
        key: 'bad',
        limitsUnit: 'furlongs',
        analytes: [
          { analyte: 'unobtainium', loq: '1' },
          { analyte: 'thca', lod: '5', loq: '2' },
        ],
      })
      .expect(400);
    const text = JSON.stringify(bad.body);
    expect(text).toContain('not a unit the catalog knows');
    expect(text).toContain('not an analyte of the catalog');
    expect(text).toContain('the LOD is above the LOQ');
  });

  it('stores a change as the next version, keeps the earlier one, and audits both', async () => {
    const changed = { ...POTENCY, analytes: [{ analyte: 'cbda', lod: '10', loq: '25' }, ...POTENCY.analytes.slice(1)] };
    const v2 = await request(t.http).put('/api/methods/hplc-potency').set(bearer(manager)).send(changed).expect(200);
    await request(t.http)
      .put('/api/methods/hplc-potency')
      .set(bearer(manager))
      .send({ ...changed, key: 'other' })
      .expect(400);
    await request(t.http)
      .put('/api/methods/no-such-method')
      .set(bearer(manager))
      .send({ ...changed, key: 'no-such-method' })
      .expect(404);

    expect(v2.body).toMatchObject({ key: 'hplc-potency', version: 2 });
    const v1 = await request(t.http).get('/api/methods/hplc-potency?version=1').set(bearer(tech)).expect(200);
    expect(v1.body.definition.analytes[0].loq).toBe('30');
    const versions = await request(t.http).get('/api/methods/hplc-potency/versions').set(bearer(tech)).expect(200);
    expect(versions.body.map((m: { version: number }) => m.version)).toEqual([2, 1]);
    const audit = await request(t.http).get('/api/audit?entityType=method').set(bearer(ADMIN_TOKEN)).expect(200);
    const events = (audit.body.items ?? audit.body) as Array<{ action: string; actor: string; after: { version: number } }>;
    expect(events.map((e) => [e.action, e.actor, e.after.version])).toEqual([
      ['method.created', 'mona.manager', 1],
      ['method.changed', 'mona.manager', 2],
    ]);
  });

  it('exports a method as the JSON another lab imports unchanged', async () => {
    const exported = await request(t.http).get('/api/methods/hplc-potency').set(bearer(tech)).expect(200);
    const imported = await request(t.http)
      .post('/api/methods')
      .set(bearer(ADMIN_TOKEN))
      .send({ ...exported.body.definition, key: 'hplc-potency-copy' })
      .expect(201);

    expect({ ...imported.body.definition, key: 'hplc-potency' }).toEqual(exported.body.definition);
  });
});
