import { ImportRejected, type FileLocation } from '../../import-rejected.error';
import { describeRef, findColumn, findHeaderRow, type ColumnMapping, type ColumnRange } from '../column-ref';
import type { AnalyteRef, ColumnRef } from '../instrument-template.schema';
import type { LocatedCell, SampleField, SourceRecord } from '../source-record';
import { cleanText, columnLetter, type GridRow, type SheetGrid, type TableFile } from '../table-file';

/** What every layout reader gets besides the table and its layout block. */
export interface LayoutEnv {
  templateId: string;
  mapping: ColumnMapping;
}

export function rejectLayout(
  env: LayoutEnv,
  reason: string,
  location: FileLocation | undefined,
  expected: string,
  code: string,
): ImportRejected {
  return new ImportRejected(reason, { template: env.templateId, location, expected, code });
}

/** The sheets a layout should look at: the first preferred one that exists, else all in order. */
export function candidateSheets(table: TableFile, names: string[] | undefined): SheetGrid[] {
  if (names) {
    const wanted = names.map((n) => n.trim().toLowerCase());
    for (const name of wanted) {
      const sheet = table.sheets.find((s) => (s.name ?? '').trim().toLowerCase() === name);
      if (sheet) return [sheet];
    }
  }
  return table.sheets;
}

/** First sheet (of the candidates) with a header row; rejects naming what was looked for. */
export function locateHeader(
  table: TableFile,
  sheetNames: string[] | undefined,
  cells: ColumnRef[],
  searchRows: number,
  env: LayoutEnv,
): { sheet: SheetGrid; headerIndex: number } {
  const sheets = candidateSheets(table, sheetNames);
  for (const sheet of sheets) {
    const headerIndex = findHeaderRow(sheet.rows, cells, env.mapping, 0, searchRows);
    if (headerIndex >= 0) return { sheet, headerIndex };
  }
  const where = sheets.length === 1 && sheets[0].name ? { sheet: sheets[0].name, row: 1 } : { row: 1 };
  throw rejectLayout(
    env,
    `no header row found in the first ${searchRows} rows${sheets.length > 1 ? ` of sheets ${sheets.map((s) => `"${s.name}"`).join(', ')}` : ''}`,
    where,
    `a row holding ${cells.map((c) => describeRef(c, env.mapping)).join(', ')}`,
    'header_not_found',
  );
}

export function locate(sheet: SheetGrid, row: GridRow, col: number, header?: GridRow): LocatedCell {
  const cell = row.cells[col];
  const located: LocatedCell = { sheet: sheet.name, row: row.number, col, text: cell?.text ?? '' };
  if (cell?.numeric !== undefined) located.numeric = cell.numeric;
  const headerText = header ? cleanText(header.cells[col]?.text ?? '') : '';
  if (headerText !== '') located.header = headerText;
  return located;
}

export function isPresent(cell: LocatedCell | undefined): cell is LocatedCell {
  return cell !== undefined && cell.text.trim() !== '';
}

/** Reads the cells of one data row under a header row, confined to `range` when given (a header group). */
export class HeaderedRow {
  constructor(
    readonly sheet: SheetGrid,
    readonly header: GridRow,
    readonly row: GridRow,
    readonly mapping: ColumnMapping,
    readonly range?: ColumnRange,
  ) {}

  /** The cell of `ref` within this row's range (its header group, when it has one). */
  cell(ref: ColumnRef): LocatedCell | undefined {
    return this.cellIn(ref, this.range);
  }

  /** The cell of `ref` within an explicit range; `undefined` searches the whole row. */
  cellIn(ref: ColumnRef, range: ColumnRange | undefined): LocatedCell | undefined {
    const col = findColumn(this.header.cells, ref, this.mapping, range);
    return col === undefined ? undefined : locate(this.sheet, this.row, col, this.header);
  }

  /** Non-empty cells of several refs, in order, skipping refs whose column is absent. */
  cells(refs: ColumnRef[]): LocatedCell[] {
    return refs.map((ref) => this.cell(ref)).filter(isPresent);
  }

  analyte(ref: AnalyteRef): { name: string; cell?: LocatedCell } {
    if (typeof ref === 'object' && 'join' in ref) {
      const parts = ref.join.map((part) => this.cell(part)).filter(isPresent);
      return { name: cleanText(parts.map((p) => p.text).join(ref.separator)), cell: parts[0] };
    }
    const cell = this.cell(ref);
    return { name: cleanText(cell?.text ?? ''), cell };
  }

  sample(
    refs: Partial<Record<SampleField, ColumnRef>>,
    range: ColumnRange | undefined = this.range,
  ): Partial<Record<SampleField, LocatedCell>> {
    const sample: Partial<Record<SampleField, LocatedCell>> = {};
    for (const [field, ref] of Object.entries(refs) as [SampleField, ColumnRef | undefined][]) {
      if (ref === undefined) continue;
      const cell = this.cellIn(ref, range);
      if (isPresent(cell)) sample[field] = cell;
    }
    return sample;
  }
}

/** Requires every ref to name a column of the header row; rejects naming the header row and the missing column. */
export function requireColumns(
  env: LayoutEnv,
  sheet: SheetGrid,
  header: GridRow,
  refs: Array<ColumnRef | undefined>,
  range?: ColumnRange,
): void {
  for (const ref of refs) {
    if (ref === undefined) continue;
    if (findColumn(header.cells, ref, env.mapping, range) === undefined)
      throw rejectLayout(
        env,
        `column ${describeRef(ref, env.mapping)} is not in the header row (found ${listHeaders(header, range)})`,
        { sheet: sheet.name, row: header.number },
        `a column ${describeRef(ref, env.mapping)}`,
        'column_not_found',
      );
  }
}

function listHeaders(header: GridRow, range?: ColumnRange): string {
  const cells = header.cells
    .map((cell, index) => ({ text: cleanText(cell.text), index }))
    .filter(({ text, index }) => text !== '' && (!range || (index >= range.from && index <= range.to)))
    .map(({ text }) => `"${text}"`);
  return cells.length > 8 ? `${cells.slice(0, 8).join(', ')}, …` : cells.join(', ') || 'no headers';
}

export function noDataRows(env: LayoutEnv, sheet: SheetGrid, header: GridRow): ImportRejected {
  return rejectLayout(
    env,
    'the file has a header row but no data rows (header only)',
    { sheet: sheet.name, row: header.number },
    'at least one data row below the header',
    'header_only',
  );
}

/** A row holding a value but no sample reference cannot be imported: the template does not fit it. */
export function missingSample(
  env: LayoutEnv,
  record: { value: LocatedCell },
  refs: Partial<Record<SampleField, ColumnRef>>,
): ImportRejected {
  const wanted = [refs.labSampleId, refs.sampleName].filter((r): r is ColumnRef => r !== undefined);
  return rejectLayout(
    env,
    `a value ("${record.value.text.trim()}") has no sample ID or name`,
    { sheet: record.value.sheet, row: record.value.row, column: columnLetter(record.value.col) },
    `a sample in ${wanted.map((r) => describeRef(r, env.mapping)).join(' or ')}`,
    'sample_missing',
  );
}

export function hasSample(sample: Partial<Record<SampleField, LocatedCell>>): boolean {
  return sample.labSampleId !== undefined || sample.sampleName !== undefined;
}

export function skipRow(row: HeaderedRow, rules: Array<{ column: ColumnRef; pattern: string }>): boolean {
  return rules.some((rule) => {
    const cell = row.cell(rule.column);
    return cell !== undefined && new RegExp(rule.pattern, 'i').test(cell.text.trim());
  });
}

export const noKey = (): undefined => undefined;

export interface RowRecordParts {
  sample: Partial<Record<SampleField, LocatedCell>>;
  analyte: { name: string; cell?: LocatedCell };
  value: LocatedCell;
  columns: { loq?: ColumnRef; lod?: ColumnRef; flags: ColumnRef[]; extra: ColumnRef[] };
  headerUnit?: string;
  sampleExtra?: Array<{ name: string; text: string }>;
  key?: SourceRecord['key'];
  label?: SourceRecord['label'];
}

/** A record whose value sits in a headered row: LOQ, LOD, flags and extra are read from the same row. */
export function rowRecord(row: HeaderedRow, parts: RowRecordParts): SourceRecord {
  const loq = parts.columns.loq ? row.cell(parts.columns.loq) : undefined;
  const lod = parts.columns.lod ? row.cell(parts.columns.lod) : undefined;
  return {
    sample: parts.sample,
    analyte: parts.analyte,
    headerUnit: parts.headerUnit,
    value: parts.value,
    loq: isPresent(loq) ? loq : undefined,
    lod: isPresent(lod) ? lod : undefined,
    flags: row.cells(parts.columns.flags),
    extra: row.cells(parts.columns.extra),
    sampleExtra: parts.sampleExtra ?? [],
    column: (ref) => row.cellIn(ref, undefined),
    key: parts.key ?? noKey,
    label: parts.label ?? noKey,
  };
}
