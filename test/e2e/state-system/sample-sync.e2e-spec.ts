import request from 'supertest';
import { Sample } from '../../../src/samples/sample.entity';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { SimulatorHost } from '../../../src/state-system/biotrack-ny/simulator-host';
import type { RunningSimulator } from '../../../src/simulator/biotrack-ny/simulator';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { approveResultSet } from '../../state-system/result-set.factory';

describe('sample sync with the simulator the service runs itself (STATE_SYSTEM=simulator)', () => {
  let t: TestApp;
  let sim: RunningSimulator;
  let technician: string;

  beforeAll(async () => {
    t = await startTestApp({ STATE_SYSTEM: 'simulator', SAMPLE_SYNC_INTERVAL_SECONDS: '0' });
    const running = t.app.get(SimulatorHost).simulator;
    if (!running) throw new Error('the service did not start its simulator');
    sim = running;
    technician = await t.userToken('tara', 'technician');
  });
  afterAll(async () => t.close());

  it('runs the simulator in-process on a loopback port and reaches it over HTTP', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await request(t.http).get('/health').expect(200);
    expect(health.body.stateSystem).toEqual({
      kind: 'biotrack-ny',
      endpoint: 'simulator',
      note: 'built-in BioTrack NY simulator: nothing leaves this machine',
      reachable: true,
    });
  });

  it('registers every inbound sample with its UID, lot, client and product type, and receives the open transfers', async () => {
    const res = await request(t.http).post('/api/samples/sync').set(bearer(technician)).expect(200);

    expect(res.body).toMatchObject({ transfers: 3, received: ['7001', '7002'], alreadyKnown: 0, problems: [] });
    expect(res.body.registered).toEqual([
      {
        labSampleId: '4815020000009001',
        uid: '4815020000009001',
        sourceUid: '4815020000003101',
        clientLicense: 'OCM-CULT-24-000112',
        productType: 'flower',
        transferId: '7001',
      },
      {
        labSampleId: '4815020000009002',
        uid: '4815020000009002',
        sourceUid: '4815020000003102',
        clientLicense: 'OCM-CULT-24-000112',
        productType: 'flower',
        transferId: '7001',
      },
      {
        labSampleId: '4815020000009003',
        uid: '4815020000009003',
        sourceUid: '4815020000004201',
        clientLicense: 'OCM-PROC-24-000030',
        productType: 'pre_roll',
        transferId: '7002',
      },
      {
        labSampleId: '4815020000009004',
        uid: '4815020000009004',
        sourceUid: '4815020000004202',
        clientLicense: 'OCM-PROC-24-000030',
        productType: 'infused_pre_roll',
        transferId: '7002',
      },
      {
        labSampleId: '4815020000009005',
        uid: '4815020000009005',
        sourceUid: '4815020000004203',
        clientLicense: 'OCM-PROC-24-000030',
        productType: 'concentrate',
        transferId: '7002',
      },
      {
        labSampleId: '4815020000009006',
        uid: '4815020000009006',
        sourceUid: '4815020000005301',
        clientLicense: 'OCM-MICR-24-000058',
        productType: 'edible',
        transferId: '7003',
      },
      {
        labSampleId: '4815020000009007',
        uid: '4815020000009007',
        sourceUid: '4815020000005302',
        clientLicense: 'OCM-MICR-24-000058',
        productType: 'vape',
        transferId: '7003',
      },
    ]);
    expect(sim.state.transfers().map((tr) => [tr.ID, tr.Received])).toEqual([
      [7001, true],
      [7002, true],
      [7003, true],
    ]);
    expect(sim.state.effects({ kind: 'receive-transfer' }).map((e) => e.transferId)).toEqual([7001, 7002]);

    const samples = await t.orm.em.fork().find(Sample, { origin: 'state-system' }, { orderBy: { labSampleId: 'asc' } });
    expect(samples.map((s) => [s.uid, s.route, s.stateTransferId, s.stateSampleId])).toEqual(
      samples.map((s) => [
        s.uid,
        s.productType === 'edible' ? 'oral' : 'inhaled',
        expect.any(String),
        sim.state.labSample(s.uid ?? '')?.ID,
      ]),
    );
    expect(samples.every((s) => s.stateSampleId !== null && s.receivedAt !== null)).toBe(true);
    const clients = await request(t.http).get('/api/clients').set(bearer(technician)).expect(200);
    expect(clients.body.map((c: { licenseNumber: string }) => c.licenseNumber).sort()).toEqual([
      'OCM-CULT-24-000112',
      'OCM-MICR-24-000058',
      'OCM-PROC-24-000030',
    ]);
  });

  it('registers nothing twice and receives nothing twice when run again', async () => {
    const res = await request(t.http).post('/api/samples/sync').set(bearer(technician)).expect(200);

    expect(res.body).toEqual({ transfers: 3, received: [], registered: [], alreadyKnown: 7, problems: [] });
    expect(sim.state.effects({ kind: 'receive-transfer' })).toHaveLength(2);
    expect(await t.orm.em.fork().count(Sample, {})).toBe(7);
  });

  it('reports a synced sample’s approved results straight to its LabSample id', async () => {
    const sample = await t.orm.em.fork().findOneOrFail(Sample, { uid: '4815020000009001' });
    await approveResultSet(t.app, { uid: '4815020000009001' });
    const before = sim.state.requestLog().length;

    expect(await t.app.get(OutboxWorker).sendDue()).toMatchObject({ accepted: 1 });

    const requests = sim.state
      .requestLog()
      .slice(before)
      .map((r) => `${r.method} ${r.path}`);
    expect(requests).toEqual(['GET /v1/lab/test', `POST /v1/lab/sample/${sample.stateSampleId}/result`]);
    expect(sim.state.labSample('4815020000009001')?.TestingData.map((d) => d.TestID)).toEqual([2, 8]);
  });

  it('lets lab staff sync, nobody else', async () => {
    const licensee = await t.userToken('finger-lakes', 'licensee', 'OCM-CULT-24-000112');
    await request(t.http).post('/api/samples/sync').set(bearer(licensee)).expect(403);
    await request(t.http).post('/api/samples/sync').expect(401);
  });
});
