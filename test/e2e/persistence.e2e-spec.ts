import request from 'supertest';
import { Client } from '../../src/samples/client.entity';
import { bearer, startTestApp, type TestApp } from '../support/test-app';

describe('persistence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('writes nothing when a loaded entity did not change (timestamps keep their value)', async () => {
    const tech = await t.userToken('tara.tech', 'technician');
    await request(t.http).post('/api/clients').set(bearer(tech)).send({ licenseNumber: 'OCM-PROC-24-000031', name: 'Unchanged' }).expect(201);
    const before = (await t.sql(`select updated_at from clients where license_number = 'OCM-PROC-24-000031'`)) as Array<{ updated_at: unknown }>;
    await new Promise((r) => setTimeout(r, 20));
    const em = t.orm.em.fork();
    const client = await em.findOneOrFail(Client, { licenseNumber: 'OCM-PROC-24-000031' });
    await em.flush();
    const after = (await t.sql(`select updated_at from clients where license_number = 'OCM-PROC-24-000031'`)) as Array<{ updated_at: unknown }>;
    expect(String(after[0].updated_at)).toBe(String(before[0].updated_at));
  });
});
