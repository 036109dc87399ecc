import request from 'supertest';
import * as XLSX from 'xlsx';
import { readPdfText } from '../../../src/ingest/coa/pdf-text';
import { binaryBody, upload } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp, signature } from '../../support/test-app';
import { signIn } from '../web/web-client';
import { completeForRelease } from '../../support/factories/result-set.factory';

// Two licensees with state-system accounts (the simulator's demo licensees), so the holder check is really asked.
const CULTIVATOR = { license: 'OCM-CULT-24-000112', name: 'Finger Lakes Farm' };
const PROCESSOR = { license: 'OCM-PROC-24-000030', name: 'Catskill Processing' };
const MAPPING = JSON.stringify({ sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units', loq: 'LOQ' });

/** A released certificate of one licensee's sample: what must never reach the other licensee. */
interface Released {
  labSampleId: string;
  uid: string;
  sourceUid: string;
  license: string;
  clientName: string;
  productName: string;
  thca: string;
}

// The cultivator's test and the processor's test of the same lot (both entered the lot as sourceUid).
const SAME_LOT = '4815020000063100';
const CULT_OF_LOT: Released = {
  labSampleId: 'CL-6301',
  uid: '4815020000063101',
  sourceUid: SAME_LOT,
  license: CULTIVATOR.license,
  clientName: CULTIVATOR.name,
  productName: 'Hillside Haze flower',
  thca: '24.10',
};
const PROC_OF_LOT: Released = {
  labSampleId: 'PL-6302',
  uid: '4815020000063102',
  sourceUid: SAME_LOT,
  license: PROCESSOR.license,
  clientName: PROCESSOR.name,
  productName: 'Valley Rosin cart',
  thca: '71.35',
};
// The cultivator's sample UID entered as the source of the processor's sample.
const CULT_TAG = '4815020000064101';
const CULT_TAGGED: Released = {
  labSampleId: 'CL-6401',
  uid: CULT_TAG,
  sourceUid: '4815020000064100',
  license: CULTIVATOR.license,
  clientName: CULTIVATOR.name,
  productName: 'Ridge Runtz flower',
  thca: '22.40',
};
const PROC_FROM_TAG: Released = {
  labSampleId: 'PL-6402',
  uid: '4815020000064102',
  sourceUid: CULT_TAG,
  license: PROCESSOR.license,
  clientName: PROCESSOR.name,
  productName: 'Runtz live resin',
  thca: '68.05',
};

const CASES: Array<{ title: string; uid: string; cultivator: Released; processor: Released }> = [
  { title: "one lot entered as both samples' sourceUid", uid: SAME_LOT, cultivator: CULT_OF_LOT, processor: PROC_OF_LOT },
  {
    title: "one licensee's sample UID entered as the other's sourceUid",
    uid: CULT_TAG,
    cultivator: CULT_TAGGED,
    processor: PROC_FROM_TAG,
  },
];

/** What identifies a released certificate in any rendering of it (its UID too, unless it is the UID looked up). */
const marks = (r: Released, queried: string) => [
  r.labSampleId,
  r.productName,
  r.clientName,
  r.license,
  r.thca,
  ...(r.uid === queried ? [] : [r.uid]),
];

describe('licensees whose samples share a lot each see only their own certificates', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ LICENSEE_HOLDER_CACHE_SECONDS: '0' });
    const tech = await t.userToken('tara.tech', 'technician');
    const mgr = await t.userToken('mia.manager', 'manager');
    tokens[CULTIVATOR.license] = await t.userToken('grower', 'licensee', CULTIVATOR.license);
    tokens[PROCESSOR.license] = await t.userToken('processor', 'licensee', PROCESSOR.license);
    for (const c of [CULTIVATOR, PROCESSOR]) {
      await request(t.http).post('/api/clients').set(bearer(tech)).send({ licenseNumber: c.license, name: c.name }).expect(201);
    }
    const all = CASES.flatMap((c) => [c.cultivator, c.processor]);
    for (const s of all) {
      await request(t.http)
        .post('/api/samples')
        .set(bearer(tech))
        .send({
          labSampleId: s.labSampleId,
          clientLicense: s.license,
          productType: 'flower',
          uid: s.uid,
          sourceUid: s.sourceUid,
          productName: s.productName,
        })
        .expect(201);
    }
    const csv = ['Sample,Analyte,Result,Units,LOQ', ...all.map((s) => `${s.labSampleId},THCA,${s.thca},%,0.02`)].join('\n');
    const imported = await upload(
      t.http,
      tech,
      { name: 'shared-lot-potency.csv', bytes: Buffer.from(csv) },
      { template: 'generic-long', mapping: MAPPING },
    ).expect(201);
    expect(imported.body.resultSets).toHaveLength(all.length);
    for (const set of imported.body.resultSets as Array<{ id: string }>) {
      await completeForRelease(t, set.id);
      await request(t.http).post(`/api/result-sets/${set.id}/submit`).set(bearer(tech)).expect(200);
      await request(t.http)
        .post(`/api/result-sets/${set.id}/approve`)
        .set(bearer(mgr))
        .send({ signature: signature() })
        .expect(200);
    }
  });
  afterAll(async () => t.close());

  describe.each(CASES)('$title', ({ uid, cultivator, processor }) => {
    const pairs = [
      { who: 'the cultivator', own: cultivator, other: processor },
      { who: 'the processor', own: processor, other: cultivator },
    ];

    it.each(pairs)('gives $who its own certificate as JSON and nothing of the other', async ({ own, other }) => {
      const res = await request(t.http).get(`/api/licensee/results?uid=${uid}`).set(bearer(tokens[own.license])).expect(200);
      expect(res.body.source).toBe('lab');
      expect(res.body.certificates.map((c: { sample: { labSampleId: string } }) => c.sample.labSampleId)).toEqual([
        own.labSampleId,
      ]);
      expect(res.body.certificates[0].results.find((r: { analyte: string }) => r.analyte === 'thca').reportedValue).toBe(
        own.thca,
      );
      expectNone(JSON.stringify(res.body), other, uid);

      const file = await request(t.http).get(`/api/licensee/results/${uid}.json`).set(bearer(tokens[own.license])).expect(200);
      const text = file.text ?? (file.body as Buffer).toString();
      expect(text).toContain(own.labSampleId);
      expectNone(text, other, uid);
    });

    it.each(pairs)('gives $who its own certificate as CSV, XLSX and PDF and nothing of the other', async ({ own, other }) => {
      const csv = await request(t.http).get(`/api/licensee/results/${uid}.csv`).set(bearer(tokens[own.license])).expect(200);
      expect(csv.text).toContain(own.labSampleId);
      expectNone(csv.text, other, uid);

      const xlsx = await request(t.http)
        .get(`/api/licensee/results/${uid}.xlsx`)
        .set(bearer(tokens[own.license]))
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      const book = XLSX.read(xlsx.body as Buffer, { type: 'buffer' });
      const cells = book.SheetNames.map((n) => XLSX.utils.sheet_to_csv(book.Sheets[n])).join('\n');
      expect(cells).toContain(own.labSampleId);
      expectNone(cells, other, uid);

      const pdf = await request(t.http)
        .get(`/api/licensee/results/${uid}.pdf`)
        .set(bearer(tokens[own.license]))
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      const text = (await readPdfText(pdf.body as Buffer, { maxBytes: 5_000_000, maxPages: 10, timeoutMs: 20_000 })).pages
        .flatMap((p) => p.items.map((i) => i.str))
        .join(' ');
      expect(text).toContain(own.labSampleId);
      expectNone(text, other, uid);
    });

    it.each(pairs)('shows $who only its own certificate on the /licensee page and its downloads', async ({ own, other }) => {
      const web = await signIn(t.http, tokens[own.license]);
      const page = await web.get(`/licensee?uid=${uid}`).expect(200);
      expect(page.text).toContain(own.labSampleId);
      expect(page.text).toContain(own.productName);
      expectNone(page.text, other, uid);
      for (const format of ['csv', 'json']) {
        const file = await web.get(`/licensee/results/${uid}.${format}`).expect(200);
        const text = file.text ?? (file.body as Buffer).toString();
        expect(text).toContain(own.labSampleId);
        expectNone(text, other, uid);
      }
    });
  });

  it('still answers 404 to a licensee with no sample of the lot', async () => {
    const retailer = await t.userToken('shop', 'licensee', 'OCM-RETL-24-000415');
    await request(t.http).get(`/api/licensee/results?uid=${SAME_LOT}`).set(bearer(retailer)).expect(404);
    await request(t.http).get(`/api/licensee/results/${SAME_LOT}.pdf`).set(bearer(retailer)).expect(404);
  });
});

function expectNone(text: string, other: Released, queried: string): void {
  for (const mark of marks(other, queried)) expect(text).not.toContain(mark);
}
