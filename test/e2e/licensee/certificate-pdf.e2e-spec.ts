import * as fs from 'node:fs';
import * as path from 'node:path';
import * as QRCode from 'qrcode';
import request from 'supertest';
import { ResultSet } from '../../../src/results/result-set.entity';
import { limsLikeCertificate } from '../../generators/coa/make-pdfs';
import { binaryBody, upload } from '../../support/lab-setup';
import { SHARED_SAMPLES } from '../../support/shared-samples';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { screenshotFolder } from '../web/browser';
import { reviewAs } from '../workflow/review-requests';
import { describeWithPoppler, flat, oneLine, renderPdf, type RenderedPdf } from './pdf-pages';
import {
  FOREIGN_MATTER,
  METALS,
  MOISTURE,
  MYCOTOXINS,
  TERPENES,
  WATER_ACTIVITY,
  completeForRelease,
} from '../../support/factories/result-set.factory';
import { flowerEntryResults } from '../../support/flower-panels';

jest.setTimeout(180_000);

const LAB = {
  LAB_NAME: 'DRS Testing',
  // The DRS certificates print OCM-CPL-00011: the same permit in another form.
  LAB_LICENSE: 'OCM-CPL-2022-00011',
  LAB_ADDRESS: '1 Test Way, Buffalo, NY 14203',
  LAB_PHONE: '(716) 555-0111',
  LAB_ACCREDITATION_BODY: 'ANAB',
  LAB_ACCREDITATION_NUMBER: 'L23-456',
  LAB_TIMEZONE: 'America/New_York',
  PUBLIC_URL: 'https://coa.drs.example',
};
const GROWER = 'OCM-CULT-24-000112';
const MAPPING = JSON.stringify({ sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units', loq: 'LOQ' });
const DRS_FILE = path.join(SHARED_SAMPLES, 'coa', 'drs-testing-ny', 'COA-SM060925-J35-GG-H6.pdf');

/** Words of the data model that must never reach a reader, and timestamps in the API's form. */
const INTERNAL = /\b(report_only|not_tested|no_limit|indeterminate|in_review)\b|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describeWithPoppler('certificate PDFs rendered to images')('the certificate PDF, rendered to images and read back', () => {
  let t: TestApp;
  let tech: string;
  let mia: ReturnType<typeof reviewAs>;
  let shots: string;
  let logoFile: string;

  beforeAll(async () => {
    shots = path.join(screenshotFolder(), 'certificates');
    fs.mkdirSync(shots, { recursive: true });
    console.log(`Certificate PDFs and their page images: ${shots}`);
    logoFile = path.join(shots, 'logo.png');
    fs.writeFileSync(logoFile, await QRCode.toBuffer('DRS', { width: 120, margin: 0 }));
    t = await startTestApp({ ...LAB, LAB_LOGO_FILE: logoFile });
    tech = await t.userToken('tara.tech', 'technician');
    mia = reviewAs(t, await t.userToken('mia.manager', 'manager'));
    await request(t.http)
      .post('/api/clients')
      .set(bearer(tech))
      .send({ licenseNumber: GROWER, name: 'Finger Lakes Farm' })
      .expect(201);
  });
  afterAll(async () => t?.close());

  async function release(id: string): Promise<void> {
    await completeForRelease(t, id);
    await request(t.http).post(`/api/result-sets/${id}/submit`).set(bearer(tech)).expect(200);
    await mia.approve(id).expect(200);
  }

  async function certificate(id: string, name: string): Promise<RenderedPdf> {
    const res = await request(t.http)
      .get(`/api/certificates/${id}.pdf`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200)
      .expect('Content-Type', 'application/pdf');
    return renderPdf(res.body as Buffer, shots, name);
  }

  /** What every certificate carries, on every page and on the first. */
  function expectEveryPage(pdf: RenderedPdf, ids: { uid: string; number: string }): void {
    expect(pdf.images).toHaveLength(pdf.pages.length);
    pdf.pages.forEach((page, i) => {
      const text = flat(page);
      expect([i, text]).toEqual([i, expect.stringContaining(`UID ${ids.uid}`)]);
      expect(text).toContain(`Certificate ${ids.number}`);
      expect(text).toContain(`Page ${i + 1} of ${pdf.pages.length}`);
      expect(text).not.toMatch(INTERNAL);
    });
  }

  describe('an instrument-derived result set of this lab', () => {
    const UID = '4815020000009001';
    let id: string;
    let pdf: RenderedPdf;
    beforeAll(async () => {
      await request(t.http)
        .post('/api/samples')
        .set(bearer(tech))
        .send({
          labSampleId: 'L-9001',
          clientLicense: GROWER,
          productType: 'flower',
          uid: UID,
          sourceUid: '4815020000003101',
          productName: 'Blue Dream 3.5g',
          batch: 'BD-0325',
        })
        .expect(201);
      const csv = [
        'Sample,Analyte,Result,Units,LOQ',
        'L-9001,THCA,24.10,%,0.02',
        'L-9001,D9-THC,0.41,%,0.02',
        'L-9001,CBD,ND,%,0.02',
        'L-9001,Lead,ND,ug/g,0.05',
        'L-9001,Arsenic,0.3,ug/g,0.05',
        'L-9001,Aflatoxin B1,<LOQ,ug/kg,2',
      ].join('\n');
      const imported = await upload(
        t.http,
        tech,
        { name: 'icp-and-hplc.csv', bytes: Buffer.from(`${csv}\n`) },
        { template: 'generic-long', mapping: MAPPING },
      ).expect(201);
      id = imported.body.resultSets[0].id;
      await release(id);
      pdf = await certificate(id, 'instrument-derived');
    });

    it("prints the lab's identity, the client once, the sample, the dates in the lab's time zone and the summary on the first page", () => {
      const first = flat(pdf.pages[0]);
      expect(first).toContain('Certificate of Analysis');
      expect(first).toMatch(/Name DRS Testing OCM permit OCM-CPL-2022-00011/);
      expect(first).toMatch(/Address 1 Test Way, Buffalo, NY 14203 Phone \(716\) 555-0111/);
      expect(first).toContain('ISO/IEC 17025 ANAB, certificate L23-456');
      expect(first).toMatch(/Name Finger Lakes Farm License OCM-CULT-24-000112/);
      expect(first.split(GROWER)).toHaveLength(2);
      expect(first).toMatch(/Lab sample ID L-9001 State UID 4815020000009001/);
      expect(first).toMatch(/Source lot 4815020000003101 Batch BD-0325/);
      expect(first).toMatch(/Product Blue Dream 3.5g Product type flower \(inhaled\)/);
      expect(first).toContain('Dates (America/New York time)');
      expect(first).toMatch(/Collected not recorded Received not recorded/);
      expect(first).toMatch(/Released \d{1,2} \w{3} \d{4}, \d{2}:\d{2} E[SD]T/);
      // Total THC = 0.41 + 0.877 × 24.10 = 21.55
      expect(first).toMatch(/Total THC 21\.5\d? %/);
      // Arsenic 0.3 µg/g is above the 0.2 µg/g action level for inhaled products.
      expect(first).toContain('Overall FAIL');
      expect(oneLine(first)).toMatch(/Panels Cannabinoids: Tested · .*Heavy metals: Fail · .*Mycotoxins: Pass/);
    });

    it('prints every panel with display names, units, LOQ, limit and status in words, then the signature and the statement', () => {
      const all = pdf.pages.map(flat).join('\n');
      expect(all).toMatch(/THCA 24\.10 % 0\.02 — Tested/);
      expect(all).toMatch(/Δ9-THC 0\.41 % 0\.02 — Tested/);
      expect(all).toMatch(/Lead ND µg\/g 0\.05 0\.5 Pass/);
      expect(all).toMatch(/Arsenic 0\.3 µg\/g 0\.05 0\.2 Fail/);
      expect(all).toMatch(/Aflatoxin B1 <LOQ µg\/kg 2 \d+ Pass/);
      expect(all).toContain('ND: not detected');
      expect(all).toMatch(
        /Approved by Mia Manager — Reviewed and approved for release — \d{1,2} \w{3} \d{4}, \d{2}:\d{2} E[SD]T/,
      );
      expect(all).toMatch(/Content fingerprint \(sha256\) [0-9a-f]{64}/);
      expect(all).toContain('Statement of conformity');
      expect(all).toContain(`Verify this certificate at https://coa.drs.example/verify/${id}`);
      expect(all).not.toContain('QR code and verification link point at');
      expectEveryPage(pdf, { uid: UID, number: 'L-9001-V1' });
    });

    it('says a partial release on the first page once the release records its override', async () => {
      // The release issue writes meta.release.partial when a manager overrides the readiness check.
      const em = t.orm.em.fork();
      const set = await em.findOneOrFail(ResultSet, { id });
      set.meta = {
        ...(set.meta ?? {}),
        release: { partial: { reason: 'Microbials are re-run after an incubator fault', missingPanels: ['microbials'] } },
      };
      await em.flush();
      const partial = await certificate(id, 'partial-release');
      expect(oneLine(partial.pages[0])).toContain(
        'Partial release: not every required panel is reported on this certificate. Reason: Microbials are re-run after an incubator fault. Not reported: Microbials.',
      );
      expectEveryPage(partial, { uid: UID, number: 'L-9001-V1' });
    });
  });

  describe('results typed in from another lab’s certificate', () => {
    const UID = '4815020000077003';
    let id: string;
    let pdf: RenderedPdf;
    let paper: Buffer;
    beforeAll(async () => {
      paper = await limsLikeCertificate();
      const entry = {
        uid: UID,
        clientLicense: GROWER,
        supplierLicense: 'OCM-CULT-24-000999',
        productType: 'flower',
        productName: 'Offline Gelato 3.5g',
        lab: { name: 'Paper Lab Inc', license: 'OCM-CPL-2023-00077' },
        certificate: { number: 'PL-2025-1187', date: '2025-03-02' },
        results: [
          { analyte: 'Lead', qualifier: 'ND', unit: 'ug/g', loq: '0.05', limit: '0.5' },
          // The panels the paper does not report, typed in so the record can be released.
          ...flowerEntryResults(
            ['Pb 208'],
            [METALS, TERPENES, MYCOTOXINS, MOISTURE, WATER_ACTIVITY, FOREIGN_MATTER].map((s) => s.rows),
          ),
        ],
      };
      const res = await request(t.http)
        .post('/api/manual-results/with-certificate')
        .set(bearer(tech))
        .field('entry', JSON.stringify(entry))
        .attach('file', paper, 'paper-coa.pdf')
        .expect(201);
      id = res.body.id;
      const pending = res.body.pendingConfirmation as string[];
      await request(t.http)
        .post(`/api/manual-results/${id}/confirm`)
        .set(bearer(tech))
        .send({ values: pending.map((analyte) => ({ analyte })) })
        .expect(200);
      await release(id);
      pdf = await certificate(id, 'manual-other-lab');
    });

    it('is titled as a record of the results that lab reported, never as this lab’s testing', () => {
      const first = flat(pdf.pages[0]);
      expect(first).toContain('Record of results reported by Paper Lab Inc (OCM-CPL-2023-00077)');
      expect(first).not.toContain('Certificate of Analysis');
      expect(oneLine(first)).toContain(
        'These results were not produced by DRS Testing. They were reported by Paper Lab Inc, permit OCM-CPL-2023-00077, on its certificate no. PL-2025-1187 of 2 Mar 2025',
      );
      expect(first).toMatch(/Tested by \(the reporting lab\)\nLaboratory Paper Lab Inc Permit OCM-CPL-2023-00077/);
      expect(oneLine(first)).toContain(`Original https://coa.drs.example/api/certificates/${id}/original.pdf`);
      expect(first).toMatch(/Record kept by\nName DRS Testing OCM permit OCM-CPL-2022-00011/);
      const all = pdf.pages.map(flat).join('\n');
      expect(all).toContain('About these results');
      expect(all).not.toContain('Statement of conformity');
      expectEveryPage(pdf, { uid: UID, number: `EXT-${UID}-V1` });
    });

    it('carries the original certificate inside the file and at the printed link', async () => {
      const file = path.join(shots, 'manual-other-lab.pdf');
      const attached = fs.readFileSync(file).toString('latin1');
      expect(attached).toContain('/EmbeddedFiles');
      expect(attached).toContain('(paper-coa.pdf)');
      const original = await request(t.http)
        .get(`/api/certificates/${id}/original.pdf`)
        .buffer(true)
        .parse(binaryBody)
        .expect(200)
        .expect('Content-Type', 'application/pdf');
      expect(Buffer.compare(original.body as Buffer, paper)).toBe(0);
      const own = (await request(t.http).get('/api/result-sets?status=approved').set(bearer(tech)).expect(200)).body as Array<{
        id: string;
        origin: string;
      }>;
      const lab = own.find((s) => s.origin !== 'manual');
      await request(t.http).get(`/api/certificates/${lab!.id}/original.pdf`).expect(404);
    });
  });

  (fs.existsSync(DRS_FILE) ? describe : describe.skip)(
    'a result set imported from a DRS Testing certificate (this lab’s own LIMS)',
    () => {
      if (!fs.existsSync(DRS_FILE)) console.warn(`SKIPPED: the DRS-derived certificate — ${DRS_FILE} not found`);
      let pdf: RenderedPdf;
      let id: string;
      beforeAll(async () => {
        // As a client first met on a state-system transfer is registered: its license for a name.
        await request(t.http)
          .post('/api/clients')
          .set(bearer(tech))
          .send({ licenseNumber: 'OCM-PROC-24-000030', name: 'OCM-PROC-24-000030' })
          .expect(201);
        await request(t.http)
          .post('/api/samples')
          .set(bearer(tech))
          .send({
            labSampleId: '2508RLI0702-2626',
            clientLicense: 'OCM-PROC-24-000030',
            productType: 'flower',
            uid: '4815020000012626',
          })
          .expect(201);
        const res = await upload(t.http, tech, { name: path.basename(DRS_FILE), bytes: fs.readFileSync(DRS_FILE) }).expect(201);
        id = res.body.resultSets[0].id;
        await release(id);
        pdf = await certificate(id, 'drs-derived');
      });

      it('prints it as this lab’s certificate (the permit in another form is the same lab), with what the certificate said', () => {
        const first = flat(pdf.pages[0]);
        expect(first).toContain('Certificate of Analysis');
        expect(first).not.toContain('Record of results reported by');
        // The client was registered by its license alone: the name comes from the certificate, the license once.
        expect(first).toMatch(/Name SJR Horticulture License OCM-PROC-24-000030/);
        expect(first.split('OCM-PROC-24-000030')).toHaveLength(2);
        expect(first).toMatch(/Batch SM060925-J35-GG-H6\/7/);
        expect(first).toMatch(/Product Stay Melo \| #7 \| 3\.5g Jar \| Flower/);
        expect(first).toMatch(/Matrix Plant, Flower - Cured/);
        expect(first).toMatch(/Collected 11 Aug 2025, 12:53 Received 11 Aug 2025/);
        expect(first).toMatch(/Tested \d{1,2} Aug 2025 Released/);
        expect(first).toMatch(/Total THC 26\.0\d %/);
        expect(first).toMatch(/Panels .*Pesticides: Pass/);
        const all = pdf.pages.map(flat).join('\n');
        expect(all).toMatch(/Aspergillus flavus Absent CFU\/g 1 Absent Pass/);
        expect(all).toMatch(/THCA 28\.08 % 0\.02 — Tested/);
        expectEveryPage(pdf, { uid: '4815020000012626', number: '2508RLI0702-2626-V1' });
        expect(pdf.pages.length).toBeGreaterThan(1);
      });
    },
  );
});
