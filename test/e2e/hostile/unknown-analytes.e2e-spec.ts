import request from 'supertest';
import { HOSTILE_MAPPING, HOSTILE_SAMPLES } from '../../generators/hostile/spreadsheets';
import { LEAD_ROWS, manyUnknownAnalytesCsv, unknownAnalyteName } from '../../generators/hostile/unknown-analytes';
import { importedResults, upload } from '../../support/lab-setup';
import type { TestApp } from '../../support/test-app';
import { signIn } from '../web/web-client';
import { probingHealth, startProbedApp, storedCounts } from './hostile-support';

const FIELDS = { template: 'generic-long', mapping: JSON.stringify(HOSTILE_MAPPING) };
/** The probe's file: about 400 KB of rows, each naming a different analyte the catalog does not know. */
const ROWS = 8000;
/**
 * Why this bound: before each distinct name was resolved once against a cached index, every row cost the event
 * loop about 2.5 ms of candidate scoring, and this file held /health for over a minute under Jest here (38 s on
 * the probe's machine). Now what holds it is the table's synchronous read and template pass, about 1 s outside
 * Jest and 2–3.5 s inside it on a busy 2-core machine; 6 s leaves room for a slower CI run and still fails the
 * old code by far.
 */
const MAX_HEALTH_MS = 6000;
/** The stored summary lists the first 100 distinct names with one example each; it was 4 MB for this file. */
const MAX_SUMMARY_BYTES = 64 * 1024;

describe('a file naming thousands of distinct unknown analytes', () => {
  let t: TestApp;
  let tech: string;
  let healthUrl: string;
  beforeAll(async () => {
    ({ t, tech, healthUrl } = await startProbedApp());
  });
  afterAll(async () => t.close());

  it('imports it while /health keeps answering, and stores a bounded summary that still counts every row', async () => {
    const before = await storedCounts(t);
    const file = manyUnknownAnalytesCsv(ROWS);
    const { value: res, health } = await probingHealth(healthUrl, () => upload(t.http, tech, file, FIELDS));

    expect(res.status).toBe(201);
    expect(health.failures).toBe(0);
    expect(health.answered).toBeGreaterThan(0);
    expect(health.slowestMs).toBeLessThan(MAX_HEALTH_MS);

    const distinctUnknown = ROWS - LEAD_ROWS;
    expect(res.body.unknownAnalyteCounts).toEqual({ rows: distinctUnknown, distinct: distinctUnknown, listed: 100 });
    expect(res.body.unknownAnalytes).toHaveLength(100);
    // The value's cell is where a row's provenance points.
    expect(res.body.unknownAnalytes[0]).toMatchObject({
      name: unknownAnalyteName(LEAD_ROWS),
      rows: 1,
      example: { kind: 'cell', row: LEAD_ROWS + 2, column: 'C' },
      candidates: expect.any(Array),
    });
    // Each sample's set holds its lead reading; the unknown rows are never guessed.
    const sets = await importedResults(t.http, tech, res.body);
    expect(sets.map((s) => [s.labSampleId, s.results.map((r) => r.analyte)])).toEqual(
      HOSTILE_SAMPLES.map((id) => [id, ['lead']]),
    );
    expect(await storedCounts(t)).toMatchObject({ imported: before.imported + 1, results: before.results + 2 });

    const [{ bytes }] = (await t.sql(`select length(cast(summary as text)) as bytes from imports where id = ?`, [
      res.body.id,
    ])) as Array<{ bytes: number | string }>;
    expect(Number(bytes)).toBeLessThan(MAX_SUMMARY_BYTES);
    const again = await request(t.http).get(`/api/imports/${res.body.id}`).set('Authorization', `Bearer ${tech}`).expect(200);
    expect(again.body.unknownAnalyteCounts).toEqual(res.body.unknownAnalyteCounts);
    const page = await (await signIn(t.http, tech)).get(`/imports/${res.body.id}`).expect(200);
    expect(page.text).toContain(`${distinctUnknown} row(s) named an analyte the catalog does not know; none was guessed.`);
    expect(page.text).toContain(`and ${distinctUnknown - 100} more name(s), not listed.`);
  }, 180_000);
});
