import request from 'supertest';
import { limsLikeCertificate } from '../../generators/coa/make-pdfs';
import {
  FOREIGN_MATTER,
  METALS,
  MICRO,
  MOISTURE,
  MYCOTOXINS,
  PESTICIDES,
  TERPENES,
  WATER_ACTIVITY,
} from '../../support/factories/result-set.factory';
import { flowerEntryResults } from '../../support/flower-panels';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp, signature } from '../../support/test-app';

const ENTRY = {
  uid: '4815020000077001',
  clientLicense: 'OCM-RETL-24-000415',
  supplierLicense: 'OCM-CULT-24-000999',
  supplierUid: 'PAPER-LOT-2025-0042',
  productType: 'flower',
  productName: 'Offline Gelato 3.5g',
  lab: { name: 'Paper Lab Inc', license: 'OCM-CPL-2023-00077' },
  certificate: { number: 'PL-2025-1187', date: '2025-03-02' },
  results: [
    { analyte: 'Δ9-THC', value: '0.41', unit: '%' },
    { analyte: 'THCa', value: '24.1', unit: '%' },
    { analyte: 'Lead', qualifier: 'ND', unit: 'ug/g', loq: '0.05', limit: '0.5' },
    { analyte: 'Aflatoxin B1', value: '2.1', unit: 'ppb', limit: '20' },
    // The other panels New York requires for flower, so the set can be released.
    ...flowerEntryResults(
      [],
      [TERPENES, PESTICIDES, MICRO, MOISTURE, WATER_ACTIVITY, FOREIGN_MATTER].map((s) => s.rows),
    ),
  ],
};

/** What the paper certificate (limsLikeCertificate) does not report, typed in beside its pre-filled values. */
const NOT_ON_THE_PAPER = flowerEntryResults(
  ['Pb 208'],
  [METALS, TERPENES, MYCOTOXINS, MOISTURE, WATER_ACTIVITY, FOREIGN_MATTER].map((s) => s.rows),
);

describe('manual entry for product from a non-integrated source', () => {
  let t: TestApp;
  let tech: string;
  let mgr: string;
  beforeAll(async () => {
    t = await startTestApp();
    tech = await t.userToken('tara.tech', 'technician');
    mgr = await t.userToken('mia.manager', 'manager');
  });
  afterAll(async () => t.close());

  it('creates the product under its new UID, evaluates the results and marks them as from an offline source', async () => {
    const res = await request(t.http).post('/api/manual-results').set(bearer(tech)).send(ENTRY).expect(201);
    expect(res.body).toMatchObject({ status: 'draft', origin: 'manual', pendingConfirmation: [] });
    expect(res.body.sample).toMatchObject({ uid: ENTRY.uid, labSampleId: `EXT-${ENTRY.uid}` });
    expect(res.body.meta.offlineSource).toEqual({
      supplierLicense: 'OCM-CULT-24-000999',
      supplierUid: 'PAPER-LOT-2025-0042',
      lab: ENTRY.lab,
      // OCM-CPL-2023-00077 is no permit on New York's list, and no listed lab has that name.
      testingLab: { name: 'Paper Lab Inc', permit: null, permitted: false, matchedBy: null },
      certificateNumber: 'PL-2025-1187',
      certificateDate: '2025-03-02',
      certificateFile: null,
    });
    const byAnalyte = Object.fromEntries(res.body.results.map((r: { analyte: string }) => [r.analyte, r]));
    expect(byAnalyte.aflatoxin_b1).toMatchObject({ value: 2.1, unit: 'ug/kg', status: 'pass', confirmedBy: 'tara.tech' });
    expect(byAnalyte.lead).toMatchObject({ value: null, qualifier: 'ND', status: 'pass' });
    expect(byAnalyte.total_thc).toMatchObject({ derived: true });

    const audit = await request(t.http)
      .get(`/api/audit?entityType=result_set&entityId=${res.body.id}`)
      .set(bearer(mgr))
      .expect(200);
    const created = audit.body.find((e: { action: string }) => e.action === 'manual_entry.created');
    expect(created.after.source).toBe('manually entered from an offline source');

    // Same review as every other result set, and the outbox row carries the offline source.
    await request(t.http).post(`/api/result-sets/${res.body.id}/submit`).set(bearer(tech)).expect(200);
    const approved = await request(t.http)
      .post(`/api/result-sets/${res.body.id}/approve`)
      .set(bearer(mgr))
      .send({ signature: signature() })
      .expect(200);
    expect(approved.body.status).toBe('approved');
    const rows = (await t.sql(`select payload from submissions where result_set_id = ?`, [res.body.id])) as Array<{
      payload: string | Record<string, unknown>;
    }>;
    const payload = typeof rows[0].payload === 'string' ? JSON.parse(rows[0].payload) : rows[0].payload;
    expect(payload.origin).toBe('manual');
    expect(payload.offlineSource).toMatchObject({ supplierLicense: 'OCM-CULT-24-000999', lab: ENTRY.lab });
  });

  it.each([
    ['a UID that is not 16 digits', { uid: '481502000007700' }, 'uid: expected exactly 16 digits'],
    ['a UID sent as a number', { uid: 4815020000077002 }, 'uid: expected a 16-digit string (UIDs are strings, never numbers)'],
    [
      'an unknown analyte',
      { results: [{ analyte: 'Tetrahydrocannabinolic acid X', value: '1', unit: '%' }] },
      'results.0.analyte: unknown analyte "Tetrahydrocannabinolic acid X"; closest:',
    ],
    [
      'a negative concentration',
      { results: [{ analyte: 'Lead', value: '-0.2', unit: 'ug/g' }] },
      'results.0.value: -0.2 is negative',
    ],
    [
      'a percentage over 100',
      { results: [{ analyte: 'THCa', value: '1200', unit: 'mg/g' }] },
      'results.0.value: 1200 mg/g is 120.0 %: a percentage cannot exceed 100',
    ],
    [
      'an LOQ above the limit',
      { results: [{ analyte: 'Lead', qualifier: 'ND', unit: 'ug/g', loq: '0.6', limit: '0.5' }] },
      'results.0.loq: the LOQ (0.6 ug/g) is above the limit (0.5 ug/g)',
    ],
    [
      'a value and a qualifier together',
      { results: [{ analyte: 'Lead', value: '0.1', qualifier: 'ND', unit: 'ug/g' }] },
      'results.0.value: expected either a value or a qualifier',
    ],
    ['no results and no certificate', { results: [] }, 'results: no results'],
    ['an unknown field', { color: 'green' }, 'unknown field(s) color'],
  ])('refuses %s, naming the field, and stores nothing', async (_, change, message) => {
    const before = Number(((await t.sql('select count(*) as n from samples')) as Array<{ n: number | string }>)[0].n);
    const res = await request(t.http)
      .post('/api/manual-results')
      .set(bearer(tech))
      .send({ ...ENTRY, uid: '4815020000077009', ...change })
      .expect(400);
    expect(res.body.message).toContain(message);
    expect(Number(((await t.sql('select count(*) as n from samples')) as Array<{ n: number | string }>)[0].n)).toBe(before);
  });

  it('refuses a UID that already exists', async () => {
    const res = await request(t.http).post('/api/manual-results').set(bearer(tech)).send(ENTRY).expect(409);
    expect(res.body.message).toBe(`a sample with UID ${ENTRY.uid} already exists`);
  });

  it('pre-fills values from an attached certificate and holds the entry until each is confirmed', async () => {
    const pdf = await limsLikeCertificate();
    const entry = {
      ...ENTRY,
      uid: '4815020000077003',
      results: [{ analyte: 'Lead', qualifier: 'ND', unit: 'ug/g' }, ...NOT_ON_THE_PAPER],
    };
    const res = await request(t.http)
      .post('/api/manual-results/with-certificate')
      .set(bearer(tech))
      .field('entry', JSON.stringify(entry))
      .attach('file', pdf, 'paper-coa.pdf')
      .expect(201);
    expect(res.body.pendingConfirmation.length).toBeGreaterThan(3);
    expect(res.body.pendingConfirmation).not.toContain('lead');
    expect(res.body.meta.offlineSource.certificateFile).toMatch(/^[0-9a-f]{64}$/);
    const prefilled = res.body.results.find((r: { analyte: string }) => r.analyte === res.body.pendingConfirmation[0]);
    expect(prefilled.provenance).toMatchObject({ kind: 'text', page: expect.any(Number) });

    const held = await request(t.http).post(`/api/result-sets/${res.body.id}/submit`).set(bearer(tech)).expect(409);
    expect(held.body.message).toContain('was pre-filled from a certificate and nobody confirmed it');

    const [first, ...rest] = res.body.pendingConfirmation as string[];
    const partly = await request(t.http)
      .post(`/api/manual-results/${res.body.id}/confirm`)
      .set(bearer(tech))
      .send({ values: [{ analyte: first }] })
      .expect(200);
    expect(partly.body.pendingConfirmation).toEqual(rest);
    expect(partly.body.results.find((r: { analyte: string }) => r.analyte === first).confirmedBy).toBe('tara.tech');
    await request(t.http).post(`/api/result-sets/${res.body.id}/submit`).set(bearer(tech)).expect(409);

    const done = await request(t.http)
      .post(`/api/manual-results/${res.body.id}/confirm`)
      .set(bearer(tech))
      .send({ values: rest.map((analyte) => ({ analyte })) })
      .expect(200);
    expect(done.body.pendingConfirmation).toEqual([]);
    await request(t.http).post(`/api/result-sets/${res.body.id}/submit`).set(bearer(tech)).expect(200);

    const audit = await request(t.http)
      .get(`/api/audit?entityType=result_set&entityId=${res.body.id}`)
      .set(bearer(ADMIN_TOKEN))
      .expect(200);
    expect(audit.body.filter((e: { action: string }) => e.action === 'manual_entry.value_confirmed')).toHaveLength(
      rest.length + 1,
    );
  });

  it('records a corrected pre-filled value as a correction', async () => {
    const pdf = await limsLikeCertificate();
    const entry = { ...ENTRY, uid: '4815020000077004', results: [] };
    const res = await request(t.http)
      .post('/api/manual-results/with-certificate')
      .set(bearer(tech))
      .field('entry', JSON.stringify(entry))
      .attach('file', pdf, 'paper.pdf')
      .expect(201);
    const target =
      res.body.results.find((r: { panel: string; derived: boolean }) => r.panel === 'metals' && !r.derived) ??
      res.body.results[0];
    const fixed = await request(t.http)
      .post(`/api/manual-results/${res.body.id}/confirm`)
      .set(bearer(tech))
      .send({ values: [{ analyte: target.analyte, qualifier: 'ND' }] })
      .expect(200);
    expect(fixed.body.results.find((r: { analyte: string }) => r.analyte === target.analyte)).toMatchObject({
      qualifier: 'ND',
      value: null,
      confirmedBy: 'tara.tech',
    });
    const audit = await request(t.http)
      .get(`/api/audit?entityType=result_set&entityId=${res.body.id}`)
      .set(bearer(ADMIN_TOKEN))
      .expect(200);
    expect(audit.body.map((e: { action: string }) => e.action)).toContain('manual_entry.value_corrected');
  });

  it('refuses manual entry to licensees', async () => {
    const lic = await t.userToken('lic.two', 'licensee', 'OCM-RETL-24-000415');
    await request(t.http).post('/api/manual-results').set(bearer(lic)).send(ENTRY).expect(403);
  });
});
