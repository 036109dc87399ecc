import type { AbstractSqlDriver } from '@mikro-orm/knex';
import request from 'supertest';
import { Migration20261206164655 } from '../../../src/db/migrations/postgresql/Migration20261206164655';
import { Migration20261206164628 } from '../../../src/db/migrations/sqlite/Migration20261206164628';
import { isPostgres } from '../../../src/db/platform';
import { limsLikeCertificate } from '../../generators/coa/make-pdfs';
import { registerSamples, upload } from '../../support/lab-setup';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';
import { signed, signIn } from '../web/web-client';
import {
  FOREIGN_MATTER,
  METALS,
  MOISTURE,
  MYCOTOXINS,
  TERPENES,
  WATER_ACTIVITY,
} from '../../support/factories/result-set.factory';
import { flowerCsvRows, flowerEntryResults } from '../../support/flower-panels';

const NOT_ON_THE_PAPER = [METALS, TERPENES, MYCOTOXINS, MOISTURE, WATER_ACTIVITY, FOREIGN_MATTER].map((s) => s.rows);
import { auditTrail, reviewAs, submissionsOf } from './review-requests';

const MAPPING = JSON.stringify({ sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units', loq: 'LOQ' });

type Reviewer = ReturnType<typeof reviewAs>;

describe('the two-person rule: whoever contributed results to a version cannot approve it', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let tara: Reviewer;
  let mia: Reviewer;
  let max: Reviewer;
  let ada: Reviewer;
  let sample = 0;

  beforeAll(async () => {
    t = await startTestApp();
    for (const [name, role] of [
      ['tara.tech', 'technician'],
      ['mia.manager', 'manager'],
      ['max.manager', 'manager'],
      ['ada.manager', 'manager'],
    ] as const) {
      tokens[name] = await t.userToken(name, role);
    }
    tara = reviewAs(t, tokens['tara.tech']);
    mia = reviewAs(t, tokens['mia.manager']);
    max = reviewAs(t, tokens['max.manager']);
    ada = reviewAs(t, tokens['ada.manager']);
  });
  afterAll(async () => t.close());

  /** Registers a new sample; returns its lab sample id and id. */
  async function newSample(): Promise<{ labSampleId: string; id: string }> {
    sample += 1;
    const labSampleId = `2502RLI0188-${String(sample).padStart(4, '0')}`;
    const uid = `481502000009${String(sample).padStart(4, '0')}`;
    const ids = await registerSamples(t.http, tokens['tara.tech'], [{ labSampleId, uid }]);
    return { labSampleId, id: ids[labSampleId] };
  }

  /** Uploads a long CSV as `who`, as the upload page or an API client does. */
  async function importAs(who: string, name: string, rows: Array<[string, string, string, string]>) {
    const csv = ['Sample,Analyte,Result,Units,LOQ', ...rows.map((r) => `${r.join(',')},0.02`)].join('\n');
    const res = await upload(
      t.http,
      tokens[who],
      { name, bytes: Buffer.from(csv) },
      { template: 'generic-long', mapping: MAPPING },
    ).expect(201);
    return res.body as {
      id: string;
      resultSets: Array<{ id: string; conflicts: string[] }>;
      unmatched: Array<{ index: number }>;
    };
  }

  /** Imports, as the technician, the rest of the panels New York requires for flower, so the set can be released. */
  async function completePanels(labSampleId: string, reported: string[]) {
    await importAs('tara.tech', `rest-of-panels-${labSampleId}.csv`, flowerCsvRows(labSampleId, reported));
  }

  /** The approval is refused, names the approver and why, and leaves the set in review with nothing queued. */
  async function expectRefused(approver: Reviewer, id: string, username: string, why: string, contributions: string[]) {
    const res = await approver.approve(id).expect(403);
    expect(res.body).toMatchObject({
      statusCode: 403,
      message: `two-person rule: ${username} contributed to this result set (${why}), so someone else must approve it`,
      details: { rule: 'two-person', approver: username, role: 'contributed', contributions },
    });
    expect((await max.get(id).expect(200)).body).toMatchObject({ status: 'in_review', approvedBy: null });
    expect(await submissionsOf(t, id)).toEqual([]);
  }

  it("refuses the manager who imported a second file into a technician's draft and resolved the conflict in favour of his reading", async () => {
    const { labSampleId } = await newSample();
    const first = await importAs('tara.tech', 'hplc-tara.csv', [[labSampleId, 'THCA', '20.0', '%']]);
    const id = first.resultSets[0].id;
    const second = await importAs('mia.manager', 'hplc-mia.csv', [[labSampleId, 'THCA', '9.0', '%']]);
    expect(second.resultSets[0]).toMatchObject({ id, conflicts: ['thca'] });
    await mia.resolveConflict(id, { analyte: 'THCa', choose: 0, reason: 'my re-run is the one to trust' }).expect(200);
    const resolved = await tara.get(id).expect(200);
    expect(resolved.body.results.find((r: { analyte: string }) => r.analyte === 'thca')).toMatchObject({ reportedValue: '9.0' });
    expect(resolved.body).toMatchObject({
      createdBy: 'tara.tech',
      contributors: [
        { by: 'tara.tech', as: 'imported' },
        { by: 'mia.manager', as: 'imported' },
        { by: 'mia.manager', as: 'resolved_conflict' },
      ],
    });
    await completePanels(labSampleId, ['THCA', 'Pb 208']);
    await tara.submit(id).expect(200);

    await expectRefused(mia, id, 'mia.manager', 'imported results into it, resolved a conflict between sources', [
      'imported',
      'resolved_conflict',
    ]);
    expect((await auditTrail(t, ADMIN_TOKEN, 'result_set', id)).map(([, action]) => action)).not.toContain('result_set.approved');
    await max.approve(id).expect(200);
  });

  it('tells the manager on the review page why not, when he resolved the conflict there', async () => {
    const { labSampleId } = await newSample();
    const first = await importAs('tara.tech', 'web-tara.csv', [[labSampleId, 'THCA', '20.0', '%']]);
    const id = first.resultSets[0].id;
    await importAs('mia.manager', 'web-mia.csv', [[labSampleId, 'THCA', '9.0', '%']]);
    const web = await signIn(t.http, tokens['mia.manager']);
    await web
      .post(`/review/${id}/resolve-conflict`, { analyte: 'thca', choose: '0', reason: 'my re-run is the one to trust' })
      .expect(303);
    await completePanels(labSampleId, ['THCA', 'Pb 208']);
    await tara.submit(id).expect(200);

    const page = await web.get(`/review/${id}`).expect(200);
    expect(page.text).toContain(
      'You contributed to these results (imported results into it, resolved a conflict between sources); another manager must approve them.',
    );
    expect(page.text).toContain('mia.manager (imported results into it, resolved a conflict between sources)');
    expect(page.text).not.toContain('Approve and release');
    const refused = await web.post(`/review/${id}/approve`, signed()).expect(403);
    expect((await max.get(id).expect(200)).body.status).toBe('in_review');
    expect(refused.text).toContain('two-person rule: mia.manager contributed to this result set');
  });

  it("refuses a manager whose second import only added results to someone else's draft", async () => {
    const { labSampleId } = await newSample();
    const first = await importAs('tara.tech', 'potency-tara.csv', [[labSampleId, 'THCA', '21.3', '%']]);
    const id = first.resultSets[0].id;
    const second = await importAs('mia.manager', 'metals-mia.csv', [[labSampleId, 'Lead', '0.12', 'ug/g']]);
    expect(second.resultSets[0]).toMatchObject({ id, conflicts: [] });
    await completePanels(labSampleId, ['THCA', 'Pb 208']);
    await tara.submit(id).expect(200);
    await expectRefused(mia, id, 'mia.manager', 'imported results into it', ['imported']);
    await max.approve(id).expect(200);
  });

  it("refuses a manager who attached an unmatched row of his import to someone else's draft", async () => {
    const { labSampleId, id: sampleId } = await newSample();
    const first = await importAs('tara.tech', 'potency-tara-2.csv', [[labSampleId, 'THCA', '22.8', '%']]);
    const id = first.resultSets[0].id;
    const mine = await importAs('mia.manager', 'metals-unmatched.csv', [['NO-SUCH-SAMPLE-17', 'Lead', '0.31', 'ug/g']]);
    expect(mine.unmatched).toHaveLength(1);
    await request(t.http)
      .post(`/api/imports/${mine.id}/attach`)
      .set(bearer(tokens['mia.manager']))
      .send({ index: 0, sampleId })
      .expect(201);
    await completePanels(labSampleId, ['THCA', 'Pb 208']);
    await tara.submit(id).expect(200);
    await expectRefused(mia, id, 'mia.manager', 'imported results into it', ['imported']);
  });

  it("refuses a manager who resolved a conflict between two of the technician's files", async () => {
    const { labSampleId } = await newSample();
    const first = await importAs('tara.tech', 'run-1.csv', [[labSampleId, 'THCA', '18.4', '%']]);
    const id = first.resultSets[0].id;
    await importAs('tara.tech', 'run-2.csv', [[labSampleId, 'THCA', '18.9', '%']]);
    await mia
      .resolveConflict(id, { analyte: 'THCA', choose: 'existing', reason: 'the first run had the fresh calibration' })
      .expect(200);
    await completePanels(labSampleId, ['THCA', 'Pb 208']);
    await tara.submit(id).expect(200);
    await expectRefused(mia, id, 'mia.manager', 'resolved a conflict between sources', ['resolved_conflict']);
    await max.approve(id).expect(200);
  });

  describe('manual entry', () => {
    const entry = (uid: string, results: object[]) => ({
      uid,
      clientLicense: 'OCM-RETL-24-000415',
      supplierLicense: 'OCM-CULT-24-000999',
      productType: 'flower',
      lab: { name: 'Paper Lab Inc', license: 'OCM-CPL-2023-00077' },
      certificate: { number: 'PL-2025-1187', date: '2025-03-02' },
      results,
    });

    it('records the manager who typed the values in, who then may not approve them', async () => {
      const res = await request(t.http)
        .post('/api/manual-results')
        .set(bearer(tokens['mia.manager']))
        .send(entry('4815020000088001', [{ analyte: 'THCa', value: '24.1', unit: '%' }, ...flowerEntryResults(['THCA'])]))
        .expect(201);
      expect(res.body.contributors).toEqual([{ by: 'mia.manager', as: 'entered' }]);
      await tara.submit(res.body.id).expect(200);
      const refused = await mia.approve(res.body.id).expect(403);
      expect(refused.body.message).toBe('two-person rule: mia.manager created this result set, so someone else must approve it');
      await max.approve(res.body.id).expect(200);
    });

    /** A technician's entry whose values were pre-filled from a paper certificate. */
    async function prefilledByTara(uid: string): Promise<{ id: string; pending: string[] }> {
      const res = await request(t.http)
        .post('/api/manual-results/with-certificate')
        .set(bearer(tokens['tara.tech']))
        // The panels the paper certificate does not report, typed in beside its pre-filled values.
        .field('entry', JSON.stringify(entry(uid, flowerEntryResults([], NOT_ON_THE_PAPER))))
        .attach('file', await limsLikeCertificate(), 'paper-coa.pdf')
        .expect(201);
      expect(res.body.pendingConfirmation.length).toBeGreaterThan(1);
      return { id: res.body.id, pending: res.body.pendingConfirmation };
    }

    it('refuses the manager who confirmed a pre-filled value', async () => {
      const { id, pending } = await prefilledByTara('4815020000088002');
      const [first, ...rest] = pending;
      await request(t.http)
        .post(`/api/manual-results/${id}/confirm`)
        .set(bearer(tokens['mia.manager']))
        .send({ values: [{ analyte: first }] })
        .expect(200);
      await request(t.http)
        .post(`/api/manual-results/${id}/confirm`)
        .set(bearer(tokens['tara.tech']))
        .send({ values: rest.map((analyte) => ({ analyte })) })
        .expect(200);
      await tara.submit(id).expect(200);
      // Once in review nobody confirms or corrects anything more, so the list the approval checks is final.
      const late = await request(t.http)
        .post(`/api/manual-results/${id}/confirm`)
        .set(bearer(tokens['ada.manager']))
        .send({ values: [{ analyte: first }] })
        .expect(409);
      expect(late.body.message).toBe(`result set ${id} is in_review; values are confirmed while it is a draft`);
      expect((await max.get(id).expect(200)).body.contributors.map((c: { by: string }) => c.by)).not.toContain('ada.manager');
      await expectRefused(mia, id, 'mia.manager', 'confirmed pre-filled values', ['confirmed']);
      await max.approve(id).expect(200);
    });

    it('refuses the manager who corrected a pre-filled value', async () => {
      const { id, pending } = await prefilledByTara('4815020000088003');
      const [first, ...rest] = pending;
      await request(t.http)
        .post(`/api/manual-results/${id}/confirm`)
        .set(bearer(tokens['mia.manager']))
        .send({ values: [{ analyte: first, qualifier: 'ND' }] })
        .expect(200);
      await request(t.http)
        .post(`/api/manual-results/${id}/confirm`)
        .set(bearer(tokens['tara.tech']))
        .send({ values: rest.map((analyte) => ({ analyte })) })
        .expect(200);
      await tara.submit(id).expect(200);
      await expectRefused(mia, id, 'mia.manager', 'corrected values', ['corrected']);
      await max.approve(id).expect(200);
    });
  });

  describe('amendments', () => {
    it("carry the amended version's contributors and add the amender, who may not approve the new version", async () => {
      const { labSampleId } = await newSample();
      const first = await importAs('tara.tech', 'amend-tara.csv', [[labSampleId, 'THCA', '23.5', '%']]);
      const v1 = first.resultSets[0].id;
      await importAs('mia.manager', 'amend-mia.csv', [[labSampleId, 'Lead', '0.08', 'ug/g']]);
      await completePanels(labSampleId, ['THCA', 'Pb 208']);
      await tara.submit(v1).expect(200);
      await max.approve(v1).expect(200);

      const amended = await ada
        .amend(v1, { reason: 'transcription error on THCA found at the audit', changes: [{ analyte: 'THCA', value: '23.9' }] })
        .expect(201);
      const v2 = amended.body.id;
      expect(amended.body).toMatchObject({
        createdBy: 'ada.manager',
        contributors: [
          { by: 'tara.tech', as: 'imported' },
          { by: 'mia.manager', as: 'imported' },
          { by: 'ada.manager', as: 'amended' },
        ],
      });
      await tara.submit(v2).expect(200);
      const refused = await ada.approve(v2).expect(403);
      expect(refused.body.message).toBe('two-person rule: ada.manager created this result set, so someone else must approve it');
      // Mia's values are carried into the new version: she may not release it either.
      await expectRefused(mia, v2, 'mia.manager', 'imported results into it', ['imported']);
      // Max approved the first version and contributed nothing to either.
      await max.approve(v2).expect(200);
    });
  });

  it('rebuilds, at the upgrade, the contributors of versions stored before they were recorded, from the audit trail', async () => {
    const { labSampleId } = await newSample();
    const first = await importAs('tara.tech', 'upgrade-tara.csv', [[labSampleId, 'THCA', '20.0', '%']]);
    const id = first.resultSets[0].id;
    await importAs('mia.manager', 'upgrade-mia.csv', [[labSampleId, 'THCA', '9.0', '%']]);
    await mia.resolveConflict(id, { analyte: 'THCA', choose: 0, reason: 'my re-run is the one to trust' }).expect(200);
    await completePanels(labSampleId, ['THCA', 'Pb 208']);
    await tara.submit(id).expect(200);
    await t.sql(`update result_sets set contributors = '[]' where id = ?`, [id]);

    // The migration's second statement is the backfill; run it on this database as the upgrade does.
    const MigrationClass = isPostgres(t.orm.em) ? Migration20261206164655 : Migration20261206164628;
    const migration = new MigrationClass(t.orm.em.getDriver() as AbstractSqlDriver, t.orm.config);
    await migration.up();
    const [, backfill] = migration.getQueries();
    await t.sql(String(backfill));

    const after = await max.get(id).expect(200);
    const sorted = (list: Array<{ by: string; as: string }>) =>
      [...list].sort((a, b) => `${a.by}/${a.as}`.localeCompare(`${b.by}/${b.as}`));
    expect(sorted(after.body.contributors)).toEqual([
      { by: 'mia.manager', as: 'imported' },
      { by: 'mia.manager', as: 'resolved_conflict' },
      { by: 'tara.tech', as: 'imported' },
    ]);
    const refused = await mia.approve(id).expect(403);
    expect(refused.body.details).toMatchObject({
      role: 'contributed',
      contributions: expect.arrayContaining(['imported', 'resolved_conflict']),
    });
    await max.approve(id).expect(200);
  });

  it('lets a contributor approve when an admin has allowed one-person approval', async () => {
    const { labSampleId } = await newSample();
    const first = await importAs('tara.tech', 'self-tara.csv', [[labSampleId, 'THCA', '19.1', '%']]);
    const id = first.resultSets[0].id;
    await importAs('mia.manager', 'self-mia.csv', [[labSampleId, 'Lead', '0.05', 'ug/g']]);
    await completePanels(labSampleId, ['THCA', 'Pb 208']);
    await tara.submit(id).expect(200);
    await mia.approve(id).expect(403);
    await request(t.http).put('/api/settings/review').set(bearer(ADMIN_TOKEN)).send({ allowSelfApproval: true }).expect(200);
    try {
      await mia.approve(id).expect(200);
    } finally {
      await request(t.http).put('/api/settings/review').set(bearer(ADMIN_TOKEN)).send({ allowSelfApproval: false }).expect(200);
    }
  });
});
