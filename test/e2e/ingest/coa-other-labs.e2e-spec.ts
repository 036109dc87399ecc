import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { resolveAnalyte } from '../../../src/catalog';
import { registerSamples, upload } from '../../support/lab-setup';
import { describeWithSharedSamples, SHARED_SAMPLES } from '../../support/shared-samples';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';

/**
 * The certificates of other labs (`../shared/samples/coa/other-labs`) through the whole path, as a user's
 * upload: each imports with 201 into a stored result set in which every row of its hand-written expected file
 * (`test/regression/coa/expected`) is a result or an unsure row, and no other row is. A set holding unsure rows
 * cannot be submitted until each is confirmed, corrected or dropped.
 */
const DIR = path.join(SHARED_SAMPLES, 'coa', 'other-labs');
const EXPECTED = path.resolve(__dirname, '../../regression/coa/expected');

interface ExpectedRow {
  panel: string | null;
  name: string;
  value: string;
  extra: Record<string, string>;
  unsure?: true;
}

interface ExpectedCertificate {
  file: string;
  template: string;
  ref: { labSampleId?: string; batch?: string };
  rows: ExpectedRow[];
}

interface StoredResult {
  analyte: string;
  name: string;
  reportedValue: string;
  unsure: string | null;
  derived: boolean;
  value: number | null;
  qualifier: string | null;
  conflict: { values?: Array<{ reportedValue: string }> } | null;
}

const certificates = (): ExpectedCertificate[] =>
  fs.existsSync(DIR)
    ? fs
        .readdirSync(EXPECTED)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(fs.readFileSync(path.join(EXPECTED, f), 'utf8')) as ExpectedCertificate)
    : [];

describeWithSharedSamples('certificates from other labs imported through HTTP')(
  'certificates from other labs imported through HTTP',
  () => {
    let t: TestApp;
    let tech: string;
    beforeAll(async () => {
      t = await startTestApp(process.env.E2E_LOG ? { LOG_LEVEL: 'error' } : {});
      tech = await t.userToken('tara.tech', 'technician');
    });
    afterAll(async () => t.close());

    it.each(certificates().map((c) => [c.file, c] as const))(
      '%s: every printed row is a stored result or an unsure row',
      async (_, exp) => {
        const labSampleId = exp.ref.labSampleId ?? `OTHER-${exp.file}`;
        await registerSamples(
          t.http,
          tech,
          [{ labSampleId, ...(exp.ref.labSampleId ? {} : { batch: exp.ref.batch }) }],
          'OCM-PROC-24-000031',
        );
        const res = await upload(t.http, tech, { name: exp.file, bytes: fs.readFileSync(path.join(DIR, exp.file)) }).expect(201);
        expect(res.body).toMatchObject({ adapter: 'coa', template: exp.template, unmatched: [] });
        expect(res.body.resultSets).toHaveLength(1);
        const setId: string = res.body.resultSets[0].id;
        const set = await request(t.http).get(`/api/result-sets/${setId}`).set(bearer(tech)).expect(200);
        const stored = (set.body.results as StoredResult[]).filter((r) => !r.derived);
        // Labs in other states hold no New York permit.
        expect(set.body.meta.certificate.labPermitted).toBe('no (NY)');

        // Each printed row is a stored result; the same analyte printed twice is one result, with the second
        // reading recorded on it (a conflict) or, when the readings agree, counted as a duplicate.
        const readings = stored.flatMap((r) => [
          { analyte: r.analyte, name: r.name, printed: r.reportedValue, unsure: r.unsure, used: false },
          ...(r.conflict?.values ?? []).map((c) => ({
            analyte: r.analyte,
            name: null,
            printed: c.reportedValue,
            unsure: 'conflict',
            used: false,
          })),
        ]);
        const missing: string[] = [];
        for (const row of exp.rows) {
          const printed = row.extra.printedValue ?? row.value;
          const resolved = resolveAnalyte(row.name, row.panel ? { panelHint: row.panel } : {});
          const key = resolved.ok ? resolved.analyte.key : null;
          const fresh = readings.find(
            (g) => !g.used && g.printed === printed && (g.name === row.name.trim() || (g.name === null && g.analyte === key)),
          );
          const again = fresh ?? readings.find((g) => g.used && g.printed === printed && g.analyte === key);
          if (!again) missing.push(`${row.panel} / ${row.name}: ${printed}`);
          else if (row.unsure && again.unsure === null) missing.push(`${row.name}: stored as sure, expected unsure`);
          else again.used = true;
        }
        expect(missing).toEqual([]);
        expect(readings.filter((g) => !g.used).map((g) => `${g.name ?? g.analyte}: ${g.printed}`)).toEqual([]);

        const unsure = stored.filter((r) => r.unsure !== null);
        expect(unsure.length).toBeGreaterThan(0);
        const refused = await request(t.http).post(`/api/result-sets/${setId}/submit`).set(bearer(tech)).expect(409);
        for (const r of unsure) expect(refused.body.message).toContain(r.analyte);

        // A row not read fully cannot be confirmed as read; each is then dropped, the others confirmed.
        const unfinished = unsure.filter((r) => r.analyte.startsWith('unlisted:') || (r.value === null && r.qualifier === null));
        if (unfinished.length > 0) {
          const asRead = await request(t.http)
            .post(`/api/result-sets/${setId}/confirm`)
            .set(bearer(tech))
            .send({ values: [{ analyte: unfinished[0].analyte }] })
            .expect(400);
          expect(asRead.body.message).toContain('correct it or drop it');
        }
        const values = unsure.map((r) =>
          unfinished.includes(r) ? { analyte: r.analyte, drop: true as const } : { analyte: r.analyte },
        );
        const confirmed = await request(t.http)
          .post(`/api/result-sets/${setId}/confirm`)
          .set(bearer(tech))
          .send({ values })
          .expect(200);
        expect(confirmed.body.pendingConfirmation).toEqual([]);
        // Nothing unsure is left in the way of release (whatever else the certificate lacks is its own item).
        const left = await request(t.http).get(`/api/result-sets/${setId}/readiness`).set(bearer(tech)).expect(200);
        expect(left.body.filter((i: { kind: string }) => i.kind === 'unsure_value')).toEqual([]);
      },
    );

    it('imports every certificate in other-labs with 201 into a stored set, those without a layout through the generic reader, every row of theirs unsure', async () => {
      const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.pdf'));
      const known = new Set(certificates().map((c) => c.file));
      for (const file of files.filter((f) => !known.has(f))) {
        const res = await upload(t.http, tech, { name: file, bytes: fs.readFileSync(path.join(DIR, file)) });
        expect([file, res.status]).toEqual([file, 201]);
        expect([file, res.body.template]).toEqual([file, 'coa-generic']);
        const sets: Array<{ id: string }> = res.body.resultSets;
        const held: Array<{ results: Array<{ name: string; unsure?: string }> }> = res.body.unmatched;
        // A certificate whose sample is not registered here waits under `unmatched`, its rows kept there.
        const rows = sets.length + held.reduce((n, u) => n + u.results.length, 0);
        expect([file, rows > 0]).toEqual([file, true]);
        const sureHeld = held.flatMap((u) => u.results.filter((r) => !r.unsure).map((r) => r.name));
        expect([file, sureHeld]).toEqual([file, []]);
        for (const s of sets) {
          const set = await request(t.http).get(`/api/result-sets/${s.id}`).set(bearer(tech)).expect(200);
          const sure = (set.body.results as StoredResult[]).filter((r) => !r.derived && r.unsure === null);
          expect([file, sure.map((r) => r.name)]).toEqual([file, []]);
        }
      }
    }, 240_000);
  },
);
