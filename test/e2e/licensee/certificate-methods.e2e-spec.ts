import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { completeForRelease } from '../../support/factories/result-set.factory';
import { binaryBody, upload } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { screenshotFolder } from '../web/browser';
import { reviewAs } from '../workflow/review-requests';
import { describeWithPoppler, flat, renderPdf } from './pdf-pages';

jest.setTimeout(180_000);

const GROWER = 'OCM-CULT-24-000112';
const MAPPING = JSON.stringify({ sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units', loq: 'LOQ' });
const METALS = {
  key: 'icp-metals',
  name: 'Heavy metals by ICP-MS',
  instrument: 'PerkinElmer NexION 2000',
  templates: ['generic-long'],
  limitsUnit: 'ug/g',
  analytes: [
    { analyte: 'lead', lod: '0.01', loq: '0.05' },
    { analyte: 'arsenic', lod: '0.01', loq: '0.05' },
  ],
};

describeWithPoppler('certificate methods and client address')(
  "the certificate names each panel's lab method and the client's registered address",
  () => {
    let t: TestApp;
    let text: string[];

    beforeAll(async () => {
      t = await startTestApp({ LAB_NAME: 'Hudson Analytical', LAB_LICENSE: 'OCM-CPL-2022-00042' });
      const tech = await t.userToken('tara.tech', 'technician');
      const manager = await t.userToken('mia.manager', 'manager');
      await request(t.http)
        .post('/api/clients')
        .set(bearer(tech))
        .send({ licenseNumber: GROWER, name: 'Finger Lakes Farm', address: '88 Vineyard Rd\nGeneva, NY 14456' })
        .expect(201);
      await request(t.http)
        .post('/api/samples')
        .set(bearer(tech))
        .send({ labSampleId: 'L-7001', clientLicense: GROWER, productType: 'flower', uid: '4815020000007001' })
        .expect(201);
      await request(t.http).post('/api/methods').set(bearer(manager)).send(METALS).expect(201);
      const csv = 'Sample,Analyte,Result,Units,LOQ\nL-7001,Lead,0.02,ug/g,\nL-7001,Arsenic,0.12,ug/g,\n';
      const imported = await upload(
        t.http,
        tech,
        { name: 'metals.csv', bytes: Buffer.from(csv) },
        { template: 'generic-long', mapping: MAPPING, method: 'icp-metals' },
      ).expect(201);
      const id = imported.body.resultSets[0].id as string;
      // The run tested metals: the other panels New York requires come from the lab's other runs.
      await completeForRelease(t, id);
      await request(t.http).post(`/api/result-sets/${id}/submit`).set(bearer(tech)).expect(200);
      await reviewAs(t, manager).approve(id).expect(200);
      const pdf = await request(t.http).get(`/api/certificates/${id}.pdf`).buffer(true).parse(binaryBody).expect(200);
      const shots = path.join(screenshotFolder(), 'certificates');
      fs.mkdirSync(shots, { recursive: true });
      text = renderPdf(pdf.body as Buffer, shots, 'methods-and-address').pages.map(flat);
    });
    afterAll(async () => t?.close());

    it('prints the method of the metals panel from the methods data, with its version and instrument', () => {
      const all = text.join('\n');
      expect(all).toContain('Method: Heavy metals by ICP-MS (icp-metals v1), PerkinElmer NexION 2000');
      // Lead 0.02 is below the method's LOQ 0.05: reported as <LOQ with the method's LOQ, never as the number.
      expect(all).toMatch(/Lead <LOQ µg\/g 0\.05/);
    });

    it("prints the client's registered address", () => {
      expect(text[0]).toContain('88 Vineyard Rd');
      expect(text[0]).toContain('Geneva, NY 14456');
    });
  },
);
