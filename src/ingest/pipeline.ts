import { isInternalStandard, normalizeResult, parseDecimal, resolveAnalyte, type AnalyteCandidate, type NormalizedResult } from '../catalog';
import type { IncomingResult } from '../results/result-draft.service';
import { ImportRejected, type FileLocation } from './import-rejected.error';
import type { CertificateMeta, ParsedBatch, PendingCalculation, Provenance, RawResultRow, SampleReference } from './parsed-batch';

/**
 * The pure steps of the one ingestion pipeline: ParsedBatch → normalized rows per sample reference.
 * Matching needs the database and is done by the import service with `matchSample`; evaluation happens
 * when the rows join the sample's result set (results from several sources are evaluated together).
 */

export interface UnknownAnalyte {
  name: string;
  provenance: Provenance;
  candidates: AnalyteCandidate[];
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
  unknown: UnknownAnalyte[];
  warnings: string[];
}

export interface NormalizedBatch {
  samples: NormalizedSample[];
  internalStandardsSkipped: number;
  warnings: string[];
}

export function normalize(batch: ParsedBatch, template: string): NormalizedBatch {
  let internalStandardsSkipped = 0;
  const samples = batch.samples.map((s): NormalizedSample => {
    const out: NormalizedSample = {
      ref: s.ref,
      meta: s.meta,
      panelStatus: s.panelStatus,
      results: [],
      pending: [],
      unknown: [],
      warnings: [],
    };
    for (const row of s.rows) {
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
      const n = normalizeRow(row, template);
      if (n.kind === 'unknown') out.unknown.push(n.unknown);
      else {
        out.results.push(n.result);
        if (n.warning) out.warnings.push(n.warning);
      }
    }
    for (const total of s.printedTotals ?? []) {
      const n = normalizeRow({ name: total.analyte, valueText: total.valueText, unitText: total.unitText, provenance: total.provenance }, template);
      if (n.kind === 'result' && !out.results.some((r) => r.analyte === n.result.analyte)) out.results.push(n.result);
    }
    return out;
  });
  return { samples, internalStandardsSkipped, warnings: batch.warnings };
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

type RowOutcome = { kind: 'result'; result: IncomingResult; warning?: string } | { kind: 'unknown'; unknown: UnknownAnalyte };

/**
 * One raw row through the catalog. An unknown analyte is reported with candidates (never guessed); a
 * value or unit the catalog cannot read rejects the whole file, naming the cell or line.
 */
export function normalizeRow(row: RawResultRow, template: string): RowOutcome {
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
  let outcome = normalizeResult(input);
  let warning: string | undefined;
  if (!outcome.ok && outcome.problem === 'bad_value' && isNegativeNumber(row.valueText)) {
    // Instruments print a negative concentration when the response is below the blank: nothing detected.
    outcome = normalizeResult({ ...input, valueText: '< 0' });
    warning = `${row.name} at ${where(row.provenance)}: negative concentration ${row.valueText} kept as ND`;
  }
  if (!outcome.ok) {
    if (outcome.problem === 'unknown_analyte') {
      return { kind: 'unknown', unknown: { name: row.name, provenance: row.provenance, candidates: outcome.candidates ?? [] } };
    }
    throw new ImportRejected(`${row.name}: ${outcome.message}`, {
      template,
      location: locationOf(row.provenance),
      code: outcome.problem,
    });
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
