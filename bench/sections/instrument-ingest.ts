import { startBenchApp, type BenchApp, type DatabaseKind } from '../bench-app';
import { readWithSheetJs } from '../floors';
import { expectImported, uploadFile } from '../http-upload';
import { chemstationRun } from '../inputs/chemstation';
import { longCsv } from '../inputs/long-csv';
import { medianMs, PeakRss, serviceRssMb, settle } from '../measure';
import { fits, writeInputs, type BenchContext, type Measurement } from '../section';

const TARGET = '≤ 4× floor, < 400 MB RSS';
const MAX_RATIO = 4;
const MAX_RSS_MB = 400;

/**
 * 16× is the headline: 10,000 samples × 10 analytes (100,000 results), and a 200-injection ChemStation run.
 * BENCH_QUICK=1 divides everything by 16, for trying the harness out.
 */
const QUICK = process.env.BENCH_QUICK === '1';
const CSV_SAMPLES: Record<number, number> = QUICK ? { 1: 40, 4: 160, 16: 625 } : { 1: 625, 4: 2500, 16: 10_000 };
const CHEMSTATION_FILES: Record<number, number> = QUICK ? { 1: 1, 4: 4, 16: 13 } : { 1: 13, 4: 50, 16: 200 };

const CSV_CASE = 'long CSV (generic-long), samples × 10 analytes';
const UNMATCHED_CASE = 'the 16× CSV naming no registered sample: read, normalize, summarise, draft nothing';
const CHEMSTATION_CASE = 'ChemStation Report-to-XLS, one workbook per injection';

/**
 * Instrument ingest, end to end: HTTP upload to committed draft result sets, against SheetJS alone
 * reading the same bytes (the floor). Both inputs at 1×, 4× and 16× the base work; the 16× CSV goes last
 * because it is by far the longest step.
 */
export async function runInstrumentIngest(
  ctx: BenchContext,
  database: DatabaseKind,
  floors: Map<string, number>,
  options: { pipelineOnly: boolean },
): Promise<Measurement[]> {
  const out: Measurement[] = [];
  const csv = Object.fromEntries([1, 4, 16].map((scale) => [scale, writeInputs(ctx, longCsv(`${scale}x`, CSV_SAMPLES[scale]))]));
  const chem = Object.fromEntries([1, 4, 16].map((scale) => [scale, chemstationRun(`${scale}x`, CHEMSTATION_FILES[scale])]));
  for (const scale of [1, 4, 16]) chem[scale].files = chem[scale].files.map((f) => writeInputs(ctx, f));
  const app = await startBenchApp(database, ctx.postgresBase);
  const rss = new PeakRss();
  try {
    for (const scale of [1, 4, 16]) {
      await app.registerSamples(csv[scale].sampleIds.map((labSampleId) => ({ labSampleId })));
      await app.registerSamples(chem[scale].sampleIds.map((labSampleId) => ({ labSampleId })));
    }
    let csvMsPerResult = 0;
    for (const scale of [1, 4]) {
      const m = await importCsv(ctx, app, rss, csv[scale], scale, floors);
      csvMsPerResult = m.ms / m.work;
      out.push(m);
    }
    if (options.pipelineOnly)
      out.push(await importUnmatched(ctx, app, rss, writeInputs(ctx, longCsv('u16', CSV_SAMPLES[16])), floors));
    let chemMsPerFile = 0;
    for (const scale of [1, 4, 16]) {
      const projected = chemMsPerFile * CHEMSTATION_FILES[scale];
      if (chemMsPerFile && !fits(ctx, projected))
        out.push(skipped(CHEMSTATION_CASE, database, scale, CHEMSTATION_FILES[scale], 'files', projected));
      else {
        const m = await importChemstation(ctx, app, rss, chem[scale], scale, floors);
        chemMsPerFile = m.ms / m.work;
        out.push(m);
      }
    }
    const projected = csvMsPerResult * csv[16].results;
    if (!fits(ctx, projected))
      out.push(skipped(CSV_CASE, database, 16, csv[16].results, 'results', projected, floors.get('csv 16')));
    else out.push(await importCsv(ctx, app, rss, csv[16], 16, floors));
  } finally {
    await rss.stop();
    await app.close();
  }
  return out;
}

async function importCsv(
  ctx: BenchContext,
  app: BenchApp,
  rss: PeakRss,
  input: ReturnType<typeof longCsv>,
  scale: number,
  floors: Map<string, number>,
): Promise<Measurement> {
  const floorMs = await floorOf(floors, `csv ${scale}`, () => medianMs(3, () => readWithSheetJs(input.bytes)));
  ctx.log(
    `  ${app.database}: long CSV ${input.sampleIds.length} samples (${(input.bytes.length / 1e6).toFixed(1)} MB), floor ${Math.round(floorMs)} ms`,
  );
  const resultsBefore = await app.count('results where derived = false');
  settle();
  const step = await rss.measure(() => uploadFile(app.baseUrl, app.techToken, input, input.fields));
  const { value: answer, ms } = step;
  const results = expectImported(answer, `long CSV ${scale}×`);
  const stored = (await app.count('results where derived = false')) - resultsBefore;
  if (results !== input.results || stored !== input.results)
    throw new Error(`long CSV ${scale}×: ${input.results} results in the file, ${results} imported, ${stored} stored`);
  return measured(CSV_CASE, app.database, scale, input.results, 'results', ms, floorMs, memory(ctx, step));
}

/** Where the time goes before any database work: the same size of file, but no sample to put results on. */
async function importUnmatched(
  ctx: BenchContext,
  app: BenchApp,
  rss: PeakRss,
  input: ReturnType<typeof longCsv>,
  floors: Map<string, number>,
): Promise<Measurement> {
  const floorMs = await floorOf(floors, 'csv unregistered', () => medianMs(3, () => readWithSheetJs(input.bytes)));
  ctx.log(`  ${app.database}: long CSV ${input.sampleIds.length} samples, none registered`);
  settle();
  const step = await rss.measure(() => uploadFile(app.baseUrl, app.techToken, input, input.fields));
  if (step.value.status !== 201 || step.value.body.unmatchedPage?.total !== input.sampleIds.length) {
    throw new Error(
      `unmatched CSV: expected 201 with ${input.sampleIds.length} unmatched, got ${step.value.status} with ${step.value.body.unmatchedPage?.total}`,
    );
  }
  const m = measured(UNMATCHED_CASE, app.database, 16, input.results, 'results', step.ms, floorMs, memory(ctx, step));
  return { ...m, scale: undefined, target: undefined, met: undefined, note: 'the part of the 16× import no database work is in' };
}

async function importChemstation(
  ctx: BenchContext,
  app: BenchApp,
  rss: PeakRss,
  input: ReturnType<typeof chemstationRun>,
  scale: number,
  floors: Map<string, number>,
): Promise<Measurement> {
  const floorMs = await floorOf(floors, `chemstation ${scale}`, () =>
    medianMs(3, () => input.files.forEach((f) => readWithSheetJs(f.bytes))),
  );
  ctx.log(`  ${app.database}: ChemStation ${input.files.length} workbooks, floor ${Math.round(floorMs)} ms`);
  settle();
  const step = await rss.measure(async () => {
    let n = 0;
    for (const file of input.files)
      n += expectImported(await uploadFile(app.baseUrl, app.techToken, file, input.fields), file.name);
    return n;
  });
  const m = measured(CHEMSTATION_CASE, app.database, scale, input.files.length, 'files', step.ms, floorMs, memory(ctx, step));
  return { ...m, note: `${step.value} results` };
}

async function floorOf(floors: Map<string, number>, key: string, measure: () => Promise<number>): Promise<number> {
  const known = floors.get(key);
  if (known !== undefined) return known;
  const ms = await measure();
  floors.set(key, ms);
  return ms;
}

function memory(
  ctx: BenchContext,
  step: { startRssMb: number; peakRssMb: number },
): { serviceRssMb: number; rssGrowthMb: number; processPeakRssMb: number } {
  return {
    serviceRssMb: serviceRssMb(ctx, step),
    rssGrowthMb: Math.max(0, step.peakRssMb - step.startRssMb),
    processPeakRssMb: step.peakRssMb,
  };
}

function measured(
  kase: string,
  database: DatabaseKind,
  scale: number,
  work: number,
  unit: string,
  ms: number,
  floorMs: number,
  rss: { serviceRssMb: number; rssGrowthMb: number; processPeakRssMb: number },
): Measurement {
  const ratio = ms / floorMs;
  return {
    section: 'instrument',
    case: kase,
    database,
    scale,
    work,
    unit,
    ms,
    floorMs,
    ratio,
    rate: work / (ms / 1000),
    ...rss,
    target: TARGET,
    met: ratio <= MAX_RATIO && rss.serviceRssMb < MAX_RSS_MB,
  };
}

function skipped(
  kase: string,
  database: DatabaseKind,
  scale: number,
  work: number,
  unit: string,
  projectedMs: number,
  floorMs?: number,
): Measurement {
  return {
    section: 'instrument',
    case: kase,
    database,
    scale,
    work,
    unit,
    ms: Number.NaN,
    target: TARGET,
    note: `skipped: projected ${Math.round(projectedMs / 1000)} s (linear from the 4× run) would end past the time budget${floorMs ? `; that is about ${Math.round(projectedMs / floorMs)}× the floor` : ''}`,
  };
}
