import { isInternalStandard } from '../../../src/catalog';
import request from 'supertest';
import { importedResults, registerSamples, upload } from '../../support/lab-setup';
import { realExport, realExportExpectations, realExportMethods, realExportSampleIds } from '../../support/real-exports';
import { describeWithSharedSamples } from '../../support/shared-samples';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';

/**
 * Every real export in ../shared/samples/instruments through POST /api/imports, checked against the
 * hand-derived expectations in test/regression/instruments/expected (see each file's `derivation`).
 */

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
  // The unit (ug/mL) and the dilution come from the lab's method below, not from the upload.
  'shimadzu-labsolutions-lc2040c-cannabinoids.txt': { mass: '0.5', volume: '25' },
  'shimadzu-labsolutions-lc2040c-cannabinoids.csv': { mass: '0.5', volume: '25' },
  'perkinelmer-nexion350x-simple.xlsx': { mass: '0.25', volume: '50' },
  'agilent-masshunter-quant.csv': { mapping: JSON.stringify({ unit: 'ng/mL' }) },
};

const files = (): ExpectedFile[] => realExportExpectations<ExpectedFile>();

interface StoredRow {
  analyte: string;
  reportedValue: string;
  value: number | null;
  qualifier: string | null;
  loq?: string | null;
  unsure?: string | null;
  provenance?: Record<string, unknown>;
}

const METHODS = realExportMethods(['shimadzu-labsolutions-ascii'], ['perkinelmer-syngistix-summary-report']);

describeWithSharedSamples('real instrument exports imported through HTTP')(
  'real instrument exports imported through HTTP',
  () => {
    let t: TestApp;
    let tech: string;
    beforeAll(async () => {
      t = await startTestApp();
      tech = await t.userToken('tara.tech', 'technician');
      await registerSamples(
        t.http,
        tech,
        realExportSampleIds(files()).map((labSampleId) => ({ labSampleId })),
      );
    });
    afterAll(async () => t.close());

    // Runs first, before the lab has a method for LabSolutions.
    it('keeps the Shimadzu rows waiting for the unit when neither the file nor a method gives it, and imports them when the file is processed again with it', async () => {
      const first = await upload(t.http, tech, realExport('shimadzu-labsolutions-lc2040c-cannabinoids.txt')).expect(201);

      expect(first.body.resultSets).toEqual([]);
      expect(first.body.awaitingUnit).toBe(22);
      expect(first.body.unmatched.map((u: { reason: string; message: string }) => [u.reason, u.message])).toEqual([
        [
          'missing_unit',
          '22 row(s) of sample OCT METHOD wait for the unit the instrument reports in: the file prints none and no lab method gives it',
        ],
      ]);
      await request(t.http)
        .post(`/api/imports/${first.body.id}/reprocess`)
        .set(bearer(tech))
        .send({ unit: 'furlongs' })
        .expect(400);

      const again = await request(t.http)
        .post(`/api/imports/${first.body.id}/reprocess`)
        .set(bearer(tech))
        .send({ unit: 'ug/mL', mass: '0.5', volume: '25', dilution: '1' })
        .expect(201);
      expect([again.body.reprocessOf, again.body.awaitingUnit, again.body.unmatched]).toEqual([first.body.id, undefined, []]);
      const [set] = await importedResults(t.http, tech, again.body);
      const cbda = (set.results as StoredRow[]).find((r) => r.analyte === 'cbda' && r.provenance?.row === 21);
      expect([cbda?.value, cbda?.reportedValue, cbda?.provenance?.printed, cbda?.provenance?.computation]).toEqual([
        0.667595, // %: 133.519 ug/mL × 25 mL ÷ 0.5 g = 6675.95 ug/g (six significant digits, as printed)
        '6675.95',
        '133.519 ug/mL printed in O21',
        '× 25 mL ÷ 0.5 g = 6675.95 ug/g',
      ]);
      const audit = await request(t.http)
        .get(`/api/audit?entityType=import&entityId=${again.body.id}`)
        .set(bearer(ADMIN_TOKEN))
        .expect(200);
      expect(JSON.stringify(audit.body)).toContain(first.body.id);
    });

    it("a manager records the lab's methods: the unit LabSolutions does not print, the metals' LOQs", async () => {
      const manager = await t.userToken('mona.manager', 'manager');
      for (const method of METHODS) await request(t.http).post('/api/methods').set(bearer(manager)).send(method).expect(201);
    });

    it.each(
      files()
        .filter((f) => f.refused)
        .map((f) => [f.file, f] as const),
    )('%s is refused: it cannot produce results', async (_, exp) => {
      const res = await upload(t.http, tech, realExport(exp.file)).expect(422);

      expect(res.body.message).toContain(`template ${exp.template}`);
      expect(res.body.message).toContain(exp.refused?.reason);
    });

    it.each(
      files()
        .filter((f) => !f.refused)
        .map((f) => [f.file, f] as const),
    )(
      '%s',
      async (_, exp) => {
        const res = await upload(t.http, tech, realExport(exp.file), UPLOAD_FIELDS[exp.file] ?? {});
        // The .txt was imported (and processed again with its unit) by the first test: the same bytes answer with that import.
        expect([res.status, res.body.message]).toEqual([
          exp.file === 'shimadzu-labsolutions-lc2040c-cannabinoids.txt' ? 200 : 201,
          undefined,
        ]);
        expect(res.body.template).toBe(exp.template);
        expect(res.body.qcRowsSkipped).toBeGreaterThanOrEqual(exp.qcRowsSkipped);

        const bySample = new Map<string, StoredRow[]>(
          (await importedResults(t.http, tech, res.body)).map((s) => [s.labSampleId, s.results]),
        );
        const unknown = new Set(res.body.unknownAnalytes.map((u: { name: string }) => u.name));
        const problems: string[] = [];
        for (const s of exp.samples) {
          const id = s.ref.labSampleId ?? s.ref.sampleName ?? '';
          const rows = bySample.get(id) ?? [];
          for (const r of s.rows) {
            if (r.analyte === null) {
              // Names outside the catalog are reported with candidates; internal-standard elements are not results.
              if (!unknown.has(r.name) && !isInternalStandard(r.name))
                problems.push(`${id} ${r.name}: expected among unknown analytes`);
              continue;
            }
            // Pending rows were finished with the upload's preparation data, so only the analyte is checked.
            const found = rows.find(
              (g) => g.analyte === r.analyte && (r.pending || UPLOAD_FIELDS[exp.file]?.mass || g.reportedValue === r.valueText),
            );
            if (!found) problems.push(`${id} ${r.analyte} = ${r.valueText}: not among the stored results`);
          }
        }
        expect(problems).toEqual([]);
        expect(res.body.unmatched.filter((u: { reason: string }) => u.reason === 'no_sample')).toEqual([]);
        if (exp.file === 'shimadzu-labsolutions-lc2040c-cannabinoids.csv')
          expect(res.body.method).toEqual({ key: 'hplc-potency', version: 1 });
      },
      240_000,
    ); // TargetLynx: 1,365 results of 19 unknown analytes and 2,585 QC rows, on a shared machine

    it("reports NexION's Hg, Pb and Cd of KLS-1223 as <LOQ with the method's LOQ, as the lab's own final column does, and says how each was computed", async () => {
      const res = await upload(t.http, tech, {
        name: 'nexion-again.xlsx',
        bytes: realExport('perkinelmer-nexion-icpms-heavy-metals.xlsx').bytes,
      }).expect(200);
      const sets = new Map((await importedResults(t.http, tech, res.body)).map((s) => [s.labSampleId, s.results as StoredRow[]]));
      const kls1223 = sets.get('KLS-1223') ?? [];
      const shown = (analyte: string) => {
        const r = kls1223.find((x) => x.analyte === analyte);
        return r && [r.value, r.qualifier, r.loq, r.unsure];
      };

      expect(res.body.method).toEqual({ key: 'icpms-metals', version: 1 });
      expect(shown('mercury')).toEqual([null, '<LOQ', '0.02', null]);
      expect(shown('lead')).toEqual([null, '<LOQ', '0.02', null]);
      expect(shown('cadmium')).toEqual([null, '<LOQ', '0.02', null]);
      expect(shown('arsenic')).toEqual([0.0937, null, '0.02', null]);
      expect(kls1223.find((x) => x.analyte === 'lead')?.provenance).toMatchObject({
        printed: '0.16 ppb printed in Quant Summary!E566',
        computedValue: '0.016 ug/g',
        below: 'LOQ 0.02 ug/g',
        method: 'icpms-metals v1',
        printedFinal: '<LOQ',
      });
      expect(kls1223.find((x) => x.analyte === 'arsenic')?.provenance).toMatchObject({
        printed: '0.914 ppb printed in Quant Summary!E564',
        computation: '× 102.5 mL/g ÷ 1000 = 0.0937 ug/g',
      });
      // Where the lab's column and the method disagree, both stay and the reviewer is asked.
      const kls1224Lead = (sets.get('KLS-1224') ?? []).find((x) => x.analyte === 'lead');
      expect([kls1224Lead?.value, kls1224Lead?.unsure]).toEqual([
        0.0531,
        `the file's own final result is "<LOQ", the computed result 0.0531 ug/g (LOQ 0.02 ug/g): check which is right`,
      ]);
    });
  },
);
