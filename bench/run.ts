/**
 * `npm run bench`: instrument and CoA ingest measured end to end over real HTTP against the floor (the
 * library alone on the same input), at 1×, 4× and 16× the work, and state-system reporting (approval to
 * accepted, against plain fetch posting the same bodies) and the sample sync of a large inbound transfer (linear in
 * its size, /health answering throughout), on SQLite and (when reachable) PostgreSQL.
 * Prints a table and writes bench/results.json. Never part of `npm test`.
 *
 * Steps run in a fixed order so a slow machine drops the longest one: SQLite instrument, CoA and reporting,
 * PostgreSQL CoA and reporting, then PostgreSQL instrument (its 16× CSV last of all). A step whose linear
 * projection would end past the budget (BENCH_BUDGET_SECONDS, default 570: the issue asks for under 10
 * minutes) is skipped, and the table says so and what the projection was.
 *
 * BENCH_ONLY=reporting (or instrument, coa, sample-sync; several comma-separated) runs only those sections
 * (`reporting` both state systems' reporting, `reporting-metrc` Metrc NY's alone);
 * BENCH_DATABASES=sqlite (or postgresql) runs on that database alone; BENCH_QUICK=1 divides the work by 16, for
 * trying the harness out.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DatabaseKind } from './bench-app';
import type { BenchContext, Measurement } from './section';

const SECTIONS = ['instrument', 'coa', 'reporting', 'reporting-metrc', 'sample-sync'];

async function main(): Promise<void> {
  const startedAt = new Date();
  // Measured before the service's modules load, so the estimate of its RSS leaves ts-node and the bench out.
  const harnessRssMb = Math.round(process.memoryUsage.rss() / (1024 * 1024));
  const { findPostgres } = await import('./bench-app');
  const { loadCertificates } = await import('./inputs/certificates');
  const { bareNodeRssMb } = await import('./measure');
  const { formatTable, writeResults } = await import('./report');
  const { pdfFloors, runCoaIngest } = await import('./sections/coa-ingest');
  const { runInstrumentIngest } = await import('./sections/instrument-ingest');
  const { runReporting } = await import('./sections/reporting');
  const { runReportingMetrc } = await import('./sections/reporting-metrc');
  const { runSampleSync } = await import('./sections/sample-sync');

  const budgetSeconds = Number(process.env.BENCH_BUDGET_SECONDS ?? 570);
  // BENCH_DATABASES=sqlite (or postgresql) runs on that database alone.
  const pick = process.env.BENCH_DATABASES?.split(',').map((s) => s.trim());
  const postgresBase = pick && !pick.includes('postgresql') ? undefined : await findPostgres();
  const databases = (postgresBase ? ['sqlite', 'postgresql'] : ['sqlite']).filter(
    (d): d is DatabaseKind => !pick || pick.includes(d),
  );
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lims-bench-inputs-'));
  const ctx: BenchContext = {
    databases,
    postgresBase,
    tmpDir,
    bareNodeRssMb: bareNodeRssMb(),
    harnessRssMb,
    deadline: startedAt.getTime() + budgetSeconds * 1000,
    log: (line) => console.log(`[${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(3)} s] ${line}`),
  };
  ctx.log(
    `databases: ${databases.join(', ')}${postgresBase ? '' : ' (no PostgreSQL answered at DATABASE_URL or 127.0.0.1:5432, or BENCH_DATABASES left it out)'}; budget ${budgetSeconds} s`,
  );

  const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
  const unknown = [...(only ?? [])].filter((s) => !SECTIONS.includes(s));
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown section ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})`);
  // `reporting-metrc` is a part of `reporting`: either name picks it.
  const wanted = (section: string) => !only || only.has(section) || (section === 'reporting-metrc' && only.has('reporting'));
  const measurements: Measurement[] = [];
  const instrumentFloors = new Map<string, number>();
  const certificates = wanted('coa') ? await loadCertificates() : { real: false, certificates: [] };
  if (wanted('coa')) {
    ctx.log(
      `certificates: ${certificates.real ? 'the real ones in ../shared/samples' : 'generated (../shared/samples not found)'}; measuring the pdf.js floor`,
    );
  }
  const certificateFloors = await pdfFloors(certificates.certificates);

  const plan: Array<{ section: string; title: string; run: () => Promise<Measurement[]> }> = [
    ...(databases.includes('sqlite')
      ? [
          {
            section: 'instrument',
            title: 'instrument ingest on SQLite',
            run: () => runInstrumentIngest(ctx, 'sqlite', instrumentFloors, { pipelineOnly: true }),
          },
          {
            section: 'coa',
            title: 'CoA ingest on SQLite',
            run: () => runCoaIngest(ctx, 'sqlite', certificates, certificateFloors, true),
          },
          { section: 'reporting', title: 'reporting on SQLite', run: () => runReporting(ctx, 'sqlite') },
          { section: 'reporting-metrc', title: 'reporting to Metrc NY on SQLite', run: () => runReportingMetrc(ctx, 'sqlite') },
          { section: 'sample-sync', title: 'sample sync on SQLite', run: () => runSampleSync(ctx, 'sqlite') },
        ]
      : []),
    ...(databases.includes('postgresql')
      ? [
          {
            section: 'coa',
            title: 'CoA ingest on PostgreSQL',
            run: () => runCoaIngest(ctx, 'postgresql', certificates, certificateFloors, false),
          },
          { section: 'reporting', title: 'reporting on PostgreSQL', run: () => runReporting(ctx, 'postgresql') },
          {
            section: 'reporting-metrc',
            title: 'reporting to Metrc NY on PostgreSQL',
            run: () => runReportingMetrc(ctx, 'postgresql'),
          },
          { section: 'sample-sync', title: 'sample sync on PostgreSQL', run: () => runSampleSync(ctx, 'postgresql') },
          {
            section: 'instrument',
            title: 'instrument ingest on PostgreSQL',
            run: () => runInstrumentIngest(ctx, 'postgresql', instrumentFloors, { pipelineOnly: false }),
          },
        ]
      : []),
  ].filter((step) => wanted(step.section));
  try {
    for (const step of plan) {
      ctx.log(step.title);
      measurements.push(...(await step.run()));
    }
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }

  const file = path.join(__dirname, 'results.json');
  writeResults(file, startedAt, measurements, databases);
  console.log(`\n${formatTable(measurements)}\n`);
  ctx.log(`done in ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s; wrote ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
