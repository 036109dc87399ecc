import type { ColumnRef } from './instrument-template.schema';
import { columnIndex, headerKey, type Cell, type GridRow } from './table-file';

/** The upload's column mapping (generic templates): mapping key → header text. */
export type ColumnMapping = Readonly<Record<string, string>> | undefined;

/** A range of column indexes [from, to] (inclusive) a lookup is confined to, e.g. one header group. */
export interface ColumnRange {
  from: number;
  to: number;
}

function alternatives(ref: ColumnRef, mapping: ColumnMapping): string[] {
  if (typeof ref === 'string') return [ref];
  if ('header' in ref) return ref.header;
  if ('mapping' in ref) {
    const named = mapping?.[ref.mapping];
    return named === undefined ? [] : [named];
  }
  return [];
}

/**
 * Lookups already answered, per header row: a long export asks the same header for the same columns on every
 * data row, and folding the header texts each time cost more than reading the file.
 */
const answered = new WeakMap<Cell[], Map<string, number | undefined>>();

/** Index of the column `ref` names in a header row, or undefined. Alternatives are tried in order. */
export function findColumn(header: Cell[], ref: ColumnRef, mapping: ColumnMapping, range?: ColumnRange): number | undefined {
  const from = range?.from ?? 0;
  const to = range?.to ?? header.length - 1;
  if (typeof ref !== 'string' && 'column' in ref) {
    const index = columnIndex(ref.column);
    return index >= from && index <= to ? index : undefined;
  }
  const names = alternatives(ref, mapping);
  let known = answered.get(header);
  if (!known) answered.set(header, (known = new Map()));
  const question = `${from}:${to}:${header.length}:${names.join('\u0000')}`;
  if (known.has(question)) return known.get(question);
  const answer = search(header, names, from, to);
  known.set(question, answer);
  return answer;
}

function search(header: Cell[], names: string[], from: number, to: number): number | undefined {
  for (const wanted of names) {
    const key = headerKey(wanted);
    for (let c = from; c <= to && c < header.length; c++) if (headerKey(header[c].text) === key) return c;
  }
  return undefined;
}

/** True when the row holds a cell for every ref (any order). */
export function rowHasAll(row: GridRow, refs: ColumnRef[], mapping: ColumnMapping): boolean {
  return refs.every((ref) => findColumn(row.cells, ref, mapping) !== undefined);
}

/** Index (into `rows`) of the first row at or after `start`, within `searchRows` rows, holding all refs; -1 if none. */
export function findHeaderRow(
  rows: GridRow[],
  refs: ColumnRef[],
  mapping: ColumnMapping,
  start = 0,
  searchRows = Infinity,
): number {
  const end = Math.min(rows.length, start + searchRows);
  for (let i = start; i < end; i++) if (rowHasAll(rows[i], refs, mapping)) return i;
  return -1;
}

/** How a ref reads in an error message: `"Sample ID"`, `one of "Cq (∆R)", "Cq"`, `column A`. */
export function describeRef(ref: ColumnRef, mapping: ColumnMapping): string {
  if (typeof ref !== 'string' && 'column' in ref) return `column ${ref.column}`;
  if (typeof ref !== 'string' && 'mapping' in ref) {
    const named = mapping?.[ref.mapping];
    return named === undefined ? `the column named by mapping.${ref.mapping}` : `"${named}" (mapping.${ref.mapping})`;
  }
  const names = alternatives(ref, mapping).map((n) => `"${n}"`);
  return names.length === 1 ? names[0] : `one of ${names.join(', ')}`;
}

/** True when the row starts (at its first non-empty cell) with these cells. */
export function rowStartsWith(row: GridRow, labels: string[]): boolean {
  const first = row.cells.findIndex((cell) => cell.text.trim() !== '');
  if (first < 0) return false;
  return labels.every((label, i) => headerKey(row.cells[first + i]?.text ?? '') === headerKey(label));
}

/** The first non-empty cell after the label words at the start of the row (a "Sample | ID: | value" line). */
export function labelledValue(row: GridRow, labels: string[]): { index: number; cell: Cell } | undefined {
  if (!rowStartsWith(row, labels)) return undefined;
  const first = row.cells.findIndex((cell) => cell.text.trim() !== '');
  for (let c = first + labels.length; c < row.cells.length; c++)
    if (row.cells[c].text.trim() !== '') return { index: c, cell: row.cells[c] };
  return undefined;
}
