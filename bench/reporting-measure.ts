import { performance } from 'node:perf_hooks';
import type { DatabaseKind } from './bench-app';
import { fits, type BenchContext, type Measurement } from './section';

/** Both state systems' reporting is judged alike: the outbox's rate against plain fetch sending the same in lanes. */
export const REPORTING_TARGET = "≥ 0.5× the floor's rate";
const MIN_RATIO = 0.5;
/** The outbox's OUTBOX_CONCURRENCY and the floor's lanes. */
export const REPORTING_LANES = 8;

/** One run of a reporting section: its case, its faults, and those faults in words for the note. */
export interface ReportingRun<Faults> {
  kase: string;
  faults: Faults;
  words?: string;
}

/**
 * Runs each of `runs` while it fits the time budget, projecting a run by the one before it (the first by
 * `firstEstimateMs`); a run that would end past the budget is listed as skipped.
 */
export async function reportWithinBudget<Faults>(
  ctx: BenchContext,
  database: DatabaseKind,
  sets: number,
  runs: Array<ReportingRun<Faults>>,
  firstEstimateMs: number,
  report: (run: number, spec: ReportingRun<Faults>) => Promise<Measurement>,
): Promise<Measurement[]> {
  const out: Measurement[] = [];
  let projected = firstEstimateMs;
  for (const [run, spec] of runs.entries()) {
    if (!fits(ctx, projected)) {
      out.push(skippedReporting(spec.kase, database, sets, projected));
      continue;
    }
    const started = performance.now();
    out.push(await report(run, spec));
    projected = performance.now() - started;
  }
  return out;
}

export function skippedReporting(kase: string, database: DatabaseKind, sets: number, projectedMs: number): Measurement {
  return {
    section: 'reporting',
    case: kase,
    database,
    work: sets,
    unit: 'result sets',
    ms: Number.NaN,
    target: REPORTING_TARGET,
    note: `skipped: projected ${Math.round(projectedMs / 1000)} s would end past the time budget`,
  };
}

/** A reporting run's line: `sets` accepted in `ms` against the floor's `floorMs`, with approval-to-accepted times. */
export function reportingMeasurement(run: {
  kase: string;
  database: DatabaseKind;
  sets: number;
  ms: number;
  floorMs: number;
  /** Approval to accepted, per set (any order). */
  latenciesMs: number[];
  note: string;
}): Measurement {
  const rate = run.sets / (run.ms / 1000);
  const floorRate = run.sets / (run.floorMs / 1000);
  const latencies = [...run.latenciesMs].sort((a, b) => a - b);
  return {
    section: 'reporting',
    case: run.kase,
    database: run.database,
    work: run.sets,
    unit: 'result sets',
    ms: run.ms,
    floorMs: run.floorMs,
    rate,
    floorRate,
    ratio: rate / floorRate,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    target: REPORTING_TARGET,
    met: rate / floorRate >= MIN_RATIO,
    note: run.note,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}
