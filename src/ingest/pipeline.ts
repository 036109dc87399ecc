import {
  isInternalStandard,
  memoizedResolver,
  normalizeResult,
  parseDecimal,
  parseQualifier,
  resolveAnalyte,
  type AnalyteCandidate,
  type AnalyteResolver,
  type NormalizedResult,
} from '../catalog';
import type { IncomingResult } from '../results/incoming-result';
import { ImportRejected, type FileLocation } from './import-rejected.error';
import type { CertificateMeta, ParsedBatch, PendingCalculation, Provenance, RawResultRow, SampleReference } from './parsed-batch';
import { UNIT_FROM_LAYOUT, unsureResult, withNote } from './unsure-row';
import { UnknownAnalyteTally, type UnknownAnalyteCounts, type UnknownAnalyteEntry } from './unknown-analytes';

/**
 * The pure steps of the one ingestion pipeline: ParsedBatch → normalized rows per sample reference.
 * Matching needs the database and is done by the import service with `matchSample`; evaluation happens
 * when the rows join the sample's result set (results from several sources are evaluated together).
 */

export interface UnknownAnalyte {
  name: string;
  provenance: Provenance;
  candidates: AnalyteCandidate[];
  panelHint?: string;
}

/** A row still waiting for preparation data (sample mass, volume, dilution) before it is a result. */
export interface PendingRow {
  row: RawResultRow;
  pending: PendingCalculation;
}

export interface NormalizedSample {
  ref: SampleReference;
  meta?: CertificateMeta;
  panelStatus?: Record<string, string>;
  results: IncomingResult[];
  pending: PendingRow[];
  warnings: string[];
}

export interface NormalizedBatch {
  samples: NormalizedSample[];
  /** The first distinct unknown names, with one example each; every unknown row is in `unknownAnalyteCounts`. */
  unknownAnalytes: UnknownAnalyteEntry[];
  unknownAnalyteCounts: UnknownAnalyteCounts;
  internalStandardsSkipped: number;
  warnings: string[];
}

export interface NormalizeOptions {
  /** Awaited every ROWS_PER_PAUSE rows, so a caller can let other work run during a large file. */
  pause?: () => Promise<void>;
}

const ROWS_PER_PAUSE = 1000;

/**
 * Every row through the catalog, each distinct name resolved once for the file. Certificates are read leniently: a
 * row the catalog cannot read becomes an unsure result for a person to confirm, correct or drop, instead of refusing
 * the whole file; instrument exports stay strict. Candidates are scored only for
 * the unknown names the summary lists: scoring is what made a file of thousands of distinct names freeze the service.
 */
export async function normalize(batch: ParsedBatch, template: string, opts: NormalizeOptions = {}): Promise<NormalizedBatch> {
  const lenient = batch.adapter === 'coa';
  let internalStandardsSkipped = 0;
  const resolve = memoizedResolver();
  const tally = new UnknownAnalyteTally();
  let sincePause = 0;
  const samples: NormalizedSample[] = [];
  for (const s of batch.samples) {
    const out: NormalizedSample = {
      ref: s.ref,
      meta: s.meta,
      panelStatus: s.panelStatus,
      results: [],
      pending: [],
      warnings: [],
    };
    for (const row of s.rows) {
      if (opts.pause && ++sincePause >= ROWS_PER_PAUSE) {
        sincePause = 0;
        await opts.pause();
      }
      if (isInternalStandard(row.name)) {
        internalStandardsSkipped++;
        continue;
      }
      if (row.pendingCalculation) {
        out.pending.push({ row, pending: row.pendingCalculation });
        continue;
      }
      const unitless = batch.adapter === 'instrument' ? waitingForUnit(row) : undefined;
      if (unitless) {
        out.pending.push({ row, pending: unitless });
        continue;
      }
      // A certificate is a page or two: its rows are resolved one by one, so an unsure row can name its candidates.
      const n = lenient ? normalizeCertificateRow(row) : normalizeRow(row, template, resolve);
      if (n.kind === 'unknown') tally.add(n.unknown.name, n.unknown.provenance, n.unknown.candidates, n.unknown.panelHint);
      if (n.kind === 'unknown' && n.unsure) out.results.push(n.unsure);
      else if (n.kind === 'result') {
        out.results.push(n.result);
        if (n.warning) out.warnings.push(n.warning);
      }
    }
    for (const total of s.printedTotals ?? []) {
      const row = { name: total.analyte, valueText: total.valueText, unitText: total.unitText, provenance: total.provenance };
      // A certificate's total read as leniently as its rows: one in a unit that cannot be converted is unsure.
      const n = lenient ? normalizeCertificateRow(row) : normalizeRow(row, template, resolve);
      const result = n.kind === 'result' ? n.result : n.unsure;
      if (result && !out.results.some((r) => r.analyte === result.analyte)) out.results.push(result);
    }
    samples.push(out);
  }
  return {
    samples,
    unknownAnalytes: tally.entries(),
    unknownAnalyteCounts: tally.counts(),
    internalStandardsSkipped,
    warnings: batch.warnings,
  };
}

/**
 * A row of a catalog analyte whose unit nobody gave (the file prints none, the upload and the lab method
 * neither): it waits, like missing prep data, until the file is processed again with the unit.
 */
function waitingForUnit(row: RawResultRow): PendingCalculation | undefined {
  if (row.unitText?.trim()) return undefined;
  if (!resolveAnalyte(row.analyteKey ?? row.name, { panelHint: row.panelHint }).ok) return undefined;
  return { operation: 'unit', measured: row.valueText.trim(), measuredUnit: '', inputs: {}, resultUnit: '', missing: ['unit'] };
}

type RowOutcome =
  | { kind: 'result'; result: IncomingResult; warning?: string }
  | { kind: 'unknown'; unknown: UnknownAnalyte; unsure?: IncomingResult };

/**
 * A certificate row through the catalog, never refusing the file: a unit the layout declares stands in for one
 * not printed (and says so in the provenance); a row still unreadable becomes an unsure result. When only its
 * LOQ or limit cannot be read, the value is kept and the row is unsure of those.
 */
export function normalizeCertificateRow(row: RawResultRow): RowOutcome {
  const printedUnit = row.unitText !== undefined && row.unitText.trim() !== '';
  const withLayoutUnit = !printedUnit && row.unitFromLayout !== undefined ? layoutUnit(row) : row;
  const n = readRow(withLayoutUnit);
  if (n.kind === 'unknown')
    return { ...n, unsure: unsureResult(row, `${unknownWhy(n.unknown)}; confirm it as an analyte of the catalog or drop it`) };
  if (n.kind === 'result') return withLayoutUnit === row ? n : { ...n, result: { ...n.result, reportedUnit: '' } };
  if (row.loqText !== undefined || row.limitText !== undefined) {
    const bare = readRow({ ...withLayoutUnit, loqText: undefined, limitText: undefined });
    if (bare.kind === 'result')
      return { kind: 'result', result: { ...bare.result, limitText: row.limitText?.trim() || null, unsure: n.message } };
  }
  return { kind: 'result', result: unsureResult(row, n.message) };
}

/** The row with the layout's unit for its panel ("" is a presence test: the analyte's own unit, no number). */
function layoutUnit(row: RawResultRow): RawResultRow {
  const declared = row.unitFromLayout ?? '';
  const unitText = declared !== '' ? declared : presenceUnit(row);
  if (unitText === undefined) return row;
  return { ...row, unitText, provenance: withNote(row.provenance, UNIT_FROM_LAYOUT) };
}

function presenceUnit(row: RawResultRow): string | undefined {
  if (parseQualifier(row.valueText) === null) return undefined;
  const resolved = resolveAnalyte(row.analyteKey ?? row.name, { panelHint: row.panelHint });
  return resolved.ok ? resolved.analyte.unit : undefined;
}

function unknownWhy(u: UnknownAnalyte): string {
  const closest = u.candidates.slice(0, 3).map((c) => c.key);
  return `"${u.name}" is not in the analyte catalog${closest.length > 0 ? ` (closest: ${closest.join(', ')})` : ''}`;
}

/**
 * One raw row through the catalog. An unknown analyte is reported (never guessed) with candidates, unless a
 * file-wide `resolve` is given: its caller scores candidates only for the names it lists. A value or unit the
 * catalog cannot read rejects the whole file, naming the cell or line.
 */
export function normalizeRow(row: RawResultRow, template: string, resolve?: AnalyteResolver): RowOutcome {
  const reading = readRow(row, resolve);
  if (reading.kind !== 'unreadable') return reading;
  throw new ImportRejected(`${row.name}: ${reading.message}`, {
    template,
    location: locationOf(row.provenance),
    code: reading.problem,
  });
}

type RowReading = RowOutcome | { kind: 'unreadable'; problem: string; message: string };

function readRow(row: RawResultRow, resolve?: AnalyteResolver): RowReading {
  const opts = resolve ? { resolve, suggest: false } : {};
  const cq = row.unitText !== undefined && /^cq$/i.test(row.unitText.trim());
  const input = {
    name: row.analyteKey ?? row.name,
    // A qPCR cycle threshold is a presence screen: any Cq means the target was detected, "No Cq" that it was not.
    valueText: cq && parseDecimal(row.valueText.trim()) !== null ? 'Present' : row.valueText,
    unitText: cq ? 'CFU/g' : row.unitText,
    loqText: withUnit(row.loqText, row.extra?.loqUnit),
    limitText: withUnit(row.limitText, row.extra?.limitUnit),
    panelHint: row.panelHint,
  };
  let outcome = normalizeResult(input, opts);
  let warning: string | undefined;
  if (!outcome.ok && outcome.problem === 'bad_value' && isNegativeNumber(row.valueText)) {
    // Instruments print a negative concentration when the response is below the blank: nothing detected.
    outcome = normalizeResult({ ...input, valueText: '< 0' }, opts);
    warning = `${row.name} at ${where(row.provenance)}: negative concentration ${row.valueText} kept as ND`;
  }
  if (!outcome.ok) {
    if (outcome.problem === 'unknown_analyte') {
      return {
        kind: 'unknown',
        unknown: { name: row.name, provenance: row.provenance, candidates: outcome.candidates ?? [], panelHint: row.panelHint },
      };
    }
    return { kind: 'unreadable', problem: outcome.problem, message: outcome.message };
  }
  const result: NormalizedResult = {
    ...outcome.result,
    name: row.name,
    reportedValue: row.extra?.printedValue ?? row.valueText,
    ...(cq ? { reportedUnit: row.unitText ?? 'Cq' } : {}),
  };
  return {
    kind: 'result',
    result: { ...result, provenance: row.provenance, ...(row.unsure ? { unsure: row.unsure } : {}) },
    ...(warning ? { warning } : {}),
  };
}

/** Certificates print the LOQ / limit unit once in a header row ("LOQ (mg/g)"); it travels with each number. */
function withUnit(text: string | undefined, unit: string | undefined): string | undefined {
  if (text === undefined || !unit || !/^[<>≤≥]?\s*[\d.,]+$/.test(text.trim())) return text;
  return `${text.trim()} ${unit}`;
}

function isNegativeNumber(text: string): boolean {
  const t = text.trim();
  return t.startsWith('-') && parseDecimal(t) !== null;
}

export function locationOf(p: Provenance): FileLocation {
  if (p.kind === 'cell') return { sheet: p.sheet, row: p.row, column: p.column };
  if (p.kind === 'text') return { page: p.page, line: p.line };
  return {};
}

export function where(p: Provenance): string {
  if (p.kind === 'cell') return `${p.sheet ? `sheet "${p.sheet}" ` : ''}cell ${p.column}${p.row}`;
  if (p.kind === 'text') return `page ${p.page} line ${p.line}`;
  return p.field;
}

/** How a parsed sample is named to a person: the strongest reference it carries. */
export function describeRef(ref: SampleReference): string {
  return ref.uid ?? ref.labSampleId ?? ref.batch ?? ref.sampleName ?? '(no sample reference)';
}

/** Instrument exports name samples in one "sample" column; that text may be a lab sample id or a UID. */
export function lookupKeys(ref: SampleReference): { uid?: string; labSampleId?: string; batch?: string } {
  const name = ref.sampleName?.trim();
  return {
    uid: ref.uid ?? (name && /^\d{16}$/.test(name) ? name : undefined),
    labSampleId: ref.labSampleId ?? name,
    batch: ref.batch,
  };
}
