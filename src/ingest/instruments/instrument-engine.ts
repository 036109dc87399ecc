import Decimal from 'decimal.js';
import { ImportRejected } from '../import-rejected.error';
import type {
  ParsedBatch,
  ParsedSample,
  PendingCalculation,
  PrepData,
  Provenance,
  RawResultRow,
  SampleReference,
} from '../parsed-batch';
import type { ParseContext, SourceFileInput } from '../source-adapter';
import {
  computeFinal,
  describeCalculation,
  isConcentrationUnit,
  isMassFractionUnit,
  isPositive,
  missingInputs,
  OPERATION_INPUTS,
  type CalculationOperation,
} from './calculation';
import type { ColumnMapping } from './column-ref';
import type { InputSource, InstrumentTemplate } from './instrument-template.schema';
import { readCompoundBlocksLayout } from './layouts/compound-blocks.layout';
import { readKeyValueWorkbookLayout } from './layouts/key-value-workbook.layout';
import type { LayoutEnv } from './layouts/layout-support';
import { readLongLayout } from './layouts/long.layout';
import { readSampleBlocksLayout } from './layouts/sample-blocks.layout';
import { readTwoHeaderRowsLayout } from './layouts/two-header-rows.layout';
import { readWideLayout } from './layouts/wide.layout';
import { chooseDecimalSeparator, readNumber, type DecimalSeparator } from './number-text';
import { indexPrepTables, type PrepLookup } from './prep-tables';
import { compileQcRules, type QcReason } from './qc-rules';
import { readTableFile } from './read-table';
import type { LayoutOutput, LocatedCell, SourceRecord } from './source-record';
import { cleanText, columnLetter, DEFAULT_READ_LIMITS, type ReadLimits, type TableFile } from './table-file';

export { detectTemplates, explainNoMatch } from './template-detection';

export interface ParseOptions {
  limits?: ReadLimits;
  /** The file already read (the adapter reads once for detection and parsing). */
  table?: TableFile;
}

/** A row recognised as QC or internal standard: counted, never a result; listed for reviews and tests. */
export interface QcRecord {
  labSampleId?: string;
  sampleName?: string;
  name: string;
  valueText: string;
  reason: QcReason;
  provenance: Provenance;
}

export interface DetailedParse {
  batch: ParsedBatch;
  qcRecords: QcRecord[];
}

/** Parses a whole file with one template; throws `ImportRejected` naming the template, location and expectation. */
export function parseWithTemplate(
  file: SourceFileInput,
  template: InstrumentTemplate,
  ctx: ParseContext,
  options: ParseOptions = {},
): ParsedBatch {
  return parseWithTemplateDetailed(file, template, ctx, options).batch;
}

export function parseWithTemplateDetailed(
  file: SourceFileInput,
  template: InstrumentTemplate,
  ctx: ParseContext,
  options: ParseOptions = {},
): DetailedParse {
  const table =
    options.table ?? withTemplate(template.id, () => readTableFile(file.bytes, options.limits ?? DEFAULT_READ_LIMITS));
  if (!template.fileKinds.includes(table.kind))
    throw new ImportRejected(`the file is ${table.kind.toUpperCase()}, which this template does not read`, {
      template: template.id,
      expected: `a ${template.fileKinds.map((k) => k.toUpperCase()).join(' or ')} file`,
      code: 'wrong_file_kind',
    });
  const mapping = requireMapping(template, ctx);
  const env: LayoutEnv = { templateId: template.id, mapping };
  const layout = readLayout(table, template, env);
  refuseWithoutResults(template, layout);
  const decimal = chooseDecimalSeparator(table, template.numbers.decimal);
  const prepTables = indexPrepTables(table, template.prepTables, mapping);
  return assemble(file, template, ctx, layout, decimal, prepTables.lookup, prepTables.warnings);
}

function withTemplate<T>(templateId: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ImportRejected && error.details.template === undefined)
      throw new ImportRejected(error.reason, { ...error.details, template: templateId });
    throw error;
  }
}

function requireMapping(template: InstrumentTemplate, ctx: ParseContext): ColumnMapping {
  const required = template.mapping?.required ?? [];
  const missing = required.filter((key) => !ctx.mapping?.[key]?.trim());
  if (missing.length > 0)
    throw new ImportRejected(
      ctx.mapping
        ? `the column mapping lacks ${missing.map((k) => `"${k}"`).join(', ')}`
        : 'this template needs a column mapping with the upload',
      {
        template: template.id,
        expected: `a mapping naming ${required.map((k) => `"${k}"`).join(', ')}${template.mapping?.optional.length ? ` (optional: ${template.mapping.optional.map((k) => `"${k}"`).join(', ')})` : ''}`,
        code: 'mapping_missing',
      },
    );
  return ctx.mapping;
}

function readLayout(table: TableFile, template: InstrumentTemplate, env: LayoutEnv): LayoutOutput {
  const layout = template.layout;
  switch (layout.type) {
    case 'long':
      return readLongLayout(table, layout, env);
    case 'wide':
      return readWideLayout(table, layout, env);
    case 'compound_blocks':
      return readCompoundBlocksLayout(table, layout, env);
    case 'sample_blocks':
      return readSampleBlocksLayout(table, layout, env);
    case 'key_value_workbook':
      return readKeyValueWorkbookLayout(table, layout, env);
    case 'two_header_rows':
      return readTwoHeaderRowsLayout(table, layout, env);
  }
}

/**
 * A file that fits its template but cannot produce results is refused, saying why: peak areas are not
 * concentrations until the instrument software quantifies them, and a Cq is not a call without a kit table.
 */
function refuseWithoutResults(template: InstrumentTemplate, layout: LayoutOutput): void {
  const first = layout.records[0]?.value;
  const columns = template.layout.type === 'wide' ? undefined : template.layout.columns;
  const named = typeof columns?.value === 'string' ? columns.value : undefined;
  const header = first?.header ?? named;
  const column = header ? `"${header}"` : 'the value column';
  const location = first ? { sheet: first.sheet, row: first.row, column: columnLetter(first.col) } : undefined;
  if (template.measures === 'peak_area')
    throw new ImportRejected(`the file holds peak areas (${column}) and no concentration: it cannot produce results`, {
      template: template.id,
      location,
      expected: `the quantified export of ${template.instrument}: a table with a concentration column (the instrument software's calibrated amount)`,
      code: 'peak_areas_only',
    });
  // No record at all: every line lacks the target (CFX Maestro leaves "Target" empty), so even a kit could not map one.
  const analyteRef = template.layout.type === 'long' ? template.layout.analyte : undefined;
  const noTarget =
    !first && typeof analyteRef === 'string' ? ` and no line names a target ("${analyteRef}" is empty on every line)` : '';
  if (template.measures === 'cq' && !template.kit)
    throw new ImportRejected(
      `the file holds Cq values (${column}) without a presence/absence call, and the template has no kit table${noTarget}: it cannot produce results`,
      {
        template: template.id,
        location,
        expected: `a kit table (target → analyte, Cq cut-off) in the template, or the instrument's export with its call column`,
        code: 'cq_without_call',
      },
    );
}

interface SampleBucket {
  sample: ParsedSample;
  names: Map<string, number>;
}

function assemble(
  file: SourceFileInput,
  template: InstrumentTemplate,
  ctx: ParseContext,
  layout: LayoutOutput,
  decimal: DecimalSeparator,
  prepLookup: PrepLookup,
  prepWarnings: string[],
): DetailedParse {
  const qc = compileQcRules(template.qc);
  const qualifiers = new Set(template.qualifiers.map((q) => q.trim().toLowerCase()));
  const buckets = new Map<string, SampleBucket>();
  const qcRecords: QcRecord[] = [];
  const tally = { noUnit: 0, unknownUnit: new Set<string>(), pending: 0, pendingMissing: new Set<string>() };
  const notInKit = new Map<string, number>();

  for (const record of layout.records) {
    const provenance = provenanceOf(file, record);
    const reason = qc.classify(record);
    if (reason) {
      qcRecords.push({
        labSampleId: textOf(record.sample.labSampleId),
        sampleName: textOf(record.sample.sampleName),
        name: record.analyte.name,
        valueText: record.value.text.trim(),
        reason,
        provenance,
      });
      continue;
    }
    if (template.measures === 'cq' && template.kit && template.kit.targets[record.analyte.name.trim()] === undefined) {
      notInKit.set(record.analyte.name.trim(), (notInKit.get(record.analyte.name.trim()) ?? 0) + 1);
      continue;
    }
    const ref = sampleRef(record);
    const key = JSON.stringify([ref.labSampleId ?? '', ref.sampleName ?? '', ref.batch ?? '']);
    let bucket = buckets.get(key);
    if (!bucket) {
      const prep = filePrep(template, ref, prepLookup, decimal);
      bucket = { sample: { ref, rows: [], ...(prep ? { prep } : {}) }, names: new Map() };
      buckets.set(key, bucket);
    }
    const row = buildRow(record, provenance, template, ctx, decimal, qualifiers, prepLookup, ref, tally);
    bucket.sample.rows.push(row);
    bucket.names.set(row.name, (bucket.names.get(row.name) ?? 0) + 1);
  }

  const samples = [...buckets.values()].map((b) => b.sample);
  const warnings = [...layout.warnings, ...prepWarnings];
  for (const { sample, names } of buckets.values()) {
    const repeated = [...names.values()].filter((n) => n > 1).length;
    if (repeated > 0)
      warnings.push(
        `sample "${sample.ref.labSampleId ?? sample.ref.sampleName}": ${repeated} analyte(s) have more than one value (replicate injections or rows); all are kept`,
      );
  }
  if (notInKit.size > 0)
    warnings.push(
      `${[...notInKit.values()].reduce((a, b) => a + b, 0)} Cq row(s) of target(s) the kit "${template.kit?.name}" does not list (${[...notInKit.keys()].map((t) => `"${t}"`).join(', ')}) are not results`,
    );
  if (tally.noUnit > 0)
    warnings.push(
      `${tally.noUnit} result(s) have no unit: the file does not state one${template.units.some((u) => u.from === 'mapping') ? ' (give it with the upload as mapping.unit)' : ''}`,
    );
  if (tally.unknownUnit.size > 0)
    warnings.push(
      `final results not calculated where the measured unit is not a concentration unit: ${[...tally.unknownUnit].map((u) => `"${u}"`).join(', ')}`,
    );
  if (tally.pending > 0)
    warnings.push(
      `${tally.pending} result(s) wait for prep data (${[...tally.pendingMissing].join(', ')}) before the final result can be calculated`,
    );
  if (samples.length === 0)
    warnings.push(
      qcRecords.length > 0
        ? `no sample results: all ${qcRecords.length} result row(s) are QC (blanks, calibration, checks, spikes, controls) or internal standards`
        : 'no results found in the file',
    );

  return {
    batch: {
      adapter: 'instrument',
      template: template.id,
      templateVersion: template.version,
      samples,
      qcRowsSkipped: qcRecords.length,
      warnings,
    },
    qcRecords,
  };
}

function buildRow(
  record: SourceRecord,
  provenance: Provenance,
  template: InstrumentTemplate,
  ctx: ParseContext,
  decimal: DecimalSeparator,
  qualifiers: Set<string>,
  prepLookup: PrepLookup,
  ref: SampleReference,
  tally: { noUnit: number; unknownUnit: Set<string>; pending: number; pendingMissing: Set<string> },
): RawResultRow {
  const printed = record.value.text.trim();
  const number = readNumber(record.value, decimal);
  const extra: Record<string, string> = {};
  if (number !== undefined && number !== printed) extra.printedValue = printed;
  for (const cell of [...record.flags, ...record.extra]) extra[cell.header ?? columnLetter(cell.col)] = cell.text.trim();
  for (const field of record.sampleExtra) extra[field.name] = field.text;
  if (record.sample.injection) extra.injection = cleanText(record.sample.injection.text);

  const unit = resolveUnit(record, template, ctx);
  const row: RawResultRow = { name: record.analyte.name, valueText: number ?? printed, provenance };
  const analyteKey = template.analytes[record.analyte.name.trim()];
  if (analyteKey) row.analyteKey = analyteKey;
  if (template.measures === 'cq' && template.kit) {
    const kit = template.kit;
    row.analyteKey = kit.targets[record.analyte.name.trim()];
    row.valueText = cqCall(number, printed, qualifiers, kit.presentAtOrBelowCq);
    extra.cq = printed;
    extra.kit = kit.name;
  }
  if (unit) row.unitText = unit;
  else tally.noUnit++;
  const loq = auxiliary(record.loq, decimal, qualifiers);
  const lod = auxiliary(record.lod, decimal, qualifiers);
  if (loq) row.loqText = loq;
  if (lod) row.lodText = lod;

  const calculation = template.calculation;
  if (calculation.operation !== 'none' && number === undefined && unit && isConcentrationUnit(unit)) {
    // A qualifier ("-----", "ND") measured in solution is the same qualifier in the sample: it takes the
    // result unit; the solution-side LOQ/LOD cannot be carried over without the calculation, so it stays in extra.
    row.unitText = calculation.resultUnit;
    extra.measuredUnit = unit;
    if (row.loqText) extra.measuredLoq = row.loqText;
    if (row.lodText) extra.measuredLod = row.lodText;
    delete row.loqText;
    delete row.lodText;
  }
  if (calculation.operation !== 'none' && number !== undefined && unit && !isMassFractionUnit(unit)) {
    if (!isConcentrationUnit(unit)) tally.unknownUnit.add(unit);
    else {
      const operation: CalculationOperation = calculation.operation;
      const inputs = resolveInputs(
        record,
        calculation.inputs as Record<string, InputSource[]>,
        operation,
        ctx,
        decimal,
        prepLookup,
        ref,
      );
      const missing = missingInputs(operation, inputs.values);
      if (missing.length === 0) {
        const final = computeFinal(operation, number, unit, inputs.values, calculation.resultUnit);
        row.valueText = final.valueText;
        row.unitText = final.unitText;
        row.provenance = {
          ...provenance,
          printed: printedAt(number, unit, provenance),
          computation: describeCalculation(operation, unit, inputs.values, final),
        };
        extra.measuredValue = number;
        extra.measuredUnit = unit;
        extra.calculation = `${operation}: ${inputs.described.join(', ')}`;
      } else {
        const pending: PendingCalculation = {
          operation,
          measured: number,
          measuredUnit: unit,
          inputs: inputs.values,
          resultUnit: calculation.resultUnit,
          missing,
        };
        row.pendingCalculation = pending;
        tally.pending++;
        missing.forEach((m) => tally.pendingMissing.add(m));
      }
    }
  }
  if (template.finalResult) {
    const final = cleanText(record.column(template.finalResult.column)?.text ?? '');
    if (final !== '')
      row.provenance = {
        ...row.provenance,
        printedFinal: readNumber({ text: final }, decimal) !== undefined ? `${final} ${template.finalResult.unit}` : final,
      };
  }
  if (Object.keys(extra).length > 0) row.extra = extra;
  return row;
}

/**
 * A kit's call from a Cq: a cycle at or below the cut-off (any cycle without one) is "Present", a
 * non-detect token ("No Cq", "Undetermined") is "Absent", a cycle above the cut-off is "Absent".
 * Anything else is kept as printed, for the catalog to refuse by name and cell.
 */
function cqCall(number: string | undefined, printed: string, qualifiers: Set<string>, cutoff: string | undefined): string {
  if (number !== undefined) return cutoff === undefined || new Decimal(number).lte(cutoff) ? 'Present' : 'Absent';
  return qualifiers.has(printed.toLowerCase()) ? 'Absent' : printed;
}

/** LOQ / LOD text: plain decimal when numeric, dropped when it is one of the format's "no value" tokens. */
function auxiliary(cell: LocatedCell | undefined, decimal: DecimalSeparator, qualifiers: Set<string>): string | undefined {
  if (!cell) return undefined;
  const text = cell.text.trim();
  if (text === '' || qualifiers.has(text.toLowerCase())) return undefined;
  return readNumber(cell, decimal) ?? text;
}

/** "0.914 ppb printed in Quant Summary!E564". */
export function printedAt(value: string, unit: string, provenance: Provenance): string {
  const cell =
    provenance.kind === 'cell'
      ? `${provenance.sheet !== undefined ? `${provenance.sheet}!` : ''}${provenance.column}${provenance.row}`
      : '';
  return `${value} ${unit} printed in ${cell}`;
}

function resolveUnit(record: SourceRecord, template: InstrumentTemplate, ctx: ParseContext): string | undefined {
  for (const source of template.units) {
    let text: string | undefined;
    if (source.from === 'column') text = record.column(source.column)?.text;
    else if (source.from === 'header') text = record.headerUnit;
    else if (source.from === 'key') text = record.key(source.key, source.sheet)?.text;
    else if (source.from === 'fixed') text = source.value;
    else text = ctx.mapping?.[source.key];
    const clean = cleanText(text ?? '');
    if (clean !== '') return clean;
  }
  // The lab method's unit for files that print none (LabSolutions Conc., TargetLynx Conc.).
  return ctx.defaultUnit?.trim() || undefined;
}

function resolveInputs(
  record: SourceRecord,
  sources: Record<string, InputSource[]>,
  operation: CalculationOperation,
  ctx: ParseContext,
  decimal: DecimalSeparator,
  prepLookup: PrepLookup,
  ref: SampleReference,
): { values: PrepData; described: string[] } {
  const values: PrepData = {};
  const described: string[] = [];
  for (const name of OPERATION_INPUTS[operation]) {
    for (const source of sources[name] ?? []) {
      const found = inputFrom(source, name, record, ctx, prepLookup, ref);
      const value = found && readNumber({ text: found.text }, decimal);
      if (found && isPositive(value ?? undefined)) {
        values[name] = value as string;
        described.push(`${name}=${value} (${found.from})`);
        break;
      }
    }
  }
  return { values, described };
}

function inputFrom(
  source: InputSource,
  name: keyof PrepData,
  record: SourceRecord,
  ctx: ParseContext,
  prepLookup: PrepLookup,
  ref: SampleReference,
): { text: string; from: string } | undefined {
  switch (source.from) {
    case 'column': {
      const cell = record.column(source.column);
      return cell && { text: cell.text, from: `${cell.header ?? 'column'} ${columnLetter(cell.col)}${cell.row}` };
    }
    case 'key': {
      const cell = record.key(source.key, source.sheet);
      return cell && { text: cell.text, from: `key ${source.key}` };
    }
    case 'label': {
      const cell = record.label(source.labels);
      return cell && { text: cell.text, from: source.labels.join(' ') };
    }
    case 'prepTable': {
      const prep = prepLookup(source.table, ref.labSampleId ?? ref.sampleName ?? '');
      const text = prep?.[source.field];
      return text === undefined ? undefined : { text, from: `prep table ${source.table}` };
    }
    case 'upload': {
      const text = ctx.prep?.[name];
      return text === undefined ? undefined : { text, from: 'upload' };
    }
    case 'default':
      return { text: source.value, from: 'template default' };
  }
}

/** Prep data the file holds for a sample (prep tables such as a digestion log), positive numbers only. */
function filePrep(
  template: InstrumentTemplate,
  ref: SampleReference,
  prepLookup: PrepLookup,
  decimal: DecimalSeparator,
): PrepData | undefined {
  const prep: PrepData = {};
  for (const spec of template.prepTables) {
    const found = prepLookup(spec.id, ref.labSampleId ?? ref.sampleName ?? '');
    for (const name of ['mass', 'volume', 'dilution'] as const) {
      const value = found?.[name] !== undefined ? readNumber({ text: found[name] as string }, decimal) : undefined;
      if (prep[name] === undefined && isPositive(value)) prep[name] = value;
    }
  }
  return Object.keys(prep).length > 0 ? prep : undefined;
}

function sampleRef(record: SourceRecord): SampleReference {
  const ref: SampleReference = {};
  const labSampleId = textOf(record.sample.labSampleId);
  const sampleName = textOf(record.sample.sampleName);
  const batch = textOf(record.sample.batch);
  if (labSampleId) ref.labSampleId = labSampleId;
  if (sampleName) ref.sampleName = sampleName;
  if (batch) ref.batch = batch;
  return ref;
}

function textOf(cell: LocatedCell | undefined): string | undefined {
  const text = cleanText(cell?.text ?? '');
  return text === '' ? undefined : text;
}

function provenanceOf(file: SourceFileInput, record: SourceRecord): Provenance {
  const value = record.value;
  const sameRow = (cell: LocatedCell | undefined): cell is LocatedCell =>
    cell !== undefined && cell.row === value.row && cell.sheet === value.sheet;
  const context: string[] = [];
  for (const cell of [record.sample.labSampleId, record.sample.sampleName, record.analyte.cell, value]) {
    if (!sameRow(cell)) continue;
    const shown = `${cell.header ? `${cell.header}: ` : ''}${cell.text.trim()}`;
    if (!context.includes(shown)) context.push(shown);
  }
  const provenance: Provenance = {
    kind: 'cell',
    sha256: file.sha256,
    row: value.row,
    column: columnLetter(value.col),
    context,
  };
  if (value.sheet !== undefined) provenance.sheet = value.sheet;
  if (value.header !== undefined) provenance.header = value.header;
  return provenance;
}
