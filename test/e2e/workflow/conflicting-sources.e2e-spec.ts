import { METALS, POTENCY, ResultSetFactory, withValues } from '../../support/factories/result-set.factory';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../../support/test-app';
import { auditTrail, reviewAs, submissionsOf } from './review-requests';

interface ResultBody {
  analyte: string;
  valueText: string | null;
  derived: boolean;
  conflict: Record<string, unknown> | null;
  provenance: { sha256?: string };
}

const byAnalyte = (results: ResultBody[], analyte: string) => results.find((r) => r.analyte === analyte);

describe('a value reported by two sources is flagged for the reviewer, never silently overwritten', () => {
  let t: TestApp;
  let tech: ReturnType<typeof reviewAs>;
  let mia: ReturnType<typeof reviewAs>;
  let max: ReturnType<typeof reviewAs>;
  let id: string;
  let rerunSha: string;

  const RERUN = withValues(POTENCY, 'hplc-potency-rerun-2502RLI0135.csv', { THCA: '25.02', 'Δ9-THC': '0.870' });

  beforeAll(async () => {
    t = await startTestApp();
    tech = reviewAs(t, await t.userToken('tara.tech', 'technician'));
    mia = reviewAs(t, await t.userToken('mia.manager', 'manager'));
    max = reviewAs(t, await t.userToken('max.manager', 'manager'));
    const built = await ResultSetFactory.for(t)
      .by('tara.tech')
      .sample({ labSampleId: '2502RLI0135-0489' })
      .from(POTENCY)
      .from(RERUN)
      .complete()
      .build();
    id = built.resultSetId;
    // The re-run agrees on Δ9-THC ("0.870" is 0.87) and disagrees on THCA.
    expect(built.outcomes[1]).toMatchObject({ kind: 'drafted', added: 0, duplicates: 1, conflicts: ['thca'] });
    rerunSha = (await tech.get(id).expect(200)).body.conflicts[0].readings[0].sha256;
  });
  afterAll(async () => t.close());

  it('keeps the first reading and lists the competing one, with its source, for the reviewer', async () => {
    const res = await tech.get(id).expect(200);
    expect(res.body.conflicts).toEqual([
      {
        analyte: 'thca',
        resultId: expect.any(String),
        existing: expect.objectContaining({
          value: '24.61',
          reportedValue: '24.61',
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        }),
        readings: [
          expect.objectContaining({
            index: 0,
            value: '25.02',
            reportedValue: '25.02',
            sha256: rerunSha,
            provenance: expect.objectContaining({ kind: 'cell', sha256: rerunSha }),
          }),
        ],
      },
    ]);
    expect(res.body.conflicts[0].existing.sha256).not.toBe(rerunSha);
    expect(byAnalyte(res.body.results, 'thca')).toMatchObject({ valueText: '24.61' });
    expect(byAnalyte(res.body.results, 'delta9_thc')).toMatchObject({ valueText: '0.87', conflict: null });
    const listed = await tech.list().expect(200);
    expect(listed.body[0]).toMatchObject({ id, unresolvedConflicts: ['thca'] });
  });

  it('refuses submission with 409, the conflict among the readiness items, and writes nothing', async () => {
    const res = await tech.submit(id).expect(409);
    expect(res.body.readiness).toEqual([
      expect.objectContaining({
        kind: 'unresolved_conflict',
        analyte: 'thca',
        blocking: true,
        overridable: false,
        reason: 'sources disagree on thca and nobody chose a reading',
      }),
    ]);
    expect(res.body.message).toContain(`result set ${id} cannot be submitted yet: sources disagree on thca`);
    expect((await tech.get(id).expect(200)).body).toMatchObject({ status: 'draft', submittedBy: null });
  });

  it('refuses approval with 409 naming the analytes, and writes nothing', async () => {
    // A set put in review before submission checked readiness (as sets stored by earlier versions were).
    await t.sql(`update result_sets set status = 'in_review', submitted_by = 'tara.tech' where id = ?`, [id]);
    const res = await mia.approve(id).expect(409);
    expect(res.body).toMatchObject({
      message: 'unresolved conflicts between sources for thca: resolve them in the draft before approval',
      details: { analytes: ['thca'] },
    });
    expect((await mia.get(id).expect(200)).body.status).toBe('in_review');
    expect(await submissionsOf(t, id)).toEqual([]);
  });

  it('resolves conflicts only in a draft', async () => {
    const res = await tech
      .resolveConflict(id, { analyte: 'THCA', choose: 0, reason: 'the re-run used the fresh calibration' })
      .expect(409);
    expect(res.body.message).toBe(`result set ${id} is in_review; only a result set that is draft can be changed`);
    await mia.reject(id, 'THCA differs between the two HPLC runs; pick one').expect(200);
  });

  it.each([
    [
      'an index with no reading',
      { analyte: 'THCA', choose: 1, reason: 'the re-run used the fresh calibration' },
      400,
      "choose: expected 'existing' or an index from 0 to 0",
    ],
    [
      'a choice that is neither',
      { analyte: 'THCA', choose: 'newest', reason: 'the re-run used the fresh calibration' },
      400,
      'choose:',
    ],
    ['no reason', { analyte: 'THCA', choose: 0 }, 400, 'reason: required'],
    [
      'an analyte without a conflict',
      { analyte: 'CBD', choose: 'existing', reason: 'nothing to resolve here at all' },
      409,
      `cbd has no unresolved conflict in result set`,
    ],
    [
      'an analyte the set does not have',
      { analyte: 'Benzene', choose: 'existing', reason: 'nothing to resolve here at all' },
      404,
      'result for Benzene in result set',
    ],
  ])('refuses %s', async (_, body, status, message) => {
    const res = await tech.resolveConflict(id, body).expect(status);
    expect(res.body.message).toContain(message);
  });

  it('takes the chosen reading with its provenance, re-evaluates, and audits the change with its reason', async () => {
    const before = (await tech.get(id).expect(200)).body;
    const res = await tech
      .resolveConflict(id, { analyte: 'THCA', choose: 0, reason: 'the re-run used the fresh calibration' })
      .expect(200);
    const thca = byAnalyte(res.body.results, 'thca');
    expect(thca).toMatchObject({ valueText: '25.02', provenance: expect.objectContaining({ sha256: rerunSha }) });
    expect(thca?.conflict).toMatchObject({
      resolved: {
        choice: 0,
        by: 'tara.tech',
        reason: 'the re-run used the fresh calibration',
        kept: expect.objectContaining({ value: '25.02' }),
        discarded: [expect.objectContaining({ value: '24.61' })],
      },
    });
    expect(res.body.conflicts).toEqual([]);
    expect(byAnalyte(res.body.results, 'total_thc')?.valueText).not.toBe(byAnalyte(before.results, 'total_thc')?.valueText);
    const event = res.body.history.at(-1);
    expect(event).toMatchObject({
      actor: 'tara.tech',
      action: 'result_set.conflict_resolved',
      before: { analyte: 'thca', value: '24.61', conflicting: [expect.objectContaining({ value: '25.02' })] },
      after: { analyte: 'thca', choice: 0, value: '25.02', reason: 'the re-run used the fresh calibration' },
    });
  });

  it('approves once every conflict is resolved', async () => {
    await tech.submit(id).expect(200);
    await max.approve(id).expect(200);
    expect(await submissionsOf(t, id)).toHaveLength(1);
  });

  it("keeps the existing reading when the reviewer chooses 'existing'", async () => {
    const built = await ResultSetFactory.for(t)
      .by('tara.tech')
      .sample({ labSampleId: '2502RLI0135-0490' })
      .from(METALS)
      .from(withValues(METALS, 'icpms-metals-rerun-2502RLI0135.csv', { 'Pb 208': '0.161', 'Hg 202': '0.03' }))
      .complete()
      .build();
    expect(built.outcomes[1]).toMatchObject({ conflicts: ['lead', 'mercury'] });
    const refused = await tech.submit(built.resultSetId).expect(409);
    expect(refused.body.readiness.map((i: { kind: string; analyte: string }) => [i.kind, i.analyte])).toEqual([
      ['unresolved_conflict', 'lead'],
      ['unresolved_conflict', 'mercury'],
    ]);

    await mia
      .resolveConflict(built.resultSetId, { analyte: 'Pb', choose: 'existing', reason: 'the re-run failed its CCV for lead' })
      .expect(200);
    const res = await mia
      .resolveConflict(built.resultSetId, {
        analyte: 'mercury',
        choose: 0,
        reason: 'the first run missed mercury; re-run is valid',
      })
      .expect(200);
    expect(byAnalyte(res.body.results, 'lead')).toMatchObject({ valueText: '0.153' });
    expect(byAnalyte(res.body.results, 'mercury')).toMatchObject({ valueText: '0.03' });
    expect(res.body.conflicts).toEqual([]);
    const trail = await auditTrail(t, ADMIN_TOKEN, 'result_set', built.resultSetId);
    expect(trail.filter(([, action]) => action === 'result_set.conflict_resolved')).toEqual([
      ['mia.manager', 'result_set.conflict_resolved'],
      ['mia.manager', 'result_set.conflict_resolved'],
    ]);
  });
});

describe('a source that only repeats readings already held', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  // On PostgreSQL jsonb hands keys back in its own order, so a recomputed but unchanged limit or evaluation
  // differs from the stored one by plain comparison; it must still not be written back.
  it('writes nothing back to the set, its results or its computed totals', async () => {
    const built = await ResultSetFactory.for(t).sample({ labSampleId: '2502RLI0135-0491' }).from(POTENCY).build();
    const rows = async () => ({
      set: await t.sql('select updated_at, evaluation, meta from result_sets where id = ?', [built.resultSetId]),
      results: await t.sql(
        'select id, analyte, derived, value, updated_at, applied_limit from results where result_set_id = ? order by analyte',
        [built.resultSetId],
      ),
    });
    const before = await rows();
    await new Promise((resolve) => setTimeout(resolve, 20));

    const same = Object.fromEntries(POTENCY.rows.map((r) => [r.name, r.value]));
    const again = await ResultSetFactory.for(t)
      .ofSample('2502RLI0135-0491')
      .from(withValues(POTENCY, 'hplc-potency-repeat-2502RLI0135.csv', same))
      .build();

    expect(again.outcomes[0]).toMatchObject({ kind: 'drafted', added: 0, duplicates: POTENCY.rows.length, conflicts: [] });
    expect((before.results as Array<{ derived: unknown }>).filter((r) => Boolean(r.derived)).length).toBeGreaterThan(0);
    expect(await rows()).toEqual(before);
  });
});
