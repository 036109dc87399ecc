import request from 'supertest';
import { completeForRelease } from '../../support/factories/result-set.factory';
import { upload } from '../../support/lab-setup';
import { bearer, type TestApp } from '../../support/test-app';
import { reviewAs } from '../workflow/review-requests';

export const GROWER = 'OCM-CULT-24-000112';
export const PROCESSOR = 'OCM-PROC-24-000030';

/** The grower's three samples and the processor's one: what each licensee's list must show, and nothing else. */
export const PORTAL_SAMPLES = [
  {
    labSampleId: 'L-101',
    uid: '4815020000009001',
    sourceUid: '4815020000003101',
    productName: 'Blue Dream 3.5g',
    batch: 'BD-0325',
    client: GROWER,
  },
  {
    labSampleId: 'L-102',
    uid: '4815020000009002',
    sourceUid: '4815020000003102',
    productName: 'Sour Diesel 7g',
    batch: 'SD-0411',
    client: GROWER,
  },
  {
    labSampleId: 'L-103',
    uid: '4815020000009003',
    sourceUid: '4815020000003103',
    productName: 'Gelato Pre-roll',
    batch: 'GE-0007',
    client: GROWER,
  },
  {
    labSampleId: 'L-201',
    uid: '4815020000009101',
    sourceUid: '4815020000003201',
    productName: 'Processor Vape 1g',
    batch: 'PV-0001',
    client: PROCESSOR,
  },
] as const;

const MAPPING = JSON.stringify({ sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units', loq: 'LOQ' });

/** L-101 passes, L-102 fails on lead, L-201 passes; L-103 has no results yet (in testing). */
const RUN = [
  'Sample,Analyte,Result,Units,LOQ',
  'L-101,THCA,24.10,%,0.02',
  'L-101,D9-THC,0.41,%,0.02',
  'L-101,Lead,ND,ug/g,0.05',
  'L-102,THCA,18.00,%,0.02',
  'L-102,D9-THC,0.30,%,0.02',
  'L-102,Lead,9.5,ug/g,0.05',
  'L-201,THCA,21.00,%,0.02',
  'L-201,Lead,ND,ug/g,0.05',
].join('\n');

/** Registers the four samples, imports one run and releases its three result sets; returns the licensees' tokens. */
export async function releasePortalSamples(t: TestApp): Promise<{ grower: string; processor: string }> {
  const tech = await t.userToken('tara.tech', 'technician');
  const mia = reviewAs(t, await t.userToken('mia.manager', 'manager'));
  const grower = await t.userToken('grower', 'licensee', GROWER);
  const processor = await t.userToken('proc', 'licensee', PROCESSOR);
  for (const [licenseNumber, name] of [
    [GROWER, 'Finger Lakes Farm'],
    [PROCESSOR, 'Hudson Extracts'],
  ]) {
    await request(t.http).post('/api/clients').set(bearer(tech)).send({ licenseNumber, name }).expect(201);
  }
  for (const s of PORTAL_SAMPLES) {
    const { client, ...sample } = s;
    await request(t.http)
      .post('/api/samples')
      .set(bearer(tech))
      .send({ ...sample, clientLicense: client, productType: 'flower' })
      .expect(201);
  }
  const imported = await upload(
    t.http,
    tech,
    { name: 'portal-run.csv', bytes: Buffer.from(RUN) },
    { template: 'generic-long', mapping: MAPPING },
  ).expect(201);
  for (const set of imported.body.resultSets as Array<{ id: string }>) {
    // The run tested potency and lead: the other panels New York requires come from the lab's other runs.
    await completeForRelease(t, set.id);
    await request(t.http).post(`/api/result-sets/${set.id}/submit`).set(bearer(tech)).expect(200);
    await mia.approve(set.id).expect(200);
  }
  return { grower, processor };
}
