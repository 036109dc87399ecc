import * as os from 'node:os';
import { startBenchApp, type BenchApp, type DatabaseKind } from '../bench-app';
import { extractWithPdfJs } from '../floors';
import { expectImported, uploadFile } from '../http-upload';
import { copyOf, type Certificate } from '../inputs/certificates';
import { PeakRss, serviceRssMb, settle, timed } from '../measure';
import { fits, type BenchContext, type Measurement } from '../section';

const SERIAL_TARGET = '≤ 1.5× floor per certificate';
const MAX_SERIAL_RATIO = 1.5;
/** Two cores: concurrent imports should come close to twice the serial rate; 1.5× is "uses both". */
const CONCURRENT_TARGET = '≥ 1.5× the serial rate (2 cores)';
const MIN_SPEEDUP = 1.5;

const SERIAL_CASE = 'CoA PDFs imported one after another';
const CONCURRENT_CASE = 'CoA PDFs imported all at once';
/** The growth series: 1× is two certificates, 16× thirty-two (byte-distinct copies past the set's eight). */
const GROWTH_BASE = 2;

/** Runs of pdf.js per certificate whose median is its floor. */
const FLOOR_RUNS = 3;

/**
 * Per-certificate pdf.js floors, measured once for all databases: the median of three runs, once pdf.js
 * has read every certificate. No garbage is collected between runs: pdf.js run straight after a forced
 * collection takes two to three times as long while its heap grows back, and the service's reader never
 * has one.
 */
export async function pdfFloors(certs: Certificate[]): Promise<Map<string, number>> {
  const floors = new Map<string, number>();
  settle();
  for (const c of certs) await extractWithPdfJs(c.bytes);
  for (const c of certs) {
    const runs: number[] = [];
    for (let i = 0; i < FLOOR_RUNS; i++) runs.push((await timed(() => extractWithPdfJs(c.bytes))).ms);
    floors.set(c.name, runs.sort((a, b) => a - b)[Math.floor(FLOOR_RUNS / 2)]);
  }
  return floors;
}

/**
 * CoA ingest: the certificates imported over HTTP one after another, then all at once, against pdf.js
 * alone extracting the same files' text (the floor); with `growth`, also 2, 8 and 32 certificates one
 * after another (1×, 4×, 16×).
 */
export async function runCoaIngest(
  ctx: BenchContext,
  database: DatabaseKind,
  set: { real: boolean; certificates: Certificate[] },
  floors: Map<string, number>,
  growth: boolean,
): Promise<Measurement[]> {
  const certs = set.certificates;
  const source = set.real ? `the ${certs.length} real NY certificates` : `${certs.length} generated certificates (../shared absent)`;
  const floorOf = (run: Certificate[]) => run.reduce((sum, c) => sum + floors.get(c.name)!, 0);
  const app = await startBenchApp(database, ctx.postgresBase);
  const rss = new PeakRss();
  const out: Measurement[] = [];
  try {
    for (const license of new Set(certs.map((c) => c.clientLicense))) {
      await app.registerSamples(certs.filter((c) => c.clientLicense === license).map((c) => ({ labSampleId: c.labSampleId, productType: c.productType })), license);
    }
    ctx.log(`  ${database}: ${source}, pdf.js floor ${Math.round(floorOf(certs) / certs.length)} ms per certificate`);

    const serial = await measureRun(ctx, app, rss, certs, 1);
    const serialRate = certs.length / (serial.ms / 1000);
    out.push(serialMeasurement(database, certs.length === 8 && growth ? 4 : undefined, certs.length, serial, floorOf(certs), `${Math.round(serial.ms / certs.length)} ms per certificate; ${source}`));

    const copies = certs.map((c) => ({ ...c, bytes: copyOf(c.bytes, 1) }));
    const concurrent = await measureRun(ctx, app, rss, copies, copies.length);
    const concurrentRate = copies.length / (concurrent.ms / 1000);
    out.push({
      section: 'coa',
      case: CONCURRENT_CASE,
      database,
      work: copies.length,
      unit: 'certificates',
      ms: concurrent.ms,
      rate: concurrentRate,
      serviceRssMb: concurrent.serviceRssMb,
      rssGrowthMb: concurrent.rssGrowthMb,
      processPeakRssMb: concurrent.processPeakRssMb,
      target: CONCURRENT_TARGET,
      met: concurrentRate / serialRate >= MIN_SPEEDUP,
      note: `${(concurrentRate / serialRate).toFixed(2)}× the serial rate with ${os.availableParallelism()} cores; byte-distinct copies, so results arrive as duplicates`,
    });

    if (growth) {
      let msPerCert = serial.ms / certs.length;
      for (const scale of [1, 16]) {
        const count = GROWTH_BASE * scale;
        const run = Array.from({ length: count }, (_, i) => {
          const c = certs[i % certs.length];
          return { ...c, bytes: copyOf(c.bytes, 1000 * scale + i) };
        });
        const projected = msPerCert * run.length;
        if (!fits(ctx, projected)) {
          out.push({ section: 'coa', case: SERIAL_CASE, database, scale, work: count, unit: 'certificates', ms: Number.NaN, target: SERIAL_TARGET, note: `skipped: projected ${Math.round(projected / 1000)} s would end past the time budget` });
          continue;
        }
        const m = await measureRun(ctx, app, rss, run, 1);
        msPerCert = m.ms / run.length;
        out.push(serialMeasurement(database, scale, count, m, floorOf(run), 'byte-distinct copies: their results arrive as duplicates of the first import’s'));
      }
    }
  } finally {
    await rss.stop();
    await app.close();
  }
  return out;
}

function serialMeasurement(
  database: DatabaseKind,
  scale: number | undefined,
  count: number,
  m: { ms: number; serviceRssMb: number; rssGrowthMb: number; processPeakRssMb: number },
  floorMs: number,
  note: string,
): Measurement {
  return {
    section: 'coa',
    case: SERIAL_CASE,
    database,
    scale,
    work: count,
    unit: 'certificates',
    ms: m.ms,
    floorMs,
    ratio: m.ms / floorMs,
    rate: count / (m.ms / 1000),
    serviceRssMb: m.serviceRssMb,
    rssGrowthMb: m.rssGrowthMb,
    processPeakRssMb: m.processPeakRssMb,
    target: SERIAL_TARGET,
    met: m.ms / floorMs <= MAX_SERIAL_RATIO,
    note,
  };
}

async function measureRun(
  ctx: BenchContext,
  app: BenchApp,
  rss: PeakRss,
  certs: Certificate[],
  concurrency: number,
): Promise<{ ms: number; serviceRssMb: number; rssGrowthMb: number; processPeakRssMb: number }> {
  settle();
  const step = await rss.measure(() => importAll(app, certs, concurrency));
  return { ms: step.ms, serviceRssMb: serviceRssMb(ctx, step), rssGrowthMb: Math.max(0, step.peakRssMb - step.startRssMb), processPeakRssMb: step.peakRssMb };
}

/** Imports `certs` over HTTP with at most `concurrency` uploads in flight. */
async function importAll(app: BenchApp, certs: Certificate[], concurrency: number): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < certs.length) {
      const c = certs[next++];
      expectImported(await uploadFile(app.baseUrl, app.techToken, c), c.name);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, certs.length) }, lane));
}
