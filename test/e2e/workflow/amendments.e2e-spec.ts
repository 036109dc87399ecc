import { METALS, POTENCY, ResultSetFactory } from '../../support/factories/result-set.factory';
import { startTestApp, type TestApp } from '../../support/test-app';
import { reviewAs, submissionsOf } from './review-requests';

interface ResultBody {
  analyte: string;
  valueText: string | null;
  qualifier: string | null;
  unit: string;
  reportedValue: string;
  reportedUnit: string;
  status: string;
  derived: boolean;
  provenance: Record<string, unknown>;
}

const byAnalyte = (results: ResultBody[], analyte: string) => results.find((r) => r.analyte === analyte);
const measured = (results: ResultBody[]) => results.filter((r) => !r.derived);

describe('approved result sets are immutable; an amendment is a new version that supersedes the old on approval', () => {
  let t: TestApp;
  let tech: ReturnType<typeof reviewAs>;
  let mia: ReturnType<typeof reviewAs>;
  let max: ReturnType<typeof reviewAs>;
  let v1: string;
  let v1Body: { results: ResultBody[]; evaluation: unknown; verdict: string };

  beforeAll(async () => {
    t = await startTestApp();
    tech = reviewAs(t, await t.userToken('tara.tech', 'technician'));
    mia = reviewAs(t, await t.userToken('mia.manager', 'manager'));
    max = reviewAs(t, await t.userToken('max.manager', 'manager'));
    const built = await ResultSetFactory.for(t)
      .by('tara.tech')
      .sample({ labSampleId: '2502RLI0135-0489', uid: '1234567890123456' })
      .from(POTENCY)
      .from(METALS)
      .complete()
      .build();
    v1 = built.resultSetId;
    await tech.submit(v1).expect(200);
    v1Body = (await max.approve(v1).expect(200)).body;
  });
  afterAll(async () => t.close());

  describe('an approved set', () => {
    it.each([
      ['submitted', () => tech.submit(v1)],
      ['approved again', () => mia.approve(v1)],
      ['rejected', () => mia.reject(v1, 'trying to pull back a released set')],
      [
        'changed by resolving a conflict',
        () => tech.resolveConflict(v1, { analyte: 'lead', choose: 'existing', reason: 'trying to edit a released set' }),
      ],
    ])('cannot be %s (409)', async (_, attempt) => {
      const res = await attempt().expect(409);
      expect(res.body.message).toMatch(
        new RegExp(`^result set ${v1} is approved; only a result set that is (draft|in_review) can be`),
      );
    });

    it('takes no new results from a later import', async () => {
      const outcome = await ResultSetFactory.for(t)
        .by('tara.tech')
        .ofSample('2502RLI0135-0489')
        .from({ ...METALS, file: 'late-metals.csv', rows: [{ name: 'Pb 208', value: '0.410', unit: 'µg/g' }] })
        .build();
      expect(outcome.outcomes[0]).toMatchObject({ kind: 'blocked_by_approved' });
      const after = await mia.get(v1).expect(200);
      expect(after.body.results).toEqual(v1Body.results);
    });
  });

  describe('amend', () => {
    it.each([
      ['without a reason', { changes: [{ analyte: 'lead', value: '0.25' }] }, 'reason: required'],
      [
        'with a one-word reason',
        { reason: 'typo', changes: [{ analyte: 'lead', value: '0.25' }] },
        'reason: give a reason of at least 10 characters',
      ],
      [
        'without changes',
        { reason: 'transcription error in the metals run', changes: [] },
        'changes: expected at least one change',
      ],
      [
        'with a JSON number as the value',
        { reason: 'transcription error in the metals run', changes: [{ analyte: 'lead', value: 0.25 }] },
        'changes.0.value',
      ],
      [
        'with both a value and a qualifier',
        { reason: 'transcription error in the metals run', changes: [{ analyte: 'lead', value: '0.25', qualifier: 'ND' }] },
        'give either value or qualifier',
      ],
      [
        'with an unknown field',
        { reason: 'transcription error in the metals run', changes: [{ analyte: 'lead', value: '0.25', status: 'pass' }] },
        'unknown field',
      ],
    ])('refuses a body %s (400)', async (_, body, message) => {
      const res = await mia.amend(v1, body).expect(400);
      expect(res.body.message).toContain(message);
    });

    it('refuses an unknown analyte, naming the change and offering candidates', async () => {
      const res = await mia
        .amend(v1, { reason: 'transcription error in the metals run', changes: [{ analyte: 'Mercurry', value: '0.25' }] })
        .expect(400);
      expect(res.body.message).toBe('changes[0].analyte: "Mercurry" is not a known analyte');
      expect(res.body.details.candidates).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'mercury' })]));
    });

    it.each([
      [
        'a unit of another dimension',
        { analyte: 'lead', value: '0.25', unit: 'CFU/g' },
        'changes[0].unit: lead is reported in CFU/g, which cannot be converted to ug/g',
      ],
      [
        'a computed total',
        { analyte: 'Total THC', value: '22.5' },
        'changes[0].analyte: total_thc is computed from its constituents; amend those instead',
      ],
      [
        'a value that is the same reading',
        { analyte: 'Pb', value: '0.1530' },
        'changes[0].value: lead already reads 0.153 ug/g; nothing to amend',
      ],
      [
        'a qualifier sent as the value',
        { analyte: 'lead', value: 'ND' },
        'changes[0].value: "ND" is a qualifier; send it as qualifier',
      ],
    ])('refuses %s', async (_, change, message) => {
      const res = await mia.amend(v1, { reason: 'transcription error in the metals run', changes: [change] }).expect(400);
      expect(res.body.message).toBe(message);
    });

    it('is for managers only, and only of an approved set', async () => {
      await tech
        .amend(v1, { reason: 'transcription error in the metals run', changes: [{ analyte: 'lead', value: '0.25' }] })
        .expect(403);
      const draft = await ResultSetFactory.for(t)
        .by('tara.tech')
        .sample({ labSampleId: '2502RLI0135-0500' })
        .from(METALS)
        .complete()
        .build();
      const res = await mia
        .amend(draft.resultSetId, {
          reason: 'transcription error in the metals run',
          changes: [{ analyte: 'lead', value: '0.25' }],
        })
        .expect(409);
      expect(res.body.message).toBe(
        `result set ${draft.resultSetId} is draft; only a result set that is approved can be amended`,
      );
    });
  });

  describe('an amendment', () => {
    let v2: string;
    const reason = 'Lead was transcribed from the wrong dilution; corrected from the ICP-MS raw data';

    it('is a new draft version with the reason, the copied values and the changes, converted and re-evaluated', async () => {
      const res = await mia
        .amend(v1, {
          reason,
          changes: [
            { analyte: 'Pb', value: '250', unit: 'ppb' },
            { analyte: 'CBD', value: '0.08', unit: '%' },
            { analyte: 'Cd', qualifier: '<LOQ' },
          ],
        })
        .expect(201);
      v2 = res.body.id;
      expect(v2).not.toBe(v1);
      expect(res.body).toMatchObject({
        version: 2,
        status: 'draft',
        origin: 'amendment',
        createdBy: 'mia.manager',
        amendmentReason: reason,
        amends: { id: v1, version: 1, status: 'approved' },
        amendedBy: null,
      });
      const results: ResultBody[] = res.body.results;
      expect(measured(results)).toHaveLength(measured(v1Body.results).length);
      expect(byAnalyte(results, 'lead')).toMatchObject({
        valueText: '0.250',
        unit: 'ug/g',
        reportedValue: '250',
        reportedUnit: 'ppb',
        status: 'pass',
      });
      expect(byAnalyte(results, 'lead')?.provenance).toEqual({ kind: 'field', field: 'amendment v2 by mia.manager' });
      expect(byAnalyte(results, 'cbd')).toMatchObject({ valueText: '0.08', qualifier: null });
      expect(byAnalyte(results, 'cadmium')).toMatchObject({ valueText: null, qualifier: '<LOQ' });
      // Unchanged values are copied with their original provenance.
      const thca = byAnalyte(results, 'thca');
      expect(thca).toMatchObject({ valueText: '24.61', reportedValue: '24.61' });
      expect(thca?.provenance).toEqual(byAnalyte(v1Body.results, 'thca')?.provenance);
      // Totals are recomputed from the amended constituents: total CBD = 0.08 + 0.877 × 0.06 = 0.13262, at the inputs' precision.
      expect(byAnalyte(v1Body.results, 'total_cbd')).toMatchObject({ derived: true, valueText: '0.05' });
      expect(byAnalyte(results, 'total_cbd')).toMatchObject({ derived: true, valueText: '0.13' });
      expect(res.body.meta.amendment).toEqual({
        of: { id: v1, version: 1 },
        reason,
        changes: [
          {
            analyte: 'lead',
            before: { value: '0.153', qualifier: null, unit: 'ug/g', loq: '0.05' },
            after: expect.objectContaining({ value: '0.250', unit: 'ug/g' }),
          },
          {
            analyte: 'cbd',
            before: { value: null, qualifier: 'ND', unit: '%', loq: '0.05' },
            after: expect.objectContaining({ value: '0.08' }),
          },
          {
            analyte: 'cadmium',
            before: { value: null, qualifier: 'ND', unit: 'ug/g', loq: '0.05' },
            after: expect.objectContaining({ value: null, qualifier: '<LOQ' }),
          },
        ],
      });
      expect(res.body.history.map((e: { actor: string; action: string }) => [e.actor, e.action])).toEqual([
        ['mia.manager', 'result_set.created'],
      ]);
    });

    it('leaves the approved version as it was, linked both ways', async () => {
      const old = await tech.get(v1).expect(200);
      expect(old.body).toMatchObject({ status: 'approved', amendedBy: { id: v2, version: 2, status: 'draft' } });
      expect(old.body.results).toEqual(v1Body.results);
      expect(old.body.history.at(-1)).toMatchObject({
        actor: 'mia.manager',
        action: 'result_set.amended',
        after: { amendment: { id: v2, version: 2 }, reason },
      });
    });

    it('is one at a time: a second amendment of the same version is refused while one exists', async () => {
      const res = await max
        .amend(v1, { reason: 'a second opinion on the cadmium value', changes: [{ analyte: 'Cd', value: '0.06' }] })
        .expect(409);
      expect(res.body.message).toContain(`already has amendment ${v2}`);
    });

    it('takes a later import into the amendment draft, not the approved version', async () => {
      const late = await ResultSetFactory.for(t)
        .by('tara.tech')
        .ofSample('2502RLI0135-0489')
        .from({ file: 'terpenes-late.csv', rows: [{ name: 'Linalool', value: '0.112', unit: '%' }] })
        .build();
      expect(late.resultSetId).toBe(v2);
    });

    it('is approved under the two-person rule and then supersedes the old version, queued as an amend', async () => {
      await mia.submit(v2).expect(200);
      await mia.approve(v2).expect(403);
      const res = await max.approve(v2).expect(200);
      expect(res.body).toMatchObject({ status: 'approved', approvedBy: 'max.manager', amends: { id: v1, status: 'superseded' } });
      expect(res.body.submission).toMatchObject({ kind: 'amend', status: 'pending' });

      const old = await tech.get(v1).expect(200);
      expect(old.body).toMatchObject({ status: 'superseded', amendedBy: { id: v2, status: 'approved' } });
      expect(old.body.results).toEqual(v1Body.results);
      expect(old.body.history.at(-1)).toMatchObject({
        actor: 'max.manager',
        action: 'result_set.superseded',
        before: { status: 'approved' },
        after: { status: 'superseded', supersededBy: { id: v2, version: 2 }, reason },
      });

      const [first] = await submissionsOf(t, v1);
      const [amendment] = await submissionsOf(t, v2);
      expect(first).toMatchObject({ kind: 'post' });
      expect(amendment).toMatchObject({ kind: 'amend' });
      expect(amendment.payload).toMatchObject({
        origin: 'amendment',
        resultSet: { id: v2, version: 2, amends: { id: v1, version: 1 }, amendmentReason: reason },
      });
      const lead = (amendment.payload.results as Array<{ analyte: string; value: string }>).find((r) => r.analyte === 'lead');
      expect(lead).toMatchObject({ value: '0.250' });
    });

    it('lists the superseded and the approved version apart', async () => {
      const superseded = await mia.list('?status=superseded').expect(200);
      expect(superseded.body.map((s: { id: string }) => s.id)).toEqual([v1]);
      const approved = await mia.list('?status=approved').expect(200);
      expect(approved.body.map((s: { id: string }) => s.id)).toEqual([v2]);
    });

    it('can itself be amended, giving version 3', async () => {
      await mia
        .amend(v1, { reason: 'amending a superseded version is refused', changes: [{ analyte: 'Cd', value: '0.06' }] })
        .expect(409);
      const res = await mia
        .amend(v2, { reason: 'Cadmium re-integrated after peak review', changes: [{ analyte: 'Cd', value: '0.06' }] })
        .expect(201);
      expect(res.body).toMatchObject({ version: 3, amends: { id: v2, version: 2 } });
    });
  });
});
