import request from 'supertest';
import * as XLSX from 'xlsx';
import { readPdfText } from '../../../src/ingest/coa/pdf-text';
import { SimulatorHost } from '../../../src/state-system/biotrack-ny/simulator-host';
import type { BiotrackNyAdapter } from '../../../src/state-system/biotrack-ny/biotrack-ny.adapter';
import { STATE_SYSTEM } from '../../../src/state-system/state-system.port';
import { binaryBody, upload } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp, signature } from '../../support/test-app';
import { completeForRelease } from '../../support/factories/result-set.factory';

// From the simulator's demo seed: transfer 7001 carries sample 9001 drawn from the cultivator's lot 3101.
const CULTIVATOR = 'OCM-CULT-24-000112';
const RETAILER = 'OCM-RETL-24-000415';
const PROCESSOR = 'OCM-PROC-24-000030';
const SAMPLE_UID = '4815020000009001';
const LOT_UID = '4815020000003101';
const MAPPING = JSON.stringify({ sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units', loq: 'LOQ' });

describe('licensees pulling results for product they hold', () => {
  let t: TestApp;
  let grower: string;
  let retailer: string;
  let processor: string;
  beforeAll(async () => {
    t = await startTestApp({
      LICENSEE_HOLDER_CACHE_SECONDS: '0',
      LAB_NAME: 'Hudson Analytical',
      LAB_LICENSE: 'OCM-CPL-2022-00042',
    });
    const tech = await t.userToken('tara.tech', 'technician');
    const mgr = await t.userToken('mia.manager', 'manager');
    grower = await t.userToken('grower', 'licensee', CULTIVATOR);
    retailer = await t.userToken('shop', 'licensee', RETAILER);
    processor = await t.userToken('proc', 'licensee', PROCESSOR);

    await request(t.http)
      .post('/api/clients')
      .set(bearer(tech))
      .send({ licenseNumber: CULTIVATOR, name: 'Finger Lakes Farm' })
      .expect(201);
    await request(t.http)
      .post('/api/samples')
      .set(bearer(tech))
      .send({
        labSampleId: 'L-9001',
        clientLicense: CULTIVATOR,
        productType: 'flower',
        uid: SAMPLE_UID,
        sourceUid: LOT_UID,
        productName: '=HYPERLINK("http://x","Blue Dream")',
      })
      .expect(201);
    const csv =
      'Sample,Analyte,Result,Units,LOQ\nL-9001,THCA,24.10,%,0.02\nL-9001,Lead,ND,ug/g,0.05\nL-9001,Aflatoxin B1,<LOQ,ug/kg,2\n';
    const imported = await upload(
      t.http,
      tech,
      { name: 'l9001.csv', bytes: Buffer.from(csv) },
      { template: 'generic-long', mapping: MAPPING },
    ).expect(201);
    const setId = imported.body.resultSets[0].id;
    await completeForRelease(t, setId);
    await request(t.http).post(`/api/result-sets/${setId}/submit`).set(bearer(tech)).expect(200);
    await request(t.http).post(`/api/result-sets/${setId}/approve`).set(bearer(mgr)).send({ signature: signature() }).expect(200);
  });
  afterAll(async () => t.close());

  const pull = (token: string, uid: string) => request(t.http).get(`/api/licensee/results?uid=${uid}`).set(bearer(token));

  it('shows the licensee that submitted the sample its approved results, by sample UID and by lot UID', async () => {
    for (const uid of [SAMPLE_UID, LOT_UID]) {
      const res = await pull(grower, uid).expect(200);
      expect(res.body).toMatchObject({ uid, source: 'lab' });
      const cert = res.body.certificates[0];
      expect(cert.sample).toMatchObject({ uid: SAMPLE_UID, labSampleId: 'L-9001' });
      expect(cert.resultSet.status).toBe('approved');
      expect(cert.results.find((r: { analyte: string }) => r.analyte === 'thca')).toMatchObject({ value: '24.10', unit: '%' });
      expect(cert.results.find((r: { analyte: string }) => r.analyte === 'lead')).toMatchObject({ value: null, qualifier: 'ND' });
    }
  });

  it('answers another licensee 404, exactly as for a UID that does not exist', async () => {
    const other = await pull(retailer, LOT_UID).expect(404);
    const none = await pull(retailer, '9999999999999999').expect(404);
    expect(other.body).toEqual({ ...none.body, message: none.body.message.replace('9999999999999999', LOT_UID) });
    await request(t.http).get(`/api/licensee/results/${LOT_UID}.pdf`).set(bearer(retailer)).expect(404);
  });

  it('shows received product to its new holder once the state system says it holds the lot', async () => {
    t.app.get(SimulatorHost).simulator!.control.moveInventory(LOT_UID, RETAILER);
    const res = await pull(retailer, LOT_UID).expect(200);
    expect(res.body.source).toBe('lab');
    expect(res.body.certificates[0].sample.uid).toBe(SAMPLE_UID);
    // The sample UID the certificate prints finds it too: the state system confirms the retailer holds its lot.
    const bySample = await pull(retailer, SAMPLE_UID).expect(200);
    expect(bySample.body.certificates.map((c: { sample: { uid: string } }) => c.sample.uid)).toEqual([SAMPLE_UID]);
    // The processor holds neither: still the same 404 as an unknown UID.
    await pull(processor, SAMPLE_UID).expect(404);
  });

  it('asks the state system when this service holds no result for product the licensee holds, and says so', async () => {
    const host = t.app.get(SimulatorHost).simulator!;
    const stateSystem = t.app.get<BiotrackNyAdapter>(STATE_SYSTEM);
    // Another lot of the processor's, tested and reported outside this service.
    host.control.createInboundTransfer({
      id: 7999,
      manifestId: 'MNF-2025-007999',
      outboundLicense: PROCESSOR,
      transferType: 'Lab Sample',
      received: true,
      items: [
        {
          inventoryId: '4815020000009999',
          parentId: '4815020000003999',
          amount: 5,
          uom: 'g',
          inventoryType: 'Flower',
          productName: 'Elsewhere Flower (sample)',
        },
      ],
    } as never);
    const sample = await stateSystem.findSample({ uid: '4815020000009999' });
    await stateSystem.postResults(
      sample!.stateSampleId,
      {
        sample: {
          id: 'x',
          labSampleId: 'X',
          uid: '4815020000009999',
          sourceUid: '4815020000003999',
          stateRef: String(sample!.stateSampleId),
          productType: 'flower',
          clientLicense: PROCESSOR,
        },
        resultSet: { id: 'x', version: 1, amends: null, amendmentReason: null },
        origin: 'import',
        offlineSource: null,
        certificateUrl: 'http://elsewhere.example/coa.pdf',
        releasedAt: '2025-03-01T00:00:00.000Z',
        approvedBy: 'someone',
        results: [
          {
            panel: 'cannabinoids',
            analyte: 'thca',
            value: '20.5',
            qualifier: null,
            unit: '%',
            loq: null,
            limit: null,
            status: 'report_only',
          },
        ],
      },
      'elsewhere-7999',
    );
    const res = await pull(processor, '4815020000003999').expect(200);
    expect(res.body.source).toBe('state-system');
    expect(res.body.certificates[0].results).toEqual([expect.objectContaining({ analyte: 'thca', value: '20.5' })]);
  });

  it('exports JSON, CSV (formula-like text escaped), XLSX and PDF that read back', async () => {
    const json = await request(t.http).get(`/api/licensee/results/${SAMPLE_UID}.json`).set(bearer(grower)).expect(200);
    expect(JSON.parse(json.text ?? json.body.toString()).certificates[0].sample.uid).toBe(SAMPLE_UID);

    const csv = await request(t.http)
      .get(`/api/licensee/results/${SAMPLE_UID}.csv`)
      .set(bearer(grower))
      .expect(200)
      .expect('Content-Type', /text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0].split(',')).toEqual(expect.arrayContaining(['uid', 'analyte', 'value', 'qualifier', 'unit']));
    expect(lines.filter((l) => l.includes(',thca,'))).toHaveLength(1);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"",""Blue Dream"")"`);

    const xlsx = await request(t.http)
      .get(`/api/licensee/results/${SAMPLE_UID}.xlsx`)
      .set(bearer(grower))
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const book = XLSX.read(xlsx.body as Buffer, { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.Results);
    expect(rows.find((r) => r.analyte === 'thca')).toMatchObject({ uid: SAMPLE_UID, value: 24.1, reportedValue: '24.10' });
    expect(rows[0].productName).toBe(`'=HYPERLINK("http://x","Blue Dream")`);

    const pdf = await request(t.http)
      .get(`/api/licensee/results/${SAMPLE_UID}.pdf`)
      .set(bearer(grower))
      .buffer(true)
      .parse(binaryBody)
      .expect(200)
      .expect('Content-Type', 'application/pdf')
      // Named by product (formula characters dropped) and UID; the sample has no batch.
      .expect('Content-Disposition', `attachment; filename="HYPERLINK-http-x-Blue-Dream_${SAMPLE_UID}.pdf"`);
    const text = (await readPdfText(pdf.body as Buffer, { maxBytes: 5_000_000, maxPages: 10, timeoutMs: 20_000 })).pages
      .flatMap((p) => p.items.map((i) => i.str))
      .join(' ');
    expect(text).toContain('Hudson Analytical');
    expect(text).toContain(SAMPLE_UID);
    expect(text).toContain('24.10');
    expect(text).toMatch(/\/verify\/[0-9a-f-]{36}/);
  });

  it('refuses lab staff and malformed UIDs', async () => {
    const tech = await t.userToken('tech.two', 'technician');
    await pull(tech, SAMPLE_UID).expect(403);
    const bad = await pull(grower, '48150200000090').expect(400);
    expect(bad.body.message).toContain('uid: expected a 16-digit UID or a 24-character Metrc tag');
    await request(t.http).get(`/api/licensee/results/${SAMPLE_UID}.exe`).set(bearer(grower)).expect(400);
  });

  it('serves the released certificate the state system links to, and verifies it from its QR code', async () => {
    const sets = await request(t.http)
      .get('/api/result-sets?status=approved')
      .set(bearer(await t.userToken('mo.two', 'manager')))
      .expect(200);
    const id = sets.body[0].id;
    await request(t.http).get(`/api/certificates/${id}.pdf`).expect(200).expect('Content-Type', 'application/pdf');
    const v = await request(t.http).get(`/verify/${id}`).set('Accept', 'application/json').expect(200);
    expect(v.body).toMatchObject({ genuine: true, uid: SAMPLE_UID, status: 'approved', lab: { name: 'Hudson Analytical' } });
    await request(t.http).get('/verify/not-a-uuid').expect(404);
  });
});
