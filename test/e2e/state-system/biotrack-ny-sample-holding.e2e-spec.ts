import request from 'supertest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/biotrack-ny/simulator';
import { ResultSetFactory } from '../../support/factories/result-set.factory';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { CULTIVATOR, newUid } from '../../state-system/result-set.factory';
import { simulatorEnv } from '../../state-system/simulator-env';
import { reviewAs, submissionsOf } from '../workflow/review-requests';

interface Item {
  kind: string;
  reason: string;
  fix: string;
  blocking: boolean;
  overridable: boolean;
}

const HOLDING_KINDS = ['sample_not_in_state_system', 'sample_not_received', 'state_system_unchecked'];

/** 200, or the answer's body in the failure (the readiness items that stood in the way). */
const ok = (res: request.Response) => {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${JSON.stringify(res.body)}`);
};

/**
 * Release readiness asks BioTrack NY, live and read-only, whether the lab holds the sample (GET /v1/lab/sample, then
 * the inbound transfers), before submit and before approve. The test steers its own simulator over HTTP (/_sim).
 */
describe('BioTrack NY: readiness asks whether the lab holds the sample', () => {
  let sim: RunningSimulator;
  let simOpen = true;
  let t: TestApp;
  let tech: string;
  let mgr: string;
  let n = 0;

  const draft = async (uid: string) =>
    (
      await ResultSetFactory.for(t)
        .sample({ labSampleId: `HOLD-B${(n += 1)}`, uid })
        .complete()
        .build()
    ).resultSetId;
  const readiness = async (id: string): Promise<Item[]> =>
    (await request(t.http).get(`/api/result-sets/${id}/readiness`).set(bearer(tech)).expect(200)).body as Item[];
  const holdingItems = (items: Item[]) => items.filter((i) => HOLDING_KINDS.includes(i.kind));
  /** The licensee sends the sample to the lab on an inbound transfer (received at once when `received`). */
  const sendToLab = (uid: string, received = false) =>
    request(sim.url)
      .post('/_sim/transfers')
      .send({
        outboundLicense: CULTIVATOR,
        received,
        items: [{ inventoryId: uid, parentId: newUid(), amount: 10, uom: 'g', inventoryType: 'Flower' }],
      })
      .expect(201);
  const setDeleted = (uid: string, deleted: boolean) =>
    request(sim.url).post(`/_sim/lab-samples/${uid}/deleted`).send({ deleted }).expect(200);

  beforeAll(async () => {
    sim = await startSimulator({ seed: false });
    t = await startTestApp(simulatorEnv(sim, { STATE_SYSTEM_SAMPLE_CHECK: 'true' }));
    tech = await t.userToken('tara.tech', 'technician');
    mgr = await t.userToken('mia.manager', 'manager');
  });
  afterAll(async () => {
    await t?.close();
    if (simOpen) await sim?.close();
  });

  it('refuses submit while BioTrack holds no such sample, then while its transfer waits, and lets it through once the lab received it', async () => {
    const uid = newUid();
    const id = await draft(uid);

    const unknown = await reviewAs(t, tech).submit(id).expect(409);
    expect(holdingItems(unknown.body.readiness as Item[])).toEqual([
      {
        kind: 'sample_not_in_state_system',
        panel: null,
        analyte: null,
        reason: expect.stringContaining(`BioTrack holds no lab sample with UID ${uid}`),
        fix: expect.stringContaining('registers the sample in BioTrack'),
        blocking: true,
        overridable: false,
      },
    ]);

    await sendToLab(uid);
    const waiting = await reviewAs(t, tech).submit(id).expect(409);
    expect(holdingItems(waiting.body.readiness as Item[])).toEqual([
      expect.objectContaining({
        kind: 'sample_not_received',
        reason: expect.stringContaining('which the lab has not received'),
        fix: expect.stringContaining('receive the transfer first'),
        blocking: true,
      }),
    ]);

    // The lab receives it the usual way: the sync accepts the inbound transfer through BioTrack's API.
    const sync = await request(t.http).post('/api/samples/sync').set(bearer(tech)).expect(ok);
    expect(sync.body.received.length).toBeGreaterThan(0);
    expect(holdingItems(await readiness(id))).toEqual([]);
    expect((await reviewAs(t, tech).submit(id).expect(ok)).body.status).toBe('in_review');
    // The check only read: no result reached BioTrack.
    expect(sim.control.effects({ kind: 'post-result' })).toEqual([]);
  });

  it('refuses approve while BioTrack no longer holds the sample (409, nothing queued), and approves once it does again', async () => {
    const uid = newUid();
    await sendToLab(uid, true);
    const id = await draft(uid);
    await reviewAs(t, tech).submit(id).expect(ok);

    await setDeleted(uid, true);
    const refused = await reviewAs(t, mgr).approve(id).expect(409);
    expect(holdingItems(refused.body.readiness as Item[])).toEqual([
      expect.objectContaining({
        kind: 'sample_not_in_state_system',
        reason: expect.stringContaining('deleted or moved since'),
        blocking: true,
      }),
    ]);
    expect((await reviewAs(t, mgr).get(id).expect(200)).body.status).toBe('in_review');
    expect(await submissionsOf(t, id)).toEqual([]);

    await setDeleted(uid, false);
    expect((await reviewAs(t, mgr).approve(id).expect(ok)).body.status).toBe('approved');
    expect(await submissionsOf(t, id)).toHaveLength(1);
  });

  it('shows a warning, not a block, when BioTrack cannot be reached, and submit and approve go on', async () => {
    const uid = newUid();
    await sendToLab(uid, true);
    const id = await draft(uid);

    await sim.close();
    simOpen = false;
    expect(holdingItems(await readiness(id))).toEqual([
      {
        kind: 'state_system_unchecked',
        panel: null,
        analyte: null,
        reason: expect.stringMatching(
          /^whether the state system holds this sample could not be checked: BioTrack could not be asked: .*ECONNREFUSED/,
        ),
        fix: expect.stringContaining('nothing blocks the release'),
        blocking: false,
        overridable: false,
      },
    ]);
    expect((await reviewAs(t, tech).submit(id).expect(ok)).body.status).toBe('in_review');
    const approved = await reviewAs(t, mgr).approve(id).expect(ok);
    expect(approved.body.status).toBe('approved');
  });
});
