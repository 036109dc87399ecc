import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatabaseKind } from './bench-app';

/** One line of the results table (and of results.json). */
export interface Measurement {
  /** `instrument`, `coa`, `reporting` or `sample-sync`. */
  section: string;
  /** What was done, e.g. "long CSV, 10,000 samples × 10 analytes". */
  case: string;
  database: DatabaseKind | 'none';
  /** 1, 4 or 16: the multiple of the base work, for the growth table. */
  scale?: number;
  /** How much work: results, files or certificates. */
  work: number;
  unit: string;
  ms: number;
  /** The same input through the library alone (SheetJS, pdf.js). */
  floorMs?: number;
  /** Ingest: time ÷ floor time (lower is better). Reporting: rate ÷ floor rate (higher is better). */
  ratio?: number;
  /** `work` per second. */
  rate?: number;
  /** The floor's `work` per second. */
  floorRate?: number;
  /** Reporting: the median and 99th percentile of the time from a set's approval to its accepted submission. */
  p50Ms?: number;
  p99Ms?: number;
  /** The service's resident size at the step's peak (an upper estimate: see `serviceRssMb`). */
  serviceRssMb?: number;
  /** How far the step raised the process's resident size. */
  rssGrowthMb?: number;
  /** The whole bench process's peak resident size, harness and TypeScript compiler included. */
  processPeakRssMb?: number;
  /** The target in words, and whether this run met it. */
  target?: string;
  met?: boolean;
  /** Why a run was skipped, or what to know when reading it. */
  note?: string;
}

export interface BenchContext {
  databases: DatabaseKind[];
  postgresBase?: string;
  /** Generated inputs go here; removed at the end. */
  tmpDir: string;
  /** Epoch ms by which the run must be done; a step projected past it is skipped and says so. */
  deadline: number;
  /** RSS of a bare Node process on this machine (MB). */
  bareNodeRssMb: number;
  /** RSS of this process before it loaded the service: ts-node, its TypeScript compiler, the bench (MB). */
  harnessRssMb: number;
  log: (line: string) => void;
}

/** A part of the benchmark (instrument ingest, CoA ingest, state-system reporting). */
export interface BenchSection {
  name: string;
  run(ctx: BenchContext): Promise<Measurement[]>;
}

/** Whether a step projected to take `projectedMs` still fits before the deadline. */
export function fits(ctx: BenchContext, projectedMs: number): boolean {
  return Date.now() + projectedMs < ctx.deadline;
}

/** Writes a generated input to the run's temp dir and uploads what was written: the file a person could open. */
export function writeInputs<T extends { name: string; bytes: Buffer }>(ctx: BenchContext, input: T): T {
  const file = path.join(ctx.tmpDir, input.name);
  fs.writeFileSync(file, input.bytes);
  return { ...input, bytes: fs.readFileSync(file) };
}
