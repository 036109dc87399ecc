import * as os from 'node:os';
import { startBenchApp, type BenchApp, type DatabaseKind } from '../bench-app';
import { pdfJsMs } from '../floors';
import { expectImported, uploadFile } from '../http-upload';
import { copyOf, type Certificate } from '../inputs/certificates';
import { PeakRss, serviceRssMb, settle, timed } from '../measure';
import { fits, type BenchContext, type Measurement } from '../section';

const SERIAL_TARGET = '≤ 1.5× floor per certificate';
const MAX_SERIAL_RATIO = 1.5;
/**
 * Both cores in use while uploads arrive together. Not a multiple of the serial rate: a certificate read on
 * its own already splits its pages across both readers.
 */
const CONCURRENT_TARGET = '≥ 1.5 cores busy';
const MIN_CORES_BUSY = 1.5;

const SERIAL_CASE = 'CoA PDFs imported one after another';
const CONCURRENT_CASE = 'CoA PDFs imported all at once';
/** The growth series: 1× is two certificates, 16× thirty-two (byte-distinct copies past the set's eight). */
const GROWTH_BASE = 2;

/** Times the service imports every certificate before it is timed (the first time as new results, then as copies). */
const WARM_UP_ROUNDS = 3;

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
  for (const c of certs) await pdfJsMs(c.bytes);
  for (const c of certs) {
    const runs: number[] = [];
    for (let i = 0; i < FLOOR_RUNS; i++) runs.push(await pdfJsMs(c.bytes));
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
  const source = set.real
    ? `the ${certs.length} real NY certificates`
    : `${certs.length} generated certificates (../shared absent)`;
  const floorOf = (run: Certificate[]) => run.reduce((sum, c) => sum + floors.get(c.name)!, 0);
  const coldMs = await warmUp(database, ctx, certs);
  const app = await startBenchApp(database, ctx.postgresBase);
  const rss = new PeakRss();
  const out: Measurement[] = [];
  try {
    await registerSamplesOf(app, certs);
    ctx.log(`  ${database}: ${source}, pdf.js floor ${Math.round(floorOf(certs) / certs.length)} ms per certificate`);

    const serial = await measureSerial(ctx, app, rss, certs);
    const serialRate = certs.length / (serial.ms / 1000);
    out.push(
      serialMeasurement(
        database,
        certs.length === 8 && growth ? 4 : undefined,
        certs.length,
        serial,
        `${Math.round(serial.ms / certs.length)} ms per certificate (the first pass after the service started, before it was timed: ${Math.round(coldMs)} ms); ${source}`,
      ),
    );

    const copies = certs.map((c) => ({ ...c, bytes: copyOf(c.bytes, 1) }));
    const concurrent = await measureConcurrent(ctx, app, rss, copies);
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
      met: concurrent.coresBusy >= MIN_CORES_BUSY,
      note: `${concurrent.coresBusy.toFixed(2)} of ${os.availableParallelism()} cores busy on average (CPU time ÷ wall time), ${(concurrentRate / serialRate).toFixed(2)}× the serial rate; byte-distinct copies, so results arrive as duplicates`,
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
          out.push({
            section: 'coa',
            case: SERIAL_CASE,
            database,
            scale,
            work: count,
            unit: 'certificates',
            ms: Number.NaN,
            target: SERIAL_TARGET,
            note: `skipped: projected ${Math.round(projected / 1000)} s would end past the time budget`,
          });
          continue;
        }
        const m = await measureSerial(ctx, app, rss, run);
        msPerCert = m.ms / run.length;
        out.push(
          serialMeasurement(
            database,
            scale,
            count,
            m,
            'byte-distinct copies: their results arrive as duplicates of the first import’s',
          ),
        );
      }
    }
  } finally {
    await rss.stop();
    await app.close();
  }
  return out;
}

/**
 * The floor is timed warm (pdf.js has read every certificate first), so the service is too: it imports every
 * certificate (then byte-distinct copies of them) on a throw-away database, which compiles its code paths and
 * starts its PDF readers, as a service that has run for a while has them. The measured run starts on a fresh
 * database. Returns the time per certificate of the first, cold pass, which the table's note reports.
 */
async function warmUp(database: DatabaseKind, ctx: BenchContext, certs: Certificate[]): Promise<number> {
  const app = await startBenchApp(database, ctx.postgresBase);
  try {
    await registerSamplesOf(app, certs);
    const cold = await timed(() => importAll(app, certs, 1));
    for (let round = 1; round < WARM_UP_ROUNDS; round++)
      await importAll(
        app,
        certs.map((c) => ({ ...c, bytes: copyOf(c.bytes, 900 + round) })),
        1,
      );
    return cold.ms / certs.length;
  } finally {
    await app.close();
  }
}

async function registerSamplesOf(app: BenchApp, certs: Certificate[]): Promise<void> {
  for (const license of new Set(certs.map((c) => c.clientLicense))) {
    await app.registerSamples(
      certs.filter((c) => c.clientLicense === license).map((c) => ({ labSampleId: c.labSampleId, productType: c.productType })),
      license,
    );
  }
}

function serialMeasurement(
  database: DatabaseKind,
  scale: number | undefined,
  count: number,
  m: RunFigures & { floorMs: number },
  note: string,
): Measurement {
  const { floorMs } = m;
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

interface RunFigures {
  ms: number;
  serviceRssMb: number;
  rssGrowthMb: number;
  processPeakRssMb: number;
}

/**
 * Certificates one after another, each import between two reads of the same file by pdf.js alone, whose
 * mean is its floor: on a shared virtual machine the CPU this process gets moves from minute to minute, and
 * timing each import beside its floor lets both see the same machine. `ms` is the imports' time only. (Collecting
 * the floor's garbage before each import was tried: the forced collections slowed the pdf.js runs after them
 * more than the imports, flattering the ratio.)
 */
async function measureSerial(
  ctx: BenchContext,
  app: BenchApp,
  rss: PeakRss,
  certs: Certificate[],
): Promise<RunFigures & { floorMs: number }> {
  settle();
  let ms = 0;
  let floorMs = 0;
  const step = await rss.measure(async () => {
    for (const c of certs) {
      const before = await pdfJsMs(c.bytes);
      ms += (await timed(async () => expectImported(await uploadFile(app.baseUrl, app.techToken, c), c.name))).ms;
      floorMs += (before + (await pdfJsMs(c.bytes))) / 2;
    }
  });
  return { ...figures(ctx, step), ms, floorMs };
}

/** All certificates at once; `coresBusy` is the process's CPU time (every thread) over the wall time. */
async function measureConcurrent(
  ctx: BenchContext,
  app: BenchApp,
  rss: PeakRss,
  certs: Certificate[],
): Promise<RunFigures & { coresBusy: number }> {
  settle();
  const cpu = process.cpuUsage();
  const step = await rss.measure(() => importAll(app, certs, certs.length));
  const used = process.cpuUsage(cpu);
  return { ...figures(ctx, step), coresBusy: (used.user + used.system) / 1000 / step.ms };
}

function figures(ctx: BenchContext, step: { ms: number; startRssMb: number; peakRssMb: number }): RunFigures {
  return {
    ms: step.ms,
    serviceRssMb: serviceRssMb(ctx, step),
    rssGrowthMb: Math.max(0, step.peakRssMb - step.startRssMb),
    processPeakRssMb: step.peakRssMb,
  };
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
