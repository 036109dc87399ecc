import request from 'supertest';
import { UNSEEN_LAB_ROWS, unseenLabCertificate } from '../../generators/coa/make-pdfs';
import { registerSamples, upload } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';

/**
 * A certificate from a lab no layout knows (made by the generator in a layout of its own) imports through the
 * generic reader: every row it reads is unsure, and the set can be neither submitted nor approved until a person
 * has confirmed each.
 */
describe('a certificate from a lab without a layout', () => {
  let t: TestApp;
  let tech: string;
  let mgr: string;
  let mgr2: string;
  beforeAll(async () => {
    t = await startTestApp();
    tech = await t.userToken('tara.tech', 'technician');
    mgr = await t.userToken('mia.manager', 'manager');
    mgr2 = await t.userToken('max.manager', 'manager');
  });
  afterAll(async () => t.close());

  it('becomes a pre-filled set of unsure rows, approved only once each is confirmed', async () => {
    await registerSamples(t.http, tech, [{ labSampleId: 'NW-7781', productType: 'flower', uid: '1234567890127781' }]);
    const res = await upload(t.http, tech, { name: 'northwind.pdf', bytes: await unseenLabCertificate() }).expect(201);
    expect(res.body).toMatchObject({ adapter: 'coa', template: 'coa-generic', unmatched: [] });
    const id: string = res.body.resultSets[0].id;

    const set = await request(t.http).get(`/api/result-sets/${id}`).set(bearer(tech)).expect(200);
    const results = (
      set.body.results as Array<{ analyte: string; name: string; reportedValue: string; unsure: string | null; derived: boolean }>
    ).filter((r) => !r.derived);
    expect(results.map((r) => [r.name, r.reportedValue]).sort()).toEqual(UNSEEN_LAB_ROWS.map((r) => [r[1], r[2]]).sort());
    expect(results.filter((r) => r.unsure === null)).toEqual([]);

    const refused = await request(t.http).post(`/api/result-sets/${id}/submit`).set(bearer(tech)).expect(409);
    expect(refused.body.message).toContain('lead');
    await request(t.http).post(`/api/result-sets/${id}/approve`).set(bearer(mgr)).expect(409);

    // Confirming some leaves the set held; confirming the rest releases it.
    const [first, ...rest] = results;
    const partly = await request(t.http)
      .post(`/api/result-sets/${id}/confirm`)
      .set(bearer(tech))
      .send({ values: [{ analyte: first.analyte }] })
      .expect(200);
    expect(partly.body.pendingConfirmation).toHaveLength(rest.length);
    await request(t.http).post(`/api/result-sets/${id}/submit`).set(bearer(tech)).expect(409);
    await request(t.http)
      .post(`/api/result-sets/${id}/confirm`)
      .set(bearer(tech))
      .send({ values: rest.map((r) => ({ analyte: r.analyte })) })
      .expect(200);
    // The certificate covers some of the panels New York requires: with no row left for a person, only those
    // missing panels hold it, and a manager releases it as a partial set that another manager approves.
    const held = await request(t.http).post(`/api/result-sets/${id}/submit`).set(bearer(tech)).expect(409);
    const blocking = (held.body.readiness as Array<{ kind: string; blocking: boolean }>).filter((r) => r.blocking);
    expect([...new Set(blocking.map((r) => r.kind))]).toEqual(['missing_panel']);
    const reason = 'The client ordered potency, metals and microbials only';
    await request(t.http).post(`/api/result-sets/${id}/submit`).set(bearer(mgr)).send({ override: { reason } }).expect(200);
    const approved = await request(t.http).post(`/api/result-sets/${id}/approve`).set(bearer(mgr2)).expect(200);
    expect(approved.body.status).toBe('approved');
  });
});
