import request from 'supertest';
import { completeForRelease } from '../../support/factories/result-set.factory';
import { upload } from '../../support/lab-setup';
import { ADMIN_TOKEN, bearer, type TestApp } from '../../support/test-app';
import { reviewAs } from '../workflow/review-requests';

const MAPPING = JSON.stringify({ sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units', loq: 'LOQ' });

/** A released v1 (approved by Mia Manager), amended into a released v2 (by Max Manager, Laboratory Director) that supersedes it. */
export async function releaseTwoVersions(t: TestApp): Promise<{ v1: string; v2: string }> {
  const tech = await t.userToken('tara.tech', 'technician');
  const mia = reviewAs(t, await t.userToken('mia.manager', 'manager'));
  const max = reviewAs(t, await t.userToken('max.manager', 'manager'));
  // Max signs with a title (printed after his name), Mia without one.
  const users = (await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN)).expect(200)).body as Array<{
    id: string;
    username: string;
  }>;
  const maxId = users.find((u) => u.username === 'max.manager')!.id;
  await request(t.http).patch(`/api/users/${maxId}`).set(bearer(ADMIN_TOKEN)).send({ title: 'Laboratory Director' }).expect(200);
  await request(t.http)
    .post('/api/clients')
    .set(bearer(tech))
    .send({ licenseNumber: 'OCM-CULT-24-000112', name: 'Finger Lakes Farm' })
    .expect(201);
  await request(t.http)
    .post('/api/samples')
    .set(bearer(tech))
    .send({
      labSampleId: 'L-9001',
      clientLicense: 'OCM-CULT-24-000112',
      productType: 'flower',
      uid: '4815020000009001',
      productName: 'Blue Dream 3.5g',
      batch: 'BD-0325',
    })
    .expect(201);
  const csv = 'Sample,Analyte,Result,Units,LOQ\nL-9001,THCA,24.10,%,0.02\nL-9001,D9-THC,0.41,%,0.02\nL-9001,Lead,ND,ug/g,0.05\n';
  const imported = await upload(
    t.http,
    tech,
    { name: 'run.csv', bytes: Buffer.from(csv) },
    { template: 'generic-long', mapping: MAPPING },
  ).expect(201);
  const v1 = imported.body.resultSets[0].id as string;
  await completeForRelease(t, v1);
  await request(t.http).post(`/api/result-sets/${v1}/submit`).set(bearer(tech)).expect(200);
  await mia.approve(v1).expect(200);
  const v2 = (
    await mia
      .amend(v1, {
        reason: 'THCA transcribed from the wrong dilution',
        changes: [{ analyte: 'THCA', value: '22.80', unit: '%' }],
      })
      .expect(201)
  ).body.id as string;
  await mia.submit(v2).expect(200);
  await max.approve(v2).expect(200);
  return { v1, v2 };
}
