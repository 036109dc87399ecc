import request from 'supertest';
import {
  METALS,
  MICRO,
  OTHER_FLOWER_PANELS,
  POTENCY,
  ResultSetFactory,
  withValues,
} from '../../support/factories/result-set.factory';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';
import { auditTrail, reviewAs, submissionsOf } from './review-requests';

const HOUR = 3600 * 1000;

describe('review and release: draft → in review → rejected → in review → approved, queued for the state system', () => {
  let t: TestApp;
  let tech: ReturnType<typeof reviewAs>;
  let mia: ReturnType<typeof reviewAs>;
  let max: ReturnType<typeof reviewAs>;
  let id: string;

  beforeAll(async () => {
    t = await startTestApp();
    tech = reviewAs(t, await t.userToken('tara.tech', 'technician'));
    mia = reviewAs(t, await t.userToken('mia.manager', 'manager'));
    max = reviewAs(t, await t.userToken('max.manager', 'manager'));
    const built = await ResultSetFactory.for(t)
      .by('tara.tech')
      .sample({ labSampleId: '2502RLI0135-0489', uid: '1234567890123456', sourceUid: '6543210987654321' })
      .from(POTENCY)
      .from(METALS)
      .from(MICRO)
      .complete()
      .build();
    id = built.resultSetId;
    expect(new Set(built.outcomes.map((o) => o.resultSet.id))).toEqual(new Set([id]));
  });
  afterAll(async () => t.close());

  it('combines a potency, a metals and a micro file into one draft per sample, each value with its provenance', async () => {
    const res = await tech.get(id).expect(200);
    expect(res.body).toMatchObject({
      id,
      version: 1,
      status: 'draft',
      origin: 'import',
      createdBy: 'tara.tech',
      submittedBy: null,
      approvedBy: null,
      sample: { labSampleId: '2502RLI0135-0489', uid: '1234567890123456', client: { licenseNumber: 'OCM-PROC-24-000030' } },
      amends: null,
      amendedBy: null,
      conflicts: [],
    });
    const measured = res.body.results.filter((r: { derived: boolean }) => !r.derived);
    const sources = [POTENCY, METALS, MICRO, ...OTHER_FLOWER_PANELS];
    expect(measured).toHaveLength(sources.reduce((n, s) => n + s.rows.length, 0));
    const lead = res.body.results.find((r: { analyte: string }) => r.analyte === 'lead');
    expect(lead).toMatchObject({
      valueText: '0.153',
      unit: 'ug/g',
      reportedValue: '0.153',
      reportedUnit: 'µg/g',
      status: 'pass',
    });
    expect(lead.provenance).toMatchObject({ kind: 'cell', row: 4, column: 'C', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const cbd = res.body.results.find((r: { analyte: string }) => r.analyte === 'cbd');
    expect(cbd).toMatchObject({ value: null, valueText: null, qualifier: 'ND' });
    expect(res.body.results.find((r: { analyte: string }) => r.analyte === 'total_thc')).toMatchObject({ derived: true });
    expect(res.body.evaluation).toMatchObject({ table: 'ny-2026-02-09', panels: { metals: 'pass' } });
    expect(res.body.history.map((e: { action: string; actor: string }) => [e.actor, e.action])).toEqual([
      ['tara.tech', 'result_set.created'],
      // One per source file: potency, metals, micro and the six other panels New York requires for flower.
      ...Array.from({ length: 9 }, () => ['tara.tech', 'result_set.results_added']),
    ]);
  });

  it('refuses to approve or reject a draft: it must be submitted first', async () => {
    const res = await mia.approve(id).expect(409);
    expect(res.body.message).toBe(`result set ${id} is draft; only a result set that is in_review can be approved`);
    await mia.reject(id, 'nothing to reject yet, still a draft').expect(409);
  });

  it('lets the technician submit the draft for review, but not approve it', async () => {
    const res = await tech.submit(id).expect(200);
    expect(res.body).toMatchObject({ status: 'in_review', submittedBy: 'tara.tech' });
    await tech.submit(id).expect(409);
    const refused = await tech.approve(id).expect(403);
    expect(refused.body.message).toBe('role technician may not do this (allowed: manager, admin)');
    await tech.reject(id, 'technicians cannot reject either').expect(403);
  });

  it.each([
    ['no reason', {}],
    ['a one-word reason', { reason: 'wrong' }],
    ['an unknown field', { reason: 'lead value looks transposed', note: 'x' }],
  ])('refuses a rejection with %s (400)', async (_, body) => {
    await request(t.http).post(`/api/result-sets/${id}/reject`).set(bearer(ADMIN_TOKEN)).send(body).expect(400);
  });

  it('lets a manager reject it back to draft with the reason, listed as rejected', async () => {
    const res = await mia.reject(id, 'Pb 208 internal standard recovery out of range; re-run metals').expect(200);
    expect(res.body).toMatchObject({
      status: 'draft',
      rejectionReason: 'Pb 208 internal standard recovery out of range; re-run metals',
    });
    const rejected = await mia.list('?status=rejected').expect(200);
    expect(rejected.body.map((s: { id: string }) => s.id)).toEqual([id]);
  });

  it('approves the resubmitted set and writes its outbox row, due 48 hours after release, in the same transaction', async () => {
    const resubmitted = await tech.submit(id).expect(200);
    expect(resubmitted.body.rejectionReason).toBeNull();
    const before = Date.now();
    const res = await max.approve(id).expect(200);
    expect(res.body).toMatchObject({
      status: 'approved',
      approvedBy: 'max.manager',
      submittedBy: 'tara.tech',
      createdBy: 'tara.tech',
    });
    const approvedAt = new Date(res.body.approvedAt).getTime();
    expect(approvedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(res.body.submission).toMatchObject({ kind: 'post', status: 'pending', target: 'biotrack-ny' });
    expect(new Date(res.body.submission.deadlineAt).getTime() - approvedAt).toBe(48 * HOUR);

    const rows = await submissionsOf(t, id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: res.body.submission.id, kind: 'post', status: 'pending' });
    expect(rows[0].deadline_at.getTime()).toBe(approvedAt + 48 * HOUR);
    expect(rows[0].payload).toMatchObject({
      sample: { uid: '1234567890123456', labSampleId: '2502RLI0135-0489' },
      resultSet: { id, version: 1, amends: null },
      approvedBy: 'max.manager',
      releasedAt: res.body.approvedAt,
    });
    // Non-detects travel as qualifiers; computed totals are not sent.
    const payloadResults = rows[0].payload.results as Array<{ analyte: string; value: string | null; qualifier: string | null }>;
    expect(payloadResults.find((r) => r.analyte === 'cbd')).toMatchObject({ value: null, qualifier: 'ND' });
    expect(payloadResults.find((r) => r.analyte === 'total_thc')).toBeUndefined();
  });

  it('records every step with the user who did it, and the chain verifies', async () => {
    const res = await mia.get(id).expect(200);
    expect(res.body.history.map((e: { action: string; actor: string }) => [e.actor, e.action])).toEqual([
      ['tara.tech', 'result_set.created'],
      // One per source file: potency, metals, micro and the six other panels New York requires for flower.
      ...Array.from({ length: 9 }, () => ['tara.tech', 'result_set.results_added']),
      ['tara.tech', 'result_set.submitted'],
      ['mia.manager', 'result_set.rejected'],
      ['tara.tech', 'result_set.submitted'],
      ['max.manager', 'result_set.approved'],
    ]);
    const approved = res.body.history.at(-1);
    expect(approved.before).toEqual({ status: 'in_review' });
    expect(approved.after).toMatchObject({ status: 'approved', submission: expect.any(String), deadlineAt: expect.any(String) });
    const queued = await auditTrail(t, ADMIN_TOKEN, 'submission', approved.after.submission);
    expect(queued).toEqual([['max.manager', 'submission.queued']]);
    const verify = await request(t.http).get('/api/audit/verify').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(verify.body.ok).toBe(true);
  });

  it('lists result sets and filters them by status, client, verdict and creation day', async () => {
    const other = await ResultSetFactory.for(t)
      .by('tara.tech')
      .sample({ labSampleId: '2502CULT0007-0001', clientLicense: 'OCM-CULT-24-000101' })
      .from(withValues(METALS, 'icpms-metals-2502CULT0007.csv', { 'Pb 208': '0.92' }))
      .build();
    const ids = async (query: string) => (await tech.list(query).expect(200)).body.map((s: { id: string }) => s.id);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 24 * HOUR).toISOString().slice(0, 10);

    expect(await ids('')).toEqual([other.resultSetId, id]);
    expect(await ids('?status=approved')).toEqual([id]);
    expect(await ids('?status=draft')).toEqual([other.resultSetId]);
    expect(await ids('?clientLicense=OCM-CULT-24-000101')).toEqual([other.resultSetId]);
    expect(await ids('?verdict=fail')).toEqual([other.resultSetId]);
    expect(await ids(`?status=approved&clientLicense=OCM-PROC-24-000030&from=${today}&to=${today}`)).toEqual([id]);
    expect(await ids(`?from=${tomorrow}`)).toEqual([]);
    expect(await ids(`?sampleId=${other.sampleId}`)).toEqual([other.resultSetId]);
    const listed = await tech.list(`?sampleId=${other.sampleId}`).expect(200);
    expect(listed.body[0]).toMatchObject({
      status: 'draft',
      verdict: 'fail',
      resultCount: 1,
      unresolvedConflicts: [],
      sample: { labSampleId: '2502CULT0007-0001', client: { licenseNumber: 'OCM-CULT-24-000101' } },
    });
    const bad = await tech.list('?status=pending&colour=red').expect(400);
    expect(bad.body.message).toContain('unknown field(s) colour');
  });

  it('shows the approved set on its sample', async () => {
    const set = await mia.get(id).expect(200);
    const sample = await request(t.http).get(`/api/samples/${set.body.sample.id}`).set(bearer(ADMIN_TOKEN)).expect(200);
    expect(sample.body.resultSets).toEqual([expect.objectContaining({ id, version: 1, status: 'approved' })]);
  });
});
