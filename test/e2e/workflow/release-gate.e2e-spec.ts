import request from 'supertest';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/biotrack-ny/simulator';
import { limsLikeCertificate } from '../../generators/coa/make-pdfs';
import { labSamplesAtSimulator, newUid } from '../../state-system/result-set.factory';
import { simulatorEnv } from '../../state-system/simulator-env';
import {
  FOREIGN_MATTER,
  METALS,
  MICRO,
  MOISTURE,
  MYCOTOXINS,
  POTENCY,
  ResultSetFactory,
  TERPENES,
  WATER_ACTIVITY,
  withValues,
} from '../../support/factories/result-set.factory';
import { flowerEntryResults } from '../../support/flower-panels';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { reviewAs, submissionsOf } from './review-requests';

interface Item {
  kind: string;
  panel: string | null;
  analyte: string | null;
  reason: string;
  fix: string;
  blocking: boolean;
  overridable: boolean;
}

const sorted = (pairs: Array<Array<string | null>>) => pairs.map((p) => p.join(':')).sort();
const kinds = (items: Item[]) =>
  items.filter((i) => i.blocking).map((i) => [i.kind, i.kind === 'missing_panel' ? i.panel : i.analyte]);

/**
 * Submit and approve are refused while anything stands between a set and its release (each item with its reason and
 * fix); a manager may release a deliberately partial set with a reason; nothing the state system cannot take is ever
 * queued, so the simulator (BioTrack NY, over HTTP) receives only what was released.
 */
describe('release readiness gates submit and approve', () => {
  let sim: RunningSimulator;
  let t: TestApp;
  let tokens: Record<'tara' | 'mia' | 'max' | 'ada', string>;
  let tara: ReturnType<typeof reviewAs>;
  let mia: ReturnType<typeof reviewAs>;
  let max: ReturnType<typeof reviewAs>;

  beforeAll(async () => {
    sim = await startSimulator({ seed: false });
    t = await startTestApp(simulatorEnv(sim));
    tokens = {
      tara: await t.userToken('tara.tech', 'technician'),
      mia: await t.userToken('mia.manager', 'manager'),
      max: await t.userToken('max.manager', 'manager'),
      ada: await t.userToken('ada.manager', 'manager'),
    };
    tara = reviewAs(t, tokens.tara);
    mia = reviewAs(t, tokens.mia);
    max = reviewAs(t, tokens.max);
  });
  afterAll(async () => {
    await t.close();
    await sim.close();
  });

  /** A set in review from before submission checked readiness (an upgraded database holds such sets). */
  const putInReview = (id: string) =>
    t.sql(`update result_sets set status = 'in_review', submitted_by = 'tara.tech' where id = ?`, [id]);

  /** Submit and then approve are each refused with the same blocking items, and nothing is queued or sent. */
  async function expectRefusedAtBoth(id: string, uid: string, expected: Array<[string, string | null]>): Promise<Item[]> {
    const submitted = await tara.submit(id).expect(409);
    expect(sorted(kinds(submitted.body.readiness))).toEqual(sorted(expected));
    expect(submitted.body.message).toMatch(new RegExp(`^result set ${id} cannot be submitted yet: `));
    for (const item of submitted.body.readiness as Item[]) {
      expect(submitted.body.message).toContain(item.reason);
      expect(item.fix.length).toBeGreaterThan(10);
    }
    expect((await tara.get(id).expect(200)).body).toMatchObject({ status: 'draft', submittedBy: null });

    await putInReview(id);
    const approved = await max.approve(id).expect(409);
    expect(approved.body.message).toMatch(new RegExp(`^result set ${id} cannot be approved yet: `));
    expect(approved.body.readiness).toEqual(submitted.body.readiness);
    expect((await max.get(id).expect(200)).body).toMatchObject({ status: 'in_review', approvedBy: null });
    expect(await submissionsOf(t, id)).toEqual([]);
    expect(sim.state.effects({ sample: uid })).toEqual([]);
    return submitted.body.readiness;
  }

  it('refuses a set missing panels New York requires, naming each panel and its fix', async () => {
    const uid = newUid();
    labSamplesAtSimulator(sim, [uid]);
    const built = await ResultSetFactory.for(t)
      .sample({ labSampleId: 'GATE-PANELS', uid })
      .from(POTENCY)
      .from(METALS)
      .from(MICRO)
      .from(TERPENES)
      .build();
    const items = await expectRefusedAtBoth(
      built.resultSetId,
      uid,
      ['pesticides', 'mycotoxins', 'moisture', 'water_activity', 'foreign_matter'].map((p) => ['missing_panel', p]),
    );
    expect(items[0]).toMatchObject({
      reason: 'New York requires the pesticides panel for this product type and this set has no pesticides results',
      overridable: true,
    });
  });

  it('refuses a set holding a qualifier the state mapping cannot encode, and no override covers it', async () => {
    const uid = newUid();
    labSamplesAtSimulator(sim, [uid]);
    const tntc = withValues(MICRO, 'qpcr-micro-gate-tntc.csv', {
      'Salmonella spp': 'Absent',
      STEC: 'Absent',
      'A. Fumi': 'Absent',
      'Total Yeast and Mold': 'TNTC',
    });
    const built = await ResultSetFactory.for(t)
      .sample({ labSampleId: 'GATE-TNTC', uid })
      .from(POTENCY)
      .from(METALS)
      .from(tntc)
      .complete()
      .build();
    const items = await expectRefusedAtBoth(built.resultSetId, uid, [['state_system_refuses', 'total_yeast_and_mold']]);
    expect(items.find((i) => i.kind === 'state_system_refuses')).toMatchObject({
      overridable: false,
      reason: expect.stringContaining('TNTC has no number the state system can take'),
    });
    // An override is for missing panels only: the answer still lists what blocks.
    const overridden = await mia
      .approve(built.resultSetId, { override: { reason: 'the client ordered only these panels' } })
      .expect(409);
    expect(kinds(overridden.body.readiness)).toEqual(kinds(items));
    expect(await submissionsOf(t, built.resultSetId)).toEqual([]);
  });

  it('refuses a manual entry whose values pre-filled from a certificate nobody confirmed', async () => {
    const uid = newUid();
    labSamplesAtSimulator(sim, [uid]);
    const entry = {
      uid,
      clientLicense: 'OCM-RETL-24-000415',
      supplierLicense: 'OCM-CULT-24-000999',
      productType: 'flower',
      lab: { name: 'Paper Lab Inc', license: 'OCM-CPL-2023-00077' },
      certificate: { number: 'PL-2025-2201', date: '2025-03-02' },
      results: flowerEntryResults(
        [],
        [METALS, TERPENES, MYCOTOXINS, MOISTURE, WATER_ACTIVITY, FOREIGN_MATTER].map((s) => s.rows),
      ),
    };
    const created = await request(t.http)
      .post('/api/manual-results/with-certificate')
      .set(bearer(tokens.tara))
      .field('entry', JSON.stringify(entry))
      .attach('file', await limsLikeCertificate(), 'paper-coa.pdf')
      .expect(201);
    const pending: string[] = created.body.pendingConfirmation;
    expect(pending.length).toBeGreaterThan(1);
    const items = await expectRefusedAtBoth(
      created.body.id,
      uid,
      pending.map((analyte) => ['unconfirmed_value', analyte]),
    );
    const thca = items.find((i) => i.analyte === 'thca');
    expect(thca).toMatchObject({
      reason: 'thca was pre-filled from a certificate and nobody confirmed it',
      fix: 'confirm or correct the value on the manual entry page',
      overridable: false,
    });
  });

  let partialId = '';

  describe('a deliberately partial set', () => {
    let id: string;
    let uid: string;

    beforeAll(async () => {
      uid = newUid();
      labSamplesAtSimulator(sim, [uid]);
      const built = await ResultSetFactory.for(t)
        .sample({ labSampleId: 'GATE-PARTIAL', uid })
        .from(POTENCY)
        .from(METALS)
        .from(MICRO)
        .build();
      id = built.resultSetId;
      partialId = id;
    });

    it('is not released on a technician’s override (managers only), nor on a reason of a word, nor with unknown fields', async () => {
      const tech = await tara.submit(id, { override: { reason: 'the client ordered only these panels' } }).expect(403);
      expect(tech.body.message).toBe('only a manager may release a partial set; tara.tech is a technician');
      const short = await mia.submit(id, { override: { reason: 'partial' } }).expect(400);
      expect(short.body.message).toContain('give a reason of at least 10 characters');
      const typo = await mia.submit(id, { overide: { reason: 'the client ordered only these panels' } }).expect(400);
      expect(typo.body.message).toContain('overide');
      expect((await tara.get(id).expect(200)).body.status).toBe('draft');
    });

    it('is submitted by a manager with the reason, recorded as meta.release.partial and audited', async () => {
      const reason = 'The client ordered potency, metals and microbials only (order 2025-118)';
      // A body may carry an e-signature: it is accepted beside the override.
      const res = await mia
        .submit(id, { override: { reason }, signature: { password: 'not checked here', meaning: 'reviewed' } })
        .expect(200);
      const missingPanels = ['terpenes', 'pesticides', 'mycotoxins', 'moisture', 'water_activity', 'foreign_matter'];
      expect(res.body).toMatchObject({ status: 'in_review', submittedBy: 'mia.manager' });
      expect(res.body.meta.release.partial).toEqual({ reason, missingPanels, by: 'mia.manager', at: expect.any(String) });
      const submitted = res.body.history.at(-1);
      expect(submitted).toMatchObject({
        actor: 'mia.manager',
        action: 'result_set.submitted',
        after: { status: 'in_review', partial: { reason, missingPanels } },
      });
    });

    it('is approved by another manager under the recorded override, queued with it, and sent as the state allows', async () => {
      const res = await max.approve(id).expect(200);
      expect(res.body.submission).toMatchObject({ status: 'pending' });
      const [row] = await submissionsOf(t, id);
      expect(row.payload.partial).toEqual({
        reason: 'The client ordered potency, metals and microbials only (order 2025-118)',
        missingPanels: ['terpenes', 'pesticides', 'mycotoxins', 'moisture', 'water_activity', 'foreign_matter'],
      });
      const approved = res.body.history.at(-1);
      expect(approved).toMatchObject({ action: 'result_set.approved', after: { partial: { by: 'mia.manager' } } });

      expect(await t.app.get(OutboxWorker).sendDue()).toMatchObject({ accepted: 1 });
      expect(sim.state.effects({ sample: uid })).toHaveLength(1);
      const panels = sim.state.labSample(uid)?.TestingData.flatMap((d) => d.TestResult.map((r) => r.TestPanel));
      expect(panels).toEqual(expect.arrayContaining(['thca', 'lead', 'salmonella']));
    });
  });

  it('queued nothing but the released partial set', async () => {
    const rows = (await t.sql('select result_set_id from submissions')) as Array<{ result_set_id: string }>;
    expect(rows.map((r) => r.result_set_id)).toEqual([partialId]);
  });
});
