import request from 'supertest';
import { METALS, MICRO, POTENCY, ResultSetFactory, withValues } from '../../support/factories/result-set.factory';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';

interface Item {
  kind: string;
  panel: string | null;
  analyte: string | null;
  reason: string;
  fix: string;
  blocking: boolean;
  overridable: boolean;
}

/** GET /api/result-sets/:id/readiness: what stands between a set and its release, asked of the configured state system without sending. */
describe('release readiness of a result set', () => {
  let t: TestApp;
  let token: string;
  const readiness = async (id: string): Promise<Item[]> =>
    (await request(t.http).get(`/api/result-sets/${id}/readiness`).set(bearer(token)).expect(200)).body as Item[];

  beforeAll(async () => {
    t = await startTestApp();
    token = await t.userToken('tara.tech', 'technician');
  });
  afterAll(async () => t.close());

  it('names each panel New York requires for flower that the set lacks, as the only items, each overridable with its fix', async () => {
    const built = await ResultSetFactory.for(t)
      .sample({ labSampleId: 'RDY-1', uid: '1234567890123401' })
      .from(POTENCY)
      .from(METALS)
      .from(MICRO)
      .build();
    const items = await readiness(built.resultSetId);
    expect(items.map((i) => [i.kind, i.panel, i.blocking, i.overridable])).toEqual(
      ['terpenes', 'pesticides', 'mycotoxins', 'moisture', 'water_activity', 'foreign_matter'].map((p) => [
        'missing_panel',
        p,
        true,
        true,
      ]),
    );
    expect(items[0].reason).toBe(
      'New York requires the terpenes panel for this product type and this set has no terpenes results',
    );
    expect(items[0].fix).toContain('import or enter the terpenes results');
  });

  it('lists nothing for a flower set with every panel New York requires and a UID', async () => {
    const built = await ResultSetFactory.for(t)
      .sample({ labSampleId: 'RDY-0' })
      .from(POTENCY)
      .from(METALS)
      .from(MICRO)
      .complete()
      .build();
    expect(await readiness(built.resultSetId)).toEqual([]);
  });

  it('names a qualifier the BioTrack mapping cannot encode, which no override covers', async () => {
    const tntc = withValues(MICRO, 'qpcr-micro-tntc.csv', {
      'Salmonella spp': 'Absent',
      STEC: 'Absent',
      'A. Fumi': 'Absent',
      'Total Yeast and Mold': 'TNTC',
    });
    const built = await ResultSetFactory.for(t)
      .sample({ labSampleId: 'RDY-2', uid: '1234567890123402' })
      .from(POTENCY)
      .from(METALS)
      .from(tntc)
      .build();
    const refused = (await readiness(built.resultSetId)).filter((i) => i.kind === 'state_system_refuses');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ blocking: true, overridable: false });
    expect(refused[0].analyte).not.toBeNull();
    expect(refused[0].reason).toContain('TNTC has no number the state system can take (qualifier rule refuse)');
    expect(refused[0].fix).toContain('enter this result in BioTrack by hand');
  });

  it('names a sample the state system cannot be told about (no UID)', async () => {
    const built = await ResultSetFactory.for(t).sample({ labSampleId: 'RDY-3', uid: null }).from(POTENCY).build();
    const refused = (await readiness(built.resultSetId)).filter((i) => i.kind === 'state_system_refuses');
    expect(refused).toEqual([
      expect.objectContaining({
        analyte: null,
        blocking: true,
        overridable: false,
        reason: expect.stringContaining('sample RDY-3 has no state UID'),
      }),
    ]);
  });

  it('answers 404 for a set that does not exist', async () => {
    await request(t.http).get('/api/result-sets/01a24c93-991b-7000-8cd5-e90b9050a49e/readiness').set(bearer(token)).expect(404);
  });
});
