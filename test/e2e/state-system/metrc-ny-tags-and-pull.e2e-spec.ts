import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { Submission } from '../../../src/outbox/submission.entity';
import { SIM_CULTIVATOR } from '../../../src/simulator/metrc-ny/metrc-sim.state';
import type { RunningMetrcSimulator } from '../../../src/simulator/metrc-ny/metrc-simulator';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { approveResultSet, CULTIVATOR } from '../../state-system/result-set.factory';
import { metrcEnv, newTag, startMetrcForTest } from '../../state-system/metrc-env';

const METRC_TAG_FORMAT = 'expected a 24-character Metrc package tag of digits and capital letters';

describe("Metrc NY: samples carry 24-character tags; a licensee's own Metrc key reads released results", () => {
  let sim: RunningMetrcSimulator;
  let t: TestApp;
  let tech: string;
  let grower: string;
  let keysDir: string;

  beforeAll(async () => {
    sim = await startMetrcForTest();
    keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metrc-keys-'));
    const keysFile = path.join(keysDir, 'licensee-keys.json');
    fs.writeFileSync(keysFile, JSON.stringify([{ license: SIM_CULTIVATOR.license, userKey: SIM_CULTIVATOR.userKey }]));
    t = await startTestApp(
      metrcEnv(sim, { METRC_RELEASE: 'auto', METRC_LICENSEE_KEYS_FILE: keysFile, LICENSEE_HOLDER_CACHE_SECONDS: '0' }),
    );
    tech = await t.userToken('tara.tech', 'technician');
    grower = await t.userToken('grower', 'licensee', CULTIVATOR);
    await request(t.http)
      .post('/api/clients')
      .set(bearer(tech))
      .send({ licenseNumber: CULTIVATOR, name: 'Finger Lakes Farm' })
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
    await sim.close();
    fs.rmSync(keysDir, { recursive: true, force: true });
  });

  it("registers, attaches, searches and exports samples by Metrc tag, and refuses a tag that is not the configured system's format", async () => {
    const register = (body: Record<string, unknown>) =>
      request(t.http)
        .post('/api/samples')
        .set(bearer(tech))
        .send({ clientLicense: CULTIVATOR, productType: 'flower', ...body });

    const biotrack = await register({ labSampleId: 'M-1', uid: '4815020000009001' }).expect(400);
    expect(biotrack.body.message).toContain(`uid: ${METRC_TAG_FORMAT}, e.g. 1A4FF0300000029000000101 (STATE_SYSTEM=metrc-ny)`);
    const lowercase = await register({ labSampleId: 'M-1', uid: '1a4ff0300000029000000101' }).expect(400);
    expect(lowercase.body.message).toContain('uid: expected exactly 16 digits (a BioTrack NY UID) or a 24-character Metrc');
    const badSource = await register({ labSampleId: 'M-1', uid: newTag(), sourceUid: '4815020000003101' }).expect(400);
    expect(badSource.body.message).toContain(`sourceUid: ${METRC_TAG_FORMAT}`);

    const [tag, lot] = [newTag(), newTag()];
    const created = await register({ labSampleId: 'M-1', uid: tag, sourceUid: lot }).expect(201);
    expect(created.body).toMatchObject({ uid: tag, sourceUid: lot });

    // Attached later: the same check.
    const later = await register({ labSampleId: 'M-2' }).expect(201);
    const refused = await request(t.http)
      .patch(`/api/samples/${later.body.id}`)
      .set(bearer(tech))
      .send({ uid: '4815020000009002' })
      .expect(400);
    expect(refused.body.message).toContain(`uid: ${METRC_TAG_FORMAT}`);
    const laterTag = newTag();
    await request(t.http).patch(`/api/samples/${later.body.id}`).set(bearer(tech)).send({ uid: laterTag }).expect(200);

    for (const [q, labSampleId] of [
      [tag, 'M-1'],
      [lot, 'M-1'],
      [laterTag, 'M-2'],
    ]) {
      const found = await request(t.http).get('/api/samples').query({ q }).set(bearer(tech)).expect(200);
      expect({
        q,
        found: (found.body as Array<{ labSampleId: string }>).map((s: { labSampleId: string }) => s.labSampleId),
      }).toEqual({
        q,
        found: [labSampleId],
      });
    }

    // Approved and released: the client downloads it by its tag.
    await approveResultSet(t.app, { uid: tag });
    const sets = await request(t.http).get('/api/result-sets').query({ q: tag }).set(bearer(tech)).expect(200);
    expect((sets.body as Array<{ status: string }>).map((s) => s.status)).toEqual(['approved']);
    const json = await request(t.http).get('/api/licensee/results').query({ uid: tag }).set(bearer(grower)).expect(200);
    expect(json.body).toMatchObject({ uid: tag, source: 'lab' });
    expect(json.body.certificates[0].sample).toMatchObject({ uid: tag, sourceUid: lot });
    const csv = await request(t.http).get(`/api/licensee/results/${tag}.csv`).set(bearer(grower)).expect(200);
    expect(csv.text).toContain(tag);
    expect(csv.headers['content-disposition']).toContain(tag);
    await request(t.http).get(`/api/licensee/results/${tag}.xlsx`).set(bearer(grower)).expect(200);
    // A tag typed in lower case is the same tag; a cut-off one is no tag.
    await request(t.http).get(`/api/licensee/results/${tag.toLowerCase()}.csv`).set(bearer(grower)).expect(200);
    await request(t.http)
      .get(`/api/licensee/results/${tag.slice(0, 20)}.csv`)
      .set(bearer(grower))
      .expect(400);
  });

  it('a licensee asking for its own lot reads the released results of the sample drawn from it through its own Metrc key', async () => {
    const lot = newTag();
    const sample = newTag();
    sim.state.createLot(lot);
    sim.state.receive(sim.state.createTransfer([sample], { source: () => lot }).Id);
    const set = await approveResultSet(t.app, { uid: sample });
    await t.app.get(OutboxWorker).sendDue();
    expect(await t.orm.em.fork().findOneOrFail(Submission, { id: set.submissionId })).toMatchObject({ status: 'accepted' });

    const before = sim.state.requests.length;
    const pulled = await request(t.http).get('/api/licensee/results').query({ uid: lot }).set(bearer(grower)).expect(200);
    expect(pulled.body).toMatchObject({ uid: lot, source: 'state-system' });
    const [certificate] = pulled.body.certificates;
    expect(certificate.sample).toMatchObject({ uid: lot });
    expect(certificate.resultSet).toMatchObject({ origin: 'state-system', verdict: 'pass' });
    expect(certificate.results.map((r: { name: string; value: string; status: string }) => [r.name, r.value, r.status])).toEqual([
      ['THCA (%) Raw Plant Material', '26.82', 'pass'],
      ['THC (%) Raw Plant Material', '0.31', 'pass'],
      ['Lead (ppm) Raw Plant Material', '0.12', 'pass'],
      ['Cadmium (ppm) Raw Plant Material', '0', 'pass'],
    ]);
    // Asked with the cultivator's own key and license, never the lab's.
    const asked = sim.state.requests.slice(before).map((r) => r.path);
    expect(asked.every((p) => p.includes(`licenseNumber=${SIM_CULTIVATOR.license}`))).toBe(true);
    expect(asked[0]).toContain(`/packages/v2/${lot}`);

    // A lot the licensee does not hold in Metrc is the same 404 as an unknown tag.
    const elsewhere = newTag();
    sim.state.createLot(elsewhere, 'OCM-RETL-24-000415');
    await request(t.http).get('/api/licensee/results').query({ uid: elsewhere }).set(bearer(grower)).expect(404);
    await request(t.http).get('/api/licensee/results').query({ uid: newTag() }).set(bearer(grower)).expect(404);
  });
});
