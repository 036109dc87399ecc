import request from 'supertest';
import { moveUnmatchedOutOfSummaries } from '../../../src/db/migrations/import-unmatched-data';
import { isPostgres } from '../../../src/db/platform';
import { ImportRecord } from '../../../src/ingest/import-record.entity';
import { SourceFile } from '../../../src/files/source-file.entity';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';

const cell = (row: number) => ({ kind: 'cell', sha256: 'c'.repeat(64), sheet: 'Results', row, column: 'C' });

/** An import as stored before unmatched samples had their own table: every unmatched entry, and every unknown row, inline. */
function legacySummary(id: string) {
  return {
    id,
    status: 'imported',
    adapter: 'instrument',
    template: 'generic-long',
    templateVersion: '1',
    sourceFile: { sha256: 'c'.repeat(64), name: 'legacy.csv', size: 4096 },
    createdBy: 'tara.tech',
    createdAt: '2026-11-20T10:00:00.000Z',
    resultSets: [
      {
        id: 'rs-1',
        sampleId: 's-1',
        labSampleId: 'OLD-0001',
        uid: null,
        version: 1,
        verdict: 'pass',
        read: 1,
        added: 1,
        duplicates: 0,
        conflicts: [],
      },
    ],
    unmatched: [
      {
        index: 0,
        reason: 'no_sample',
        message: 'no registered sample matches OLD-0002',
        ref: { labSampleId: 'OLD-0002' },
        results: [{ analyte: 'lead', name: 'Lead' }],
        pending: [],
        unknown: [],
      },
      {
        index: 1,
        reason: 'no_sample',
        message: 'no registered sample matches OLD-0003',
        ref: { labSampleId: 'OLD-0003' },
        results: [],
        pending: [],
        unknown: [],
        attached: { sampleId: 's-9', resultSetId: 'rs-9', by: 'tara.tech', at: '2026-11-21T09:00:00.000Z' },
      },
    ],
    unknownAnalytes: [
      { name: 'Zorbic acid', provenance: cell(5), candidates: [] },
      { name: 'Zorbic acid', provenance: cell(9), candidates: [] },
      { name: 'Leed', provenance: cell(7), candidates: [{ key: 'naled', name: 'Naled', score: 0.6 }] },
    ],
    qcRowsSkipped: 0,
    warnings: [],
  };
}

describe('the data migration of imports stored with their unmatched samples inline', () => {
  let t: TestApp;
  let tech: string;
  beforeAll(async () => {
    t = await startTestApp();
    tech = await t.userToken('tara.tech', 'technician');
  });
  afterAll(async () => t.close());

  it('moves the unmatched samples to their table, bounds the unknown names and fills the list columns', async () => {
    const em = t.orm.em.fork();
    const file = new SourceFile('c'.repeat(64), 'legacy.csv', 4096, 'text/csv', 'tara.tech');
    const record = new ImportRecord(file, 'imported', {}, 'tara.tech');
    record.template = 'generic-long';
    record.summary = legacySummary(record.id);
    await em.persistAndFlush([file, record]);

    await t.orm.em.fork().transactional(async (trx) => {
      const run = (sql: string, params: unknown[] = []) =>
        trx.getConnection().execute(sql, params as never[], 'all', trx.getTransactionContext());
      await moveUnmatchedOutOfSummaries(run, isPostgres(trx) ? 'postgresql' : 'sqlite');
    });

    const [listed] = (await request(t.http).get('/api/imports').set(bearer(tech)).expect(200)).body;
    expect(listed).toMatchObject({ id: record.id, resultSets: 1, unmatched: 1, unknownAnalytes: 2 });
    const res = await request(t.http).get(`/api/imports/${record.id}?unmatchedOffset=1`).set(bearer(tech)).expect(200);
    expect(res.body.unmatchedPage).toEqual({ offset: 1, limit: 50, total: 2, open: 1 });
    expect(res.body.unmatched).toEqual([
      {
        index: 1,
        reason: 'no_sample',
        message: 'no registered sample matches OLD-0003',
        ref: { labSampleId: 'OLD-0003' },
        results: [],
        pending: [],
        attached: { sampleId: 's-9', resultSetId: 'rs-9', by: 'tara.tech', at: '2026-11-21T09:00:00.000Z' },
      },
    ]);
    expect(res.body.unknownAnalytes).toEqual([
      { name: 'Zorbic acid', rows: 2, example: cell(5), candidates: [] },
      { name: 'Leed', rows: 1, example: cell(7), candidates: [{ key: 'naled', name: 'Naled', score: 0.6 }] },
    ]);
    expect(res.body.unknownAnalyteCounts).toEqual({ rows: 3, distinct: 2, listed: 2 });
    const [stored] = (await t.sql('select summary from imports where id = ?', [record.id])) as Array<{ summary: unknown }>;
    const summary = typeof stored.summary === 'string' ? JSON.parse(stored.summary) : stored.summary;
    expect(summary).not.toHaveProperty('unmatched');
    expect(summary.resultSets).toHaveLength(1);
  });
});
