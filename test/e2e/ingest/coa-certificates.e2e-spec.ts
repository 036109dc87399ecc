import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { parsePanel, productTypeFromMatrix } from '../../../src/catalog';
import { registerSamples, upload } from '../../support/lab-setup';
import { describeWithSharedSamples, SHARED_SAMPLES } from '../../support/shared-samples';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';

/** New York labs whose certificates have expected files beside them, each read by its own layout, exactly and sure. */
const LABS = [
  { dir: 'drs-testing-ny', template: 'coa-confident-lims', extraMeta: [] as string[], tableGaps: false },
  {
    dir: 'act-laboratories-ny',
    template: 'coa-act-laboratories',
    extraMeta: ['sampleCollected', 'orderNumber', 'unitWeight', 'lotId', 'metrcBatch', 'metrcSample', 'metrcManifest'],
    // The New York limit table loaded has no concentrate limits for most panels: where it gives none (no_limit, or
    // report only), the status the certificate printed cannot be reproduced and only the reading is compared.
    tableGaps: true,
  },
];

interface ExpectedResult {
  panel: string;
  analyte: string;
  name: string;
  value: number | null;
  qualifier: string | null;
  unit: string | null;
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

const certificates = (lab: (typeof LABS)[number]): Array<Expected & (typeof LABS)[number]> => {
  const dir = path.join(SHARED_SAMPLES, 'coa', lab.dir);
  return fs.existsSync(dir)
    ? fs
        .readdirSync(path.join(dir, 'expected'))
        .map((f) => ({ ...(JSON.parse(fs.readFileSync(path.join(dir, 'expected', f), 'utf8')) as Expected), ...lab }))
    : [];
};

const fold = (v: unknown) => String(v ?? '').toLowerCase();
const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));

describeWithSharedSamples('New York certificates (DRS Testing, ACT Laboratories) imported through HTTP')(
  'New York certificates imported through HTTP',
  () => {
    let t: TestApp;
    let tech: string;
    beforeAll(async () => {
      t = await startTestApp();
      tech = await t.userToken('tara.tech', 'technician');
    });
    afterAll(async () => t.close());

    it.each(LABS.flatMap(certificates).map((c) => [c.file, c] as const))(
      '%s: every field and result equals the expected file, every value sure',
      async (_, exp) => {
        await registerSamples(
          t.http,
          tech,
          [{ labSampleId: exp.labSampleId, productType: productTypeFromMatrix(exp.matrix) ?? 'flower' }],
          exp.clientLicense,
        );
        const res = await upload(t.http, tech, {
          name: exp.file,
          bytes: fs.readFileSync(path.join(SHARED_SAMPLES, 'coa', exp.dir, exp.file)),
        }).expect(201);
        expect(res.body).toMatchObject({ adapter: 'coa', template: exp.template, unmatched: [] });
        expect(res.body.resultSets).toHaveLength(1);
        const set = await request(t.http).get(`/api/result-sets/${res.body.resultSets[0].id}`).set(bearer(tech)).expect(200);
        const meta = set.body.meta.certificate;
        for (const key of [
          'lab',
          'labLicense',
          'labSampleId',
          'batch',
          'batchSize',
          'clientName',
          'clientLicense',
          'productName',
          'strain',
          'matrix',
          'typeOfUse',
          'sampleReceived',
          'reportCreated',
          ...exp.extraMeta,
        ]) {
          expect([key, meta[key] ?? null]).toEqual([key, exp[key] ?? null]);
        }

        // The registry names the testing lab and its New York permit, whichever form the certificate prints it in.
        expect([meta.labPermitted, meta.labPermit]).toEqual([
          'yes (NY)',
          exp.dir === 'act-laboratories-ny' ? 'OCM-CPL-00001' : 'OCM-CPL-00011',
        ]);
        const got = new Map<string, Record<string, unknown>>(
          set.body.results.filter((r: { derived: boolean }) => !r.derived).map((r: { analyte: string }) => [r.analyte, r]),
        );
        const mismatches: string[] = [];
        for (const e of exp.results) {
          // A printed verdict with neither value nor unit ("Homogeneity: Pass") is the panel's status, not a result.
          if (e.unit === null) {
            const printed = set.body.meta.printedPanelStatus ?? {};
            if (fold(printed[e.name]) !== fold(e.reportedValue))
              mismatches.push(`${e.analyte}: panel status ${printed[e.name]} read, ${e.reportedValue} printed`);
            continue;
          }
          const g = got.get(e.analyte);
          if (!g) {
            mismatches.push(`${e.analyte}: missing`);
            continue;
          }
          const actual = {
            panel: g.panel,
            value: g.value,
            qualifier: g.qualifier,
            unit: g.unit,
            loq: num(g.loq as string),
            limit: num(g.limit as string),
            status: g.status,
            unsure: g.unsure,
          };
          const tableGap = exp.tableGaps && (g.status === 'no_limit' || g.status === 'report_only');
          const wanted = {
            panel: e.panel,
            value: e.value,
            qualifier: e.qualifier,
            unit: e.unit,
            loq: e.loq,
            limit: e.limit,
            status: tableGap ? g.status : e.status,
            unsure: null,
          };
          if (JSON.stringify(actual) !== JSON.stringify(wanted))
            mismatches.push(`${e.analyte}: got ${JSON.stringify(actual)} expected ${JSON.stringify(wanted)}`);
        }
        const extra = [...got.keys()].filter((k) => !exp.results.some((e) => e.analyte === k) && !k.startsWith('total_'));
        expect(mismatches).toEqual([]);
        expect(extra).toEqual([]);
        if (exp.tableGaps) {
          // ACT's page-1 Tests Summary grid, lowercased, by panel key ("Not Tested" → not_tested).
          const printed = Object.entries(set.body.meta.printedPanelStatus as Record<string, string>).map(([panel, status]) => [
            parsePanel(panel) ?? fold(panel),
            fold(status).replace(/\s+/g, '_'),
          ]);
          expect(Object.fromEntries(printed)).toEqual(exp.panelStatus);
        }
      },
    );
  },
);
