import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInternalStandard } from '../../../src/catalog';
import { importedResults, registerSamples, upload } from '../../support/lab-setup';
import { describeWithSharedSamples, SHARED_SAMPLES } from '../../support/shared-samples';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Every real export in ../shared/samples/instruments through POST /api/imports, checked against the
 * hand-derived expectations in test/regression/instruments/expected (see each file's `derivation`).
 */
const DIR = path.join(SHARED_SAMPLES, 'instruments');
const EXPECTED = path.resolve(__dirname, '..', '..', 'regression', 'instruments', 'expected');

interface ExpectedRow {
  name: string;
  analyte: string | null;
  valueText: string;
  pending?: string[];
}
interface ExpectedFile {
  file: string;
  template: string;
  qcRowsSkipped: number;
  samples: Array<{ ref: { labSampleId?: string; sampleName?: string }; rows: ExpectedRow[] }>;
  /** Files that fit their template but cannot produce results (peak areas only, Cq without a call). */
  refused?: { code: string; reason: string };
}

/** What the upload needs beyond the file: the unit a file does not print, or preparation data. */
const UPLOAD_FIELDS: Record<string, Record<string, string>> = {
  'shimadzu-labsolutions-lc2040c-cannabinoids.txt': { mapping: JSON.stringify({ unit: 'ug/mL' }), mass: '0.5', volume: '25', dilution: '1' },
  'shimadzu-labsolutions-lc2040c-cannabinoids.csv': { mapping: JSON.stringify({ unit: 'ug/mL' }), mass: '0.5', volume: '25', dilution: '1' },
  'perkinelmer-nexion350x-simple.xlsx': { mass: '0.25', volume: '50' },
  'agilent-masshunter-quant.csv': { mapping: JSON.stringify({ unit: 'ng/mL' }) },
};

const files = (): ExpectedFile[] =>
  fs.existsSync(EXPECTED) ? fs.readdirSync(EXPECTED).map((f) => JSON.parse(fs.readFileSync(path.join(EXPECTED, f), 'utf8')) as ExpectedFile) : [];

interface StoredRow {
  analyte: string;
  reportedValue: string;
  value: number | null;
  qualifier: string | null;
}

describeWithSharedSamples('real instrument exports imported through HTTP')('real instrument exports imported through HTTP', () => {
  let t: TestApp;
  let tech: string;
  beforeAll(async () => {
    t = await startTestApp();
    tech = await t.userToken('tara.tech', 'technician');
    const refs = new Set(files().flatMap((f) => f.samples.map((s) => s.ref.labSampleId ?? s.ref.sampleName ?? '')));
    await registerSamples(t.http, tech, [...refs].map((labSampleId) => ({ labSampleId })));
  });
  afterAll(async () => t.close());

  // Runs first: once the file is imported, the same bytes return that import.
  it('refuses the Shimadzu export without a unit, naming the missing unit and the cell', async () => {
    const res = await upload(t.http, tech, {
      name: 'shimadzu-no-unit.txt',
      bytes: fs.readFileSync(path.join(DIR, 'shimadzu-labsolutions-lc2040c-cannabinoids.txt')),
    }).expect(422);
    expect(res.body.message).toMatch(/template shimadzu-labsolutions-ascii/);
    expect(res.body.message).toMatch(/unit/i);
  });

  it.each(files().filter((f) => f.refused).map((f) => [f.file, f] as const))('%s is refused: it cannot produce results', async (_, exp) => {
    const res = await upload(t.http, tech, { name: exp.file, bytes: fs.readFileSync(path.join(DIR, exp.file)) }).expect(422);

    expect(res.body.message).toContain(`template ${exp.template}`);
    expect(res.body.message).toContain(exp.refused?.reason);
  });

  it.each(files().filter((f) => !f.refused).map((f) => [f.file, f] as const))('%s', async (_, exp) => {
    const res = await upload(t.http, tech, { name: exp.file, bytes: fs.readFileSync(path.join(DIR, exp.file)) }, UPLOAD_FIELDS[exp.file] ?? {});
    expect([res.status, res.body.message]).toEqual([201, undefined]);
    expect(res.body.template).toBe(exp.template);
    expect(res.body.qcRowsSkipped).toBeGreaterThanOrEqual(exp.qcRowsSkipped);

    const bySample = new Map<string, StoredRow[]>((await importedResults(t.http, tech, res.body)).map((s) => [s.labSampleId, s.results]));
    const unknown = new Set(res.body.unknownAnalytes.map((u: { name: string }) => u.name));
    const problems: string[] = [];
    for (const s of exp.samples) {
      const id = s.ref.labSampleId ?? s.ref.sampleName ?? '';
      const rows = bySample.get(id) ?? [];
      for (const r of s.rows) {
        if (r.analyte === null) {
          // Names outside the catalog are reported with candidates; internal-standard elements are not results.
          if (!unknown.has(r.name) && !isInternalStandard(r.name)) problems.push(`${id} ${r.name}: expected among unknown analytes`);
          continue;
        }
        // Pending rows were finished with the upload's preparation data, so only the analyte is checked.
        const found = rows.find((g) => g.analyte === r.analyte && (r.pending || UPLOAD_FIELDS[exp.file]?.mass || g.reportedValue === r.valueText));
        if (!found) problems.push(`${id} ${r.analyte} = ${r.valueText}: not among the stored results`);
      }
    }
    expect(problems).toEqual([]);
    expect(res.body.unmatched.filter((u: { reason: string }) => u.reason === 'no_sample')).toEqual([]);
  });

});
