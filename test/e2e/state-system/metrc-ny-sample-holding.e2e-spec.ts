import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { loadMetrcMapping, mappedTypeNames } from '../../../src/state-system/metrc-ny/mapping.loader';
import { SIM_CULTIVATOR, SIM_LAB } from '../../../src/simulator/metrc-ny/metrc-sim.state';
import type { RunningMetrcSimulator } from '../../../src/simulator/metrc-ny/metrc-simulator';
import { ResultSetFactory } from '../../support/factories/result-set.factory';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { METRC_MAPPING_FILE, metrcEnv, newTag } from '../../state-system/metrc-env';
import { startMetrcSimulator } from '../../../src/simulator/metrc-ny/metrc-simulator';
import { reviewAs, submissionsOf } from '../workflow/review-requests';

interface Item {
  kind: string;
  reason: string;
  fix: string;
  blocking: boolean;
  overridable: boolean;
}

/** Panels of a complete flower set the shipped Metrc mapping has no type for (NY's names are not public). */
const UNMAPPED = [
  'stec',
  'aspergillus_fumigatus',
  'beta_myrcene',
  'limonene',
  'beta_caryophyllene',
  'abamectin',
  'bifenazate',
  'myclobutanil',
  'ochratoxin_a',
  'foreign_matter_stems',
  'foreign_matter_other',
];

/** The shipped mapping with a row for each of those, so a complete flower set is sendable and only holding matters. */
function completeMapping(dir: string): string {
  const mapping = JSON.parse(fs.readFileSync(METRC_MAPPING_FILE, 'utf8')) as { types: unknown[] };
  const units = { '%': 1, 'µg/g': 1, 'ug/g': 1, 'µg/kg': 1, 'ug/kg': 1, 'CFU/g': 1, '': 1 };
  mapping.types.push(...UNMAPPED.map((analyte) => ({ analyte, matrix: '*', typeName: `${analyte} {matrix}`, units })));
  const file = path.join(dir, 'metrc-ny-mapping.json');
  fs.writeFileSync(file, JSON.stringify(mapping));
  return file;
}

/** 200, or the answer's body in the failure (the readiness items that stood in the way). */
const ok = (res: request.Response) => {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${JSON.stringify(res.body)}`);
};

const HOLDING_KINDS = ['sample_not_in_state_system', 'sample_not_received', 'state_system_unchecked'];

/**
 * Release readiness asks Metrc NY, live and read-only (GET /packages/v2/{label} with the lab's license), whether the
 * sample package is at the lab, before submit and before approve; the simulator answers as the contract says
 * (404 for an unknown tag, 401 for a package not at the license).
 */
describe('Metrc NY: readiness asks whether the lab holds the sample package', () => {
  let sim: RunningMetrcSimulator;
  let t: TestApp;
  let tech: string;
  let mgr: string;
  let n = 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metrc-holding-'));

  const draft = async (tag: string) =>
    (
      await ResultSetFactory.for(t)
        .sample({ labSampleId: `HOLD-M${(n += 1)}`, uid: tag })
        .complete()
        .build()
    ).resultSetId;
  const readiness = async (id: string): Promise<Item[]> =>
    (await request(t.http).get(`/api/result-sets/${id}/readiness`).set(bearer(tech)).expect(200)).body as Item[];
  const holdingItems = (items: Item[]) => items.filter((i) => HOLDING_KINDS.includes(i.kind));
  const sendToLab = async (tag: string): Promise<number> =>
    (
      (
        await request(sim.url)
          .post('/sim/transfers')
          .send({ labels: [tag] })
          .expect(201)
      ).body as { Id: number }
    ).Id;
  const receive = (transferId: number) => request(sim.url).post(`/sim/transfers/${transferId}/receive`).expect(200);
  const moveTo = (tag: string, toLicense: string) =>
    request(sim.url).post(`/sim/packages/${tag}/move`).send({ toLicense }).expect(200);

  beforeAll(async () => {
    const mappingFile = completeMapping(dir);
    sim = await startMetrcSimulator({ typeNames: mappedTypeNames(loadMetrcMapping(mappingFile)) });
    t = await startTestApp(metrcEnv(sim, { STATE_SYSTEM_SAMPLE_CHECK: 'true', METRC_MAPPING_FILE: mappingFile }));
    tech = await t.userToken('tara.tech', 'technician');
    mgr = await t.userToken('mia.manager', 'manager');
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => sim.setFaults({}));

  it('refuses submit while Metrc has no such package, then while its manifest waits to be received, and lets it through once received', async () => {
    const tag = newTag();
    const id = await draft(tag);

    const unknown = await reviewAs(t, tech).submit(id).expect(409);
    const notHeld = holdingItems(unknown.body.readiness as Item[]);
    expect(notHeld).toEqual([
      {
        kind: 'sample_not_in_state_system',
        panel: null,
        analyte: null,
        reason: `the state system does not hold this sample: Metrc has no package with tag ${tag}`,
        fix: expect.stringContaining('registers the sample package in Metrc'),
        blocking: true,
        overridable: false,
      },
    ]);

    const transferId = await sendToLab(tag);
    const waiting = await reviewAs(t, tech).submit(id).expect(409);
    expect(holdingItems(waiting.body.readiness as Item[])).toEqual([
      expect.objectContaining({
        kind: 'sample_not_received',
        reason: expect.stringContaining(`Metrc does not show package ${tag} at the lab (license ${SIM_LAB.license})`),
        fix: expect.stringContaining('accept the transfer in Metrc'),
        blocking: true,
      }),
    ]);
    // A manager's override covers missing panels only, never a sample the state system does not hold.
    const override = await reviewAs(t, mgr)
      .submit(id, { override: { reason: 'client ordered potency only' } })
      .expect(409);
    expect(holdingItems(override.body.readiness as Item[]).map((i) => i.kind)).toEqual(['sample_not_received']);

    await receive(transferId);
    expect(holdingItems(await readiness(id))).toEqual([]);
    const submitted = await reviewAs(t, tech).submit(id).expect(ok);
    expect(submitted.body.status).toBe('in_review');
    // Only reads reached Metrc: the check never records, documents or releases anything.
    expect(sim.state.effects({ label: tag })).toEqual([]);
    const asked = sim.state.requests.filter((r) => r.path.startsWith(`/packages/v2/${tag}`));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((r) => r.method === 'GET')).toBe(true);
  });

  it('refuses approve while the package is not at the lab (409, nothing queued), and approves once it is back', async () => {
    const tag = newTag();
    await receive(await sendToLab(tag));
    const id = await draft(tag);
    await reviewAs(t, tech).submit(id).expect(ok);

    await moveTo(tag, SIM_CULTIVATOR.license);
    const refused = await reviewAs(t, mgr).approve(id).expect(409);
    expect(holdingItems(refused.body.readiness as Item[])).toEqual([
      expect.objectContaining({ kind: 'sample_not_received', blocking: true }),
    ]);
    expect((await reviewAs(t, mgr).get(id).expect(200)).body.status).toBe('in_review');
    expect(await submissionsOf(t, id)).toEqual([]);

    await moveTo(tag, SIM_LAB.license);
    const approved = await reviewAs(t, mgr).approve(id).expect(ok);
    expect(approved.body.status).toBe('approved');
    expect(await submissionsOf(t, id)).toHaveLength(1);
  });

  it('shows a warning, not a block, when Metrc cannot be asked (maintenance: every call 503)', async () => {
    const tag = newTag();
    await receive(await sendToLab(tag));
    const id = await draft(tag);

    sim.setFaults({ maintenance: true });
    const items = holdingItems(await readiness(id));
    expect(items).toEqual([
      {
        kind: 'state_system_unchecked',
        panel: null,
        analyte: null,
        reason: expect.stringMatching(
          /^whether the state system holds this sample could not be checked: Metrc could not be asked: .*HTTP 503/,
        ),
        fix: expect.stringContaining('nothing blocks the release'),
        blocking: false,
        overridable: false,
      },
    ]);
    const submitted = await reviewAs(t, tech).submit(id).expect(ok);
    expect(submitted.body.status).toBe('in_review');
  });
});
