import request from 'supertest';
import { Sample } from '../../../src/samples/sample.entity';
import type { SampleSyncProgress } from '../../../src/samples/sample-sync.service';
import { SimulatorHost } from '../../../src/state-system/biotrack-ny/simulator-host';
import type { RunningSimulator } from '../../../src/simulator/biotrack-ny/simulator';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { inboundTransfer, transferUid } from '../../generators/inbound-transfer';
import { probingHealth } from '../hostile/hostile-support';
import { signIn } from '../web/web-client';

const WARM_UP = 20;
const SMALL = 250;
const LARGE = 1000;
// How the time per sample grows with the transfer, and how long /health waits meanwhile, are measured by
// `npm run bench` (BENCH_ONLY=sample-sync), not here: a timed assertion on a shared machine fails on load, not on code.

describe('sample sync of a large inbound transfer', () => {
  let t: TestApp;
  let sim: RunningSimulator;
  let technician: string;
  let healthUrl: string;

  beforeAll(async () => {
    t = await startTestApp({ STATE_SYSTEM: 'simulator', SAMPLE_SYNC_INTERVAL_SECONDS: '0' });
    await t.app.listen(0, '127.0.0.1');
    healthUrl = `${await t.app.getUrl()}/health`;
    const running = t.app.get(SimulatorHost).simulator;
    if (!running) throw new Error('the service did not start its simulator');
    sim = running;
    technician = await t.userToken('tara', 'technician');
    await fetch(`${sim.url}/_sim/reset`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ seed: 'empty' }),
    });
  });
  afterAll(async () => t.close());

  it('registers every sample of a small and a four times larger transfer, /health answering throughout, with its progress readable', async () => {
    // A first, tiny transfer warms the code paths and the simulator's session, so the small run measures only work.
    await seedTransfer(sim, inboundTransfer(8000, 100_001, WARM_UP));
    await request(t.http).post('/api/samples/sync').set(bearer(technician)).expect(200);
    await seedTransfer(sim, inboundTransfer(8001, 1, SMALL));
    const small = await request(t.http).post('/api/samples/sync').set(bearer(technician));
    expect(small.status).toBe(200);
    expect(small.body).toMatchObject({ transfers: 2, received: ['8001'], alreadyKnown: WARM_UP, problems: [] });
    expect(small.body.registered).toHaveLength(SMALL);

    await seedTransfer(sim, inboundTransfer(8002, SMALL + 1, LARGE));
    const seen: SampleSyncProgress[] = [];
    let syncing = true;
    const watching = (async () => {
      while (syncing) {
        seen.push((await request(t.http).get('/api/samples/sync').set(bearer(technician)).expect(200)).body);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const large = await probingHealth(healthUrl, () => request(t.http).post('/api/samples/sync').set(bearer(technician)));
    syncing = false;
    await watching;

    const res = large.value;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ transfers: 3, received: ['8002'], alreadyKnown: WARM_UP + SMALL, problems: [] });
    expect(res.body.registered).toHaveLength(LARGE);
    expect(res.body.registered[LARGE - 1]).toEqual({
      labSampleId: transferUid(SMALL + LARGE),
      uid: transferUid(SMALL + LARGE),
      sourceUid: expect.stringMatching(/^\d{16}$/),
      clientLicense: 'OCM-CULT-24-000112',
      productType: 'flower',
      transferId: '8002',
    });
    expect(await t.orm.em.fork().count(Sample, { origin: 'state-system' })).toBe(WARM_UP + SMALL + LARGE);
    expect(await t.orm.em.fork().count(Sample, { origin: 'state-system', stateSampleId: null })).toBe(0);
    const registeredEvents = (await t.sql("select count(*) as n from audit_events where action = 'sample.registered'")) as Array<{
      n: number | string;
    }>;
    expect(Number(registeredEvents[0].n)).toBe(WARM_UP + SMALL + LARGE);
    expect(sim.state.effects({ kind: 'receive-transfer' }).map((e) => e.transferId)).toEqual([8000, 8001, 8002]);

    // Every probe answered (each gives up after 60 s): one transaction for the whole transfer held /health 23–39 s.
    expect(large.health.failures).toBe(0);
    expect(large.health.answered).toBeGreaterThan(0);

    const partway = seen.filter((p) => p.state === 'running' && p.samples.done > 0 && p.samples.done < p.samples.total);
    expect(partway.length).toBeGreaterThan(0);
    expect(partway[0].samples.total).toBe(WARM_UP + SMALL + LARGE);
    const after = await request(t.http).get('/api/samples/sync').set(bearer(technician)).expect(200);
    expect(after.body).toMatchObject({
      state: 'done',
      startedBy: 'tara',
      transfers: { total: 3, done: 3 },
      samples: { total: WARM_UP + SMALL + LARGE, done: WARM_UP + SMALL + LARGE },
      registered: LARGE,
      alreadyKnown: WARM_UP + SMALL,
      received: 1,
      problems: [],
      problemCount: 0,
      error: null,
    });
    const web = await signIn(t.http, technician);
    const dashboard = await web.get('/dashboard').expect(200);
    const all = WARM_UP + SMALL + LARGE;
    expect(dashboard.text).toContain(
      `${all} of ${all} sample(s) on 3 of 3 transfer(s): ${LARGE} registered, ${WARM_UP + SMALL} already known, 1 transfer(s) received.`,
    );
  }, 300_000);

  it('shows the progress to lab staff only', async () => {
    const licensee = await t.userToken('finger-lakes', 'licensee', 'OCM-CULT-24-000112');
    await request(t.http).get('/api/samples/sync').set(bearer(licensee)).expect(403);
    await request(t.http).get('/api/samples/sync').expect(401);
  });
});

async function seedTransfer(sim: RunningSimulator, seed: ReturnType<typeof inboundTransfer>): Promise<void> {
  const res = await fetch(`${sim.url}/_sim/transfers`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(seed),
  });
  if (!res.ok) throw new Error(`the simulator refused the transfer: ${res.status} ${await res.text()}`);
}
