import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Measurement } from './section';

/** A column with `shown` appears only when some row has what it prints (the reporting rows' rates and latencies). */
const COLUMNS: Array<{ title: string; cell: (m: Measurement) => string; right?: boolean; shown?: (m: Measurement) => boolean }> =
  [
    { title: 'section', cell: (m) => m.section },
    { title: 'case', cell: (m) => m.case },
    { title: 'database', cell: (m) => m.database },
    { title: '×', cell: (m) => (m.scale ? `${m.scale}×` : ''), right: true },
    { title: 'work', cell: (m) => `${m.work.toLocaleString('en-US')} ${m.unit}`, right: true },
    { title: 'time', cell: (m) => seconds(m.ms), right: true },
    { title: 'floor', cell: (m) => seconds(m.floorMs), right: true },
    {
      title: 'ratio',
      cell: (m) => (m.ratio === undefined ? '' : `${m.ratio.toFixed(m.section === 'reporting' ? 2 : 1)}×`),
      right: true,
    },
    { title: 'rate', cell: (m) => perSecond(m.rate), right: true },
    { title: 'floor rate', cell: (m) => perSecond(m.floorRate), right: true, shown: (m) => m.floorRate !== undefined },
    { title: 'p50', cell: (m) => milliseconds(m.p50Ms), right: true, shown: (m) => m.p50Ms !== undefined },
    { title: 'p99', cell: (m) => milliseconds(m.p99Ms), right: true, shown: (m) => m.p99Ms !== undefined },
    { title: 'RSS', cell: (m) => (m.serviceRssMb === undefined ? '' : `${m.serviceRssMb} MB`), right: true },
    { title: '+RSS', cell: (m) => (m.rssGrowthMb === undefined ? '' : `${m.rssGrowthMb} MB`), right: true },
    { title: 'target', cell: (m) => m.target ?? '' },
    { title: 'met', cell: (m) => (m.met === undefined ? '—' : m.met ? 'yes' : 'NO') },
  ];

/** The results as a fixed-width table, then how the cost grows from 1× to 16×, then the notes. */
export function formatTable(measurements: Measurement[]): string {
  const columns = COLUMNS.filter((c) => !c.shown || measurements.some(c.shown));
  const rows = measurements.map((m) => columns.map((c) => c.cell(m)));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (columns[i].right ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [
    'ingest — time: HTTP upload to committed draft results; floor: the library alone on the same bytes (SheetJS, pdf.js); ratio: time ÷ floor;',
    "RSS: the service at the step's peak (upper estimate, see bench/measure.ts); +RSS: how far the step raised it.",
    ...(measurements.some((m) => m.section === 'reporting')
      ? [
          'reporting — time: 1,000 approved sets, from starting the outbox to the last accepted submission; floor: plain fetch posting',
          'the same bodies; ratio: rate ÷ floor rate; p50, p99: approval to accepted for sets approved one by one over HTTP while it runs.',
        ]
      : []),
    '',
    line(columns.map((c) => c.title)),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ];
  const growth = growthLines(measurements);
  if (growth.length)
    out.push('', 'How the cost grows (time per unit of work, relative to 1×; 1.0 all along is linear):', ...growth);
  const notes = measurements
    .filter((m) => m.note)
    .map((m) => `- ${m.section} / ${m.case} / ${m.database}${m.scale ? ` / ${m.scale}×` : ''}: ${m.note}`);
  if (notes.length) out.push('', 'Notes:', ...notes);
  return out.join('\n');
}

function growthLines(measurements: Measurement[]): string[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of measurements) {
    if (!m.scale || Number.isNaN(m.ms)) continue;
    const key = `${m.section} / ${m.case} / ${m.database}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const lines: string[] = [];
  for (const [key, ms] of groups) {
    const base = ms.find((m) => m.scale === 1);
    if (!base || ms.length < 2) continue;
    const perUnit = (m: Measurement) => m.ms / m.work;
    const steps = [...ms]
      .sort((a, b) => a.scale! - b.scale!)
      .map((m) => `${m.scale}×: ${seconds(m.ms)} (${(perUnit(m) / perUnit(base)).toFixed(2)})`);
    lines.push(`  ${key}: ${steps.join(', ')}`);
  }
  return lines;
}

function perSecond(rate: number | undefined): string {
  if (rate === undefined) return '';
  return `${rate >= 100 ? Math.round(rate).toLocaleString('en-US') : rate.toFixed(1)}/s`;
}

function milliseconds(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 10_000 ? `${Math.round(ms)} ms` : seconds(ms);
}

function seconds(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (Number.isNaN(ms)) return 'skipped';
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** bench/results.json: the measurements and the machine they were taken on. */
export function writeResults(file: string, startedAt: Date, measurements: Measurement[], databases: string[]): void {
  const cpus = os.cpus();
  const result = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      availableParallelism: os.availableParallelism(),
      totalMemoryMb: Math.round(os.totalmem() / (1024 * 1024)),
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    databases,
    measurements: measurements.map((m) => ({ ...m, ms: Number.isNaN(m.ms) ? null : Math.round(m.ms) })),
  };
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}
