import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Measurement } from './section';

const COLUMNS: Array<{ title: string; cell: (m: Measurement) => string; right?: boolean }> = [
  { title: 'section', cell: (m) => m.section },
  { title: 'case', cell: (m) => m.case },
  { title: 'database', cell: (m) => m.database },
  { title: '×', cell: (m) => (m.scale ? `${m.scale}×` : ''), right: true },
  { title: 'work', cell: (m) => `${m.work.toLocaleString('en-US')} ${m.unit}`, right: true },
  { title: 'time', cell: (m) => seconds(m.ms), right: true },
  { title: 'floor', cell: (m) => seconds(m.floorMs), right: true },
  { title: 'ratio', cell: (m) => (m.ratio === undefined ? '' : `${m.ratio.toFixed(1)}×`), right: true },
  { title: 'rate', cell: (m) => (m.rate === undefined ? '' : `${m.rate >= 100 ? Math.round(m.rate).toLocaleString('en-US') : m.rate.toFixed(1)}/s`), right: true },
  { title: 'RSS', cell: (m) => (m.serviceRssMb === undefined ? '' : `${m.serviceRssMb} MB`), right: true },
  { title: '+RSS', cell: (m) => (m.rssGrowthMb === undefined ? '' : `${m.rssGrowthMb} MB`), right: true },
  { title: 'target', cell: (m) => m.target ?? '' },
  { title: 'met', cell: (m) => (m.met === undefined ? '—' : m.met ? 'yes' : 'NO') },
];

/** The results as a fixed-width table, then how the cost grows from 1× to 16×, then the notes. */
export function formatTable(measurements: Measurement[]): string {
  const rows = measurements.map((m) => COLUMNS.map((c) => c.cell(m)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (COLUMNS[i].right ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [
    'time: HTTP upload to committed draft results; floor: the library alone on the same bytes (SheetJS, pdf.js);',
    'RSS: the service at the step\'s peak (upper estimate, see bench/measure.ts); +RSS: how far the step raised it.',
    '',
    line(COLUMNS.map((c) => c.title)),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ];
  const growth = growthLines(measurements);
  if (growth.length) out.push('', 'How the cost grows (time per unit of work, relative to 1×; 1.0 all along is linear):', ...growth);
  const notes = measurements.filter((m) => m.note).map((m) => `- ${m.section} / ${m.case} / ${m.database}${m.scale ? ` / ${m.scale}×` : ''}: ${m.note}`);
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
    const steps = [...ms].sort((a, b) => a.scale! - b.scale!).map((m) => `${m.scale}×: ${seconds(m.ms)} (${(perUnit(m) / perUnit(base)).toFixed(2)})`);
    lines.push(`  ${key}: ${steps.join(', ')}`);
  }
  return lines;
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
