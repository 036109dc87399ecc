import request from 'supertest';
import { UNSEEN_LAB_ROWS, unseenLabCertificate } from '../../generators/coa/make-pdfs';
import { registerSamples, upload } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp, signature } from '../../support/test-app';

/**
 * A certificate from a lab no layout knows (made by the generator in a layout of its own) imports through the
 * generic reader: every row it reads is unsure, and the set can be neither submitted nor approved until a person
 * has confirmed each.
 */
describe('a certificate from a lab without a layout', () => {
  let t: TestApp;
  let tech: string;
  let mgr: string;
  let approver: string;
  beforeAll(async () => {
    t = await startTestApp();
    tech = await t.userToken('tara.tech', 'technician');
    mgr = await t.userToken('mia.manager', 'manager');
    approver = await t.userToken('max.manager', 'manager');
  });
  afterAll(async () => t.close());

  it('becomes a pre-filled set of unsure rows, approved only once each is confirmed', async () => {
    await registerSamples(t.http, tech, [{ labSampleId: 'NW-7781', productType: 'flower', uid: '4815020000078101' }]);
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
    await request(t.http).post(`/api/result-sets/${id}/approve`).set(bearer(mgr)).send({ signature: signature() }).expect(409);

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
    // Nothing unsure is left; the certificate reports only some of the panels New York requires, so a manager
    // releases it as the partial set it is, with the reason, and another approves it.
    const left = await request(t.http).get(`/api/result-sets/${id}/readiness`).set(bearer(tech)).expect(200);
    expect(left.body.filter((i: { blocking: boolean; overridable: boolean }) => i.blocking && !i.overridable)).toEqual([]);
    await request(t.http)
      .post(`/api/result-sets/${id}/submit`)
      .set(bearer(mgr))
      .send({ override: { reason: 'the client ordered only the panels this certificate reports' } })
      .expect(200);
    const approved = await request(t.http)
      .post(`/api/result-sets/${id}/approve`)
      .set(bearer(approver))
      .send({ signature: signature() })
      .expect(200);
    expect(approved.body.status).toBe('approved');
  });
});
