import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { productTypeFromMatrix } from '../../../src/catalog';
import { registerSamples, upload } from '../../support/lab-setup';
import { describeWithSharedSamples, SHARED_SAMPLES } from '../../support/shared-samples';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';

const DIR = path.join(SHARED_SAMPLES, 'coa', 'drs-testing-ny');

interface ExpectedResult {
  panel: string;
  analyte: string;
  value: number | null;
  qualifier: string | null;
  unit: string;
  loq: number | null;
  limit: number | null;
  limitText: string | null;
  status: string;
  reportedValue: string;
}

interface Expected {
  file: string;
  labSampleId: string;
  batch: string;
  clientLicense: string;
  clientName: string;
  matrix: string;
  results: ExpectedResult[];
  [key: string]: unknown;
}

const certificates = (): Expected[] =>
  fs.existsSync(DIR)
    ? fs.readdirSync(path.join(DIR, 'expected')).map((f) => JSON.parse(fs.readFileSync(path.join(DIR, 'expected', f), 'utf8')) as Expected)
    : [];

const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));

describeWithSharedSamples('New York certificates (DRS Testing) imported through HTTP')('New York certificates (DRS Testing) imported through HTTP', () => {
  let t: TestApp;
  let tech: string;
  beforeAll(async () => {
    t = await startTestApp();
    tech = await t.userToken('tara.tech', 'technician');
  });
  afterAll(async () => t.close());

  it.each(certificates().map((c) => [c.file, c] as const))('%s: every field and result equals the expected file', async (_, exp) => {
    await registerSamples(t.http, tech, [{ labSampleId: exp.labSampleId, productType: productTypeFromMatrix(exp.matrix) ?? 'flower' }], exp.clientLicense);
    const res = await upload(t.http, tech, { name: exp.file, bytes: fs.readFileSync(path.join(DIR, exp.file)) }).expect(201);
    expect(res.body).toMatchObject({ adapter: 'coa', template: 'coa-confident-lims', unmatched: [] });
    expect(res.body.resultSets).toHaveLength(1);
    const set = await request(t.http).get(`/api/result-sets/${res.body.resultSets[0].id}`).set(bearer(tech)).expect(200);
    const meta = set.body.meta.certificate;
    for (const key of ['lab', 'labLicense', 'labSampleId', 'batch', 'batchSize', 'clientName', 'clientLicense', 'productName', 'strain', 'matrix', 'typeOfUse', 'sampleReceived', 'reportCreated']) {
      expect([key, meta[key] ?? null]).toEqual([key, exp[key] ?? null]);
    }

    const got = new Map<string, Record<string, unknown>>(
      set.body.results.filter((r: { derived: boolean }) => !r.derived).map((r: { analyte: string }) => [r.analyte, r]),
    );
    const mismatches: string[] = [];
    for (const e of exp.results) {
      const g = got.get(e.analyte);
      if (!g) {
        mismatches.push(`${e.analyte}: missing`);
        continue;
      }
      const actual = { panel: g.panel, value: g.value, qualifier: g.qualifier, unit: g.unit, loq: num(g.loq as string), limit: num(g.limit as string), status: g.status };
      const wanted = { panel: e.panel, value: e.value, qualifier: e.qualifier, unit: e.unit, loq: e.loq, limit: e.limit, status: e.status };
      if (JSON.stringify(actual) !== JSON.stringify(wanted)) mismatches.push(`${e.analyte}: got ${JSON.stringify(actual)} expected ${JSON.stringify(wanted)}`);
    }
    const extra = [...got.keys()].filter((k) => !exp.results.some((e) => e.analyte === k) && !k.startsWith('total_'));
    expect(mismatches).toEqual([]);
    expect(extra).toEqual([]);
  });
});
