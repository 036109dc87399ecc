import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { truncatedXls, truncatedXlsx } from '../../generators/instruments/bad-fixtures';
import {
  claimedHugeRangeXlsx,
  corruptSheetXlsx,
  corruptXls,
  FORMULA_LEADS,
  formulasAndExternalLinksXlsx,
  formulaWithoutCachedValueXlsx,
  HOSTILE_MAPPING,
  HOSTILE_SAMPLES,
  lyingZipBombXlsx,
  millionEmptyRowsXlsx,
  zipBombXlsx,
  type HostileFile,
} from '../../generators/hostile/spreadsheets';
import { importedResults, registerSamples, upload } from '../../support/lab-setup';
import { startTestApp, type TestApp } from '../../support/test-app';
import { RssSampler, storedCounts, type StoredCounts } from './hostile-support';

const MIB = 1024 * 1024;
/** The limit the suite runs with: room for the million empty rows (16.1 MiB of XML); the bombs inflate to 8 times more. */
const MAX_UNCOMPRESSED = 32 * MIB;
const BOMB_MIB = 256;
const FIELDS = { template: 'generic-long', mapping: JSON.stringify(HOSTILE_MAPPING) };

describe('hostile spreadsheets', () => {
  let t: TestApp;
  let tech: string;
  let rss: RssSampler;
  beforeAll(async () => {
    t = await startTestApp({ IMPORT_MAX_UNCOMPRESSED_BYTES: String(MAX_UNCOMPRESSED), IMPORT_MAX_ROWS: '500000' });
    tech = await t.userToken('tara.tech', 'technician');
    await registerSamples(
      t.http,
      tech,
      HOSTILE_SAMPLES.map((labSampleId) => ({ labSampleId })),
    );
    rss = RssSampler.start();
  });
  afterAll(async () => {
    await rss.stop();
    await t.close();
  });

  describe('refused with 422, keeping only the rejected-upload record', () => {
    interface Refusal {
      name: string;
      file: () => HostileFile;
      code: string;
      message: string | RegExp;
      /** Bounds on the request: wall time, and how far the process's RSS may rise while it runs. */
      maxMs: number;
      maxRssGrowthMb: number;
    }

    // Why these bounds: a refusal that reads the whole bomb would hold its 256 MiB at least once (SheetJS
    // inflates a part whole, then makes a string of it), so 64 MiB of growth separates "measured the zip"
    // from "inflated it". Small corrupt files have nothing to grow into; 64 MiB leaves room for the GC's noise.
    const REFUSALS: Refusal[] = [
      {
        name: `a zip bomb: a ${Math.round(zipBombXlsx(BOMB_MIB).bytes.length / 1024)} KiB XLSX whose sheet inflates to ${BOMB_MIB} MiB`,
        file: () => zipBombXlsx(BOMB_MIB),
        code: 'inflates_too_large',
        message: `template generic-long: the workbook inflates past the limit for one import (${MAX_UNCOMPRESSED} bytes): its parts declare ${BOMB_MIB * MIB + bombOverhead()} bytes once inflated: expected a workbook that inflates to at most ${MAX_UNCOMPRESSED} bytes`,
        maxMs: 3000,
        maxRssGrowthMb: 64,
      },
      {
        name: `a zip bomb whose headers claim 4 KiB for a sheet of ${BOMB_MIB} MiB`,
        file: () => lyingZipBombXlsx(BOMB_MIB),
        code: 'inflates_too_large',
        message: `template generic-long: the workbook inflates past the limit for one import (${MAX_UNCOMPRESSED} bytes): part xl/worksheets/sheet1.xml inflates to more than the 4096 bytes its zip header declares: expected a workbook that inflates to at most ${MAX_UNCOMPRESSED} bytes`,
        maxMs: 3000,
        maxRssGrowthMb: 64,
      },
      {
        name: 'a truncated XLSX',
        file: truncatedXlsx,
        code: 'corrupt_workbook',
        message:
          'template generic-long: the workbook cannot be read (it has no zip end-of-directory record); it may be truncated or corrupt: expected a complete XLS or XLSX workbook',
        maxMs: 3000,
        maxRssGrowthMb: 64,
      },
      {
        name: 'an XLSX whose sheet is not XML',
        file: corruptSheetXlsx,
        code: 'header_not_found',
        message:
          'template generic-long: sheet "Results", row 1: no header row found in the first 30 rows: expected a row holding "Sample" (mapping.sampleId), "Analyte" (mapping.analyte), "Result" (mapping.value)',
        maxMs: 3000,
        maxRssGrowthMb: 64,
      },
      {
        name: 'a truncated XLS',
        file: truncatedXls,
        code: 'corrupt_workbook',
        message:
          /^template generic-long: the workbook cannot be read \(.+\); it may be truncated or corrupt: expected a complete XLS or XLSX workbook$/,
        maxMs: 3000,
        maxRssGrowthMb: 64,
      },
      {
        name: 'an XLS header followed by noise',
        file: corruptXls,
        code: 'corrupt_workbook',
        message:
          /^template generic-long: the workbook cannot be read \(.+\); it may be truncated or corrupt: expected a complete XLS or XLSX workbook$/,
        maxMs: 3000,
        maxRssGrowthMb: 64,
      },
    ];

    it.each(REFUSALS)('refuses $name with $code, within bounded time and memory', async (c) => {
      const before = await storedCounts(t);
      const { value: res, ms, rssGrowthMb } = await rss.measure(() => upload(t.http, tech, c.file(), FIELDS));

      expect(res.status).toBe(422);
      expect(res.body.details.code).toBe(c.code);
      if (typeof c.message === 'string') expect(res.body.message).toBe(c.message);
      else expect(res.body.message).toMatch(c.message);
      expect(ms).toBeLessThan(c.maxMs);
      expect(rssGrowthMb).toBeLessThan(c.maxRssGrowthMb);
      expect(await storedCounts(t)).toEqual(onlyRejection(before));
    });
  });

  describe('read, within bounded time and memory, as the rows they really hold', () => {
    it('a sheet of three rows followed by a million empty ones, claiming the whole grid', async () => {
      const before = await storedCounts(t);
      const file = millionEmptyRowsXlsx();
      const { value: res, ms, rssGrowthMb } = await rss.measure(() => upload(t.http, tech, file, FIELDS));

      expect(res.status).toBe(201);
      expect(await resultsOf(t, tech, res.body)).toEqual([`${HOSTILE_SAMPLES[0]} lead 0.153`, `${HOSTILE_SAMPLES[1]} lead 0.21`]);
      // The million rows are 16 MiB of XML, held once as a string while SheetJS skips the rows without
      // cells (about 30 MiB and under a second here); turning them into a million row objects would not fit.
      expect(ms).toBeLessThan(5000);
      expect(rssGrowthMb).toBeLessThan(96);
      expect(await storedCounts(t)).toMatchObject({ imported: before.imported + 1, results: before.results + 2 });
    });

    it('a sheet whose dimension claims A1:XFD1048576 over three rows', async () => {
      const { value: res, ms } = await rss.measure(() => upload(t.http, tech, claimedHugeRangeXlsx(), FIELDS));

      expect(res.status).toBe(201);
      expect(res.body.resultSets.map((s: { read: number; conflicts: string[] }) => [s.read, s.conflicts])).toEqual([
        [1, []],
        [1, []],
      ]);
      expect(ms).toBeLessThan(3000);
    });
  });

  describe('formulas are never evaluated and links never followed', () => {
    let leak: http.Server;
    const requests: string[] = [];
    let leakUrl = '';
    beforeAll(async () => {
      leak = http.createServer((req, res) => {
        requests.push(req.url ?? '');
        res.end('9999');
      });
      await new Promise<void>((resolve) => leak.listen(0, '127.0.0.1', resolve));
      leakUrl = `http://127.0.0.1:${(leak.address() as AddressInfo).port}`;
    });
    afterAll(async () => new Promise<void>((resolve) => leak.close(() => resolve())));

    it('treats a formula with no cached value as the empty cell it is: no result, a warning, nothing computed', async () => {
      const before = await storedCounts(t);
      const res = await upload(t.http, tech, formulaWithoutCachedValueXlsx(), FIELDS).expect(201);

      expect(res.body).toMatchObject({ resultSets: [], unmatched: [], warnings: ['no results found in the file'] });
      expect(await storedCounts(t)).toEqual({ ...before, imported: before.imported + 1, sourceFiles: before.sourceFiles + 1 });
    });

    it('reads the values Excel cached beside WEBSERVICE, HYPERLINK and linked-workbook formulas, and fetches nothing', async () => {
      const res = await upload(t.http, tech, formulasAndExternalLinksXlsx(leakUrl), FIELDS).expect(201);

      expect(res.body.resultSets.map((s: { read: number; conflicts: string[] }) => [s.read, s.conflicts])).toEqual([
        [1, []],
        [1, []],
      ]);
      const results = (await importedResults(t.http, tech, res.body)).flatMap((s) =>
        s.results.map((r) => ({
          sample: s.labSampleId,
          analyte: r.analyte,
          name: r.name,
          reportedValue: r.reportedValue,
          loq: r.loq,
        })),
      );
      expect(results).toEqual([
        { sample: HOSTILE_SAMPLES[0], analyte: 'lead', name: 'Lead', reportedValue: '0.153', loq: '0.05' },
        { sample: HOSTILE_SAMPLES[1], analyte: 'lead', name: 'Lead', reportedValue: '0.21', loq: '0.05' },
      ]);
      expect(JSON.stringify(res.body)).not.toMatch(/WEBSERVICE|HYPERLINK|9999/);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(requests).toEqual([]);
    });
  });

  describe('CSV cells a spreadsheet would run as formulas (= + - @) stay text', () => {
    it('stores them as the text they are, never computed', async () => {
      const csv = [
        'Sample,Analyte,Result,Units,LOQ',
        `${HOSTILE_SAMPLES[0]},Cadmium,${FORMULA_LEADS.plusValue},ug/g,0.05`,
        `${HOSTILE_SAMPLES[0]},Arsenic,${FORMULA_LEADS.minusValue},ug/g,0.05`,
        `${HOSTILE_SAMPLES[0]},"${FORMULA_LEADS.analyte.replace(/"/g, '""')}",0.5,ug/g,0.05`,
        `${HOSTILE_SAMPLES[0]},${FORMULA_LEADS.atSign},0.5,ug/g,0.05`,
        `${FORMULA_LEADS.sample},Lead,0.1,ug/g,0.05`,
      ].join('\r\n');
      const res = await upload(t.http, tech, { name: 'formula-leads.csv', bytes: Buffer.from(csv) }, FIELDS).expect(201);

      const stored = (await t.sql(
        "select r.analyte, r.name, r.value, r.qualifier, r.reported_value from results r join result_sets s on s.id = r.result_set_id join samples m on m.id = s.sample_id where m.lab_sample_id = ? and r.analyte in ('cadmium', 'arsenic') order by r.analyte",
        [HOSTILE_SAMPLES[0]],
      )) as Array<Record<string, unknown>>;
      expect(stored).toEqual([
        { analyte: 'arsenic', name: 'Arsenic', value: null, qualifier: 'ND', reported_value: '-0.020' },
        { analyte: 'cadmium', name: 'Cadmium', value: '0.153', qualifier: null, reported_value: '+0.153' },
      ]);
      expect(res.body.unknownAnalytes.map((u: { name: string }) => u.name)).toEqual([
        FORMULA_LEADS.analyte,
        FORMULA_LEADS.atSign,
      ]);
      expect(res.body.unmatched.map((u: { ref: { labSampleId: string } }) => u.ref.labSampleId)).toEqual([FORMULA_LEADS.sample]);
    });

    it('refuses a value that is a formula, naming the cell, rather than computing it', async () => {
      const before = await storedCounts(t);
      const csv = `Sample,Analyte,Result,Units,LOQ\r\n${HOSTILE_SAMPLES[1]},Mercury,${FORMULA_LEADS.formulaValue},ug/g,0.05\r\n`;
      const res = await upload(t.http, tech, { name: 'formula-value.csv', bytes: Buffer.from(csv) }, FIELDS).expect(422);

      expect(res.body.details).toMatchObject({ code: 'bad_value', location: { row: 2, column: 'C' } });
      expect(res.body.message).toMatch(/^template generic-long: row 2, column C: Mercury: /);
      expect(await storedCounts(t)).toEqual(onlyRejection(before));
    });
  });
});

/** The counts after a refusal: one more rejected import and its kept file, nothing else. */
function onlyRejection(before: StoredCounts): StoredCounts {
  return { ...before, rejected: before.rejected + 1, sourceFiles: before.sourceFiles + 1 };
}

/** What the import read, as stored: it must not conflict with what earlier files put in the same samples. */
async function resultsOf(
  t: TestApp,
  tech: string,
  body: { resultSets: Array<{ id: string; labSampleId: string; read: number; conflicts: string[] }> },
): Promise<string[]> {
  expect(body.resultSets.flatMap((s) => s.conflicts)).toEqual([]);
  const sets = await importedResults(t.http, tech, body);
  return sets.flatMap((s) => s.results.map((r) => `${s.labSampleId} ${r.analyte} ${r.value}`)).sort();
}

/** The bomb's sheet holds the table rows and the XML around them besides its whitespace. */
function bombOverhead(): number {
  return zipBombXlsx(0).bytes.length === 0 ? 0 : declaredTotal(zipBombXlsx(0).bytes);
}

function declaredTotal(zip: Buffer): number {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    total += zip.readUInt32LE(at + 24);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}
