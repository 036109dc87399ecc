import type { ColumnRole, CoaLayout } from './coa-layout.schema';
import { fold, inList, type LayoutWords } from './coa-words';
import type { TextCell, TextLine, TextPart } from './text-line';

/** One printed column of a result table and the horizontal band its values fall in. */
export interface ColumnBand {
  role: ColumnRole;
  header: string;
  /** Unit printed under the header or in it ("Result (%)"). */
  unit?: string;
  x0: number;
  x1: number;
  lo: number;
  hi: number;
  /** The cell holds one value per role, between separators ("0.03 / 0.08" for LOD and LOQ). */
  split?: { separator: string; roles: ColumnRole[] };
  /** Printed left of the analyte column (a test ID): kept, never a result. */
  leading?: boolean;
}

/** A recognised table header: its columns, and whether values are read by position or by order. */
export interface TableHeader {
  line: TextLine;
  columns: ColumnBand[];
  /**
   * A header cell that merges several columns ("LODLOQ", "LimitMassStatus") gives no positions for
   * them; the row's values are then taken left to right in `orderRoles`.
   */
  orderRoles?: ColumnRole[];
  /** Units of the roles read by order, from the unit row. */
  orderUnits?: Partial<Record<ColumnRole, string>>;
}

/** One table row as read, before it becomes a `RawResultRow`. */
export interface TableRow {
  line: TextLine;
  name: string;
  values: Partial<Record<ColumnRole, string>>;
  /** Why a value may be wrong, when the reading had to guess. */
  doubts: string[];
}

/** Values printed past the last header are read up to this far (points) beyond it. */
const LAST_COLUMN_REACH = 24;
/** The analyte column starts at most this far (points) left of its header. */
const ANALYTE_LEFT_REACH = 12;

/**
 * A line is a table header when it opens with an analyte header and names at least two other columns,
 * or is exactly an analyte header and a result header ("Analyte  Result").
 */
export function matchTableHeader(line: TextLine, layout: CoaLayout): TextCell[] | undefined {
  // Every line is tried, and few open with an analyte header, on their own or glued to the next header.
  const opening = line.cells[0];
  if (
    !opening ||
    !(opensTable(opening.text, layout) || (opening.parts.length > 1 && opensTable(opening.parts[0].text, layout)))
  ) {
    return undefined;
  }
  const cells = headerCells(line, layout);
  // Columns printed left of the analyte column (a test ID) may open the header; the analyte header follows them.
  const at = cells.findIndex((cell) => !isLeadingHeader(cell.text, layout));
  const first = cells[at];
  const rest = cells.slice(at + 1);
  if (!first || !isAnalyteHeader(first.text, layout)) return undefined;
  const known = rest.filter((cell) => columnsFor(cell.text, layout).length > 0);
  const resultOnly = rest.length === 1 && columnsFor(rest[0].text, layout).some((c) => c.roles.includes('result'));
  return known.length >= 2 || resultOnly ? cells : undefined;
}

export function isAnalyteHeader(text: string, layout: CoaLayout): boolean {
  return columnsFor(text, layout).some((c) => c.roles[0] === 'analyte');
}

function isLeadingHeader(text: string, layout: CoaLayout): boolean {
  return columnsFor(text, layout).some((c) => c.leading);
}

/** A header line opens with the analyte header or with a column the layout prints left of it. */
export function opensTable(text: string, layout: CoaLayout): boolean {
  return isAnalyteHeader(text, layout) || isLeadingHeader(text, layout);
}

/** Letters and digits only: a header broken over lines ("Dispositi" / "on") reads as the header it is. */
function headerKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}%]+/gu, '');
}

/**
 * A header cell pieced together from lines ("Dispositio" over "n" over "(ingestion)") as the layout writes it,
 * when only spaces and punctuation tell them apart; otherwise the text as it is.
 */
export function asLayoutHeader(text: string, layout: CoaLayout): string {
  if (columnsFor(text, layout).length > 0) return text;
  const key = headerKey(text);
  if (key === '') return text;
  for (const column of layout.table.columns) {
    const header = column.headers.find((h) => headerKey(h) === key);
    if (header !== undefined) return header;
  }
  return text;
}

/** Header cells; two headers printed too close to part ("Result Status") are split into their runs. */
function headerCells(line: TextLine, layout: CoaLayout): TextCell[] {
  return line.cells.flatMap((cell) => {
    if (cell.parts.length < 2 || columnsFor(cell.text, layout).length > 0) return [cell];
    const runs = cell.parts.map((p) => ({ text: p.text, x0: p.x0, x1: p.x1, size: cell.size, parts: [p] }));
    return runs.every((r) => columnsFor(r.text, layout).length > 0) ? runs : [cell];
  });
}

type Column = CoaLayout['table']['columns'][number];

/** Each layout's columns by folded header, in the layout's order: every cell of every line is looked up. */
const columnIndexes = new WeakMap<CoaLayout, ReadonlyMap<string, readonly Column[]>>();

function columnsFor(text: string, layout: CoaLayout): readonly Column[] {
  let index = columnIndexes.get(layout);
  if (!index) {
    index = indexColumns(layout);
    columnIndexes.set(layout, index);
  }
  return index.get(fold(text)) ?? [];
}

function indexColumns(layout: CoaLayout): ReadonlyMap<string, readonly Column[]> {
  const index = new Map<string, Column[]>();
  for (const column of layout.table.columns) {
    for (const header of new Set(column.headers.map(fold))) {
      const columns = index.get(header) ?? [];
      columns.push(column);
      index.set(header, columns);
    }
  }
  return index;
}

/**
 * Gives each header cell its role (using the unit printed under it when the descriptor tells
 * "Result %" from "Result mg/g") and the band of x positions its values fall in.
 */
export function resolveHeader(line: TextLine, unitCells: TextCell[], layout: CoaLayout, words: LayoutWords): TableHeader {
  const cells = headerCells(line, layout).sort((a, b) => a.x0 - b.x0);
  const bands = cells.map((cell, i) => {
    const prev = cells[i - 1];
    const next = cells[i + 1];
    return {
      // Names are often printed left of a centred analyte header: the first column reaches the page's left edge.
      lo: prev ? (prev.x1 + cell.x0) / 2 : Math.min(cell.x0 - ANALYTE_LEFT_REACH, layout.analyteFromLeftEdge ? 0 : Infinity),
      hi: next ? (cell.x1 + next.x0) / 2 : cell.x1 + Math.max(LAST_COLUMN_REACH, cell.x1 - cell.x0),
    };
  });
  // A unit cell of several words ("(weight %)") is one unit; other unit cells hold one per word ("ppb ppb").
  const unitTokens = unitCells
    .flatMap((c) => (/\s/.test(c.text.trim()) && words.isUnit(c.text) ? [{ ...c, y: 0, size: c.size }] : splitIntoTokens(c)))
    .map((t) => ({ ...t, text: t.text.trim().replace(/^\((.*)\)$/, '$1') }));
  const orderRoles: ColumnRole[] = [];
  let merged = false;
  const columns = cells.map((cell, i): ColumnBand => {
    const band = bands[i];
    const under = unitTokens.filter((t) => centre(t) >= band.lo && centre(t) < band.hi);
    const unit = under[0]?.text ?? unitInHeader(cell.text, words);
    const occurrence = cells.slice(0, i).filter((c) => fold(c.text) === fold(cell.text)).length + 1;
    const all = columnsFor(cell.text, layout);
    const candidates = all.some((c) => c.nth === occurrence)
      ? all.filter((c) => c.nth === occurrence)
      : all.filter((c) => c.nth === undefined);
    const column =
      candidates.find((c) => c.units !== undefined && unit !== undefined && inList(unit, c.units)) ??
      candidates.find((c) => c.units === undefined);
    const roles = column?.roles ?? ['ignore'];
    if (roles.length > 1 && column?.separator === undefined) merged = true;
    orderRoles.push(...roles);
    const split = column?.separator !== undefined ? { split: { separator: column.separator, roles } } : {};
    const leading = column?.leading ? { leading: true } : {};
    return { role: roles[0], header: cell.text, unit, x0: cell.x0, x1: cell.x1, ...band, ...split, ...leading };
  });
  if (!merged) return { line, columns: settleRoles(columns, cells, layout) };
  return {
    line,
    columns,
    orderRoles,
    orderUnits: unitsInOrder(
      orderRoles,
      unitTokens.map((t) => t.text),
    ),
  };
}

/**
 * One column per role. A table without a column the descriptor calls the result (only "Result mg/g"
 * and "Result mg/serving", say) takes the first column that could be a result; a role printed twice
 * keeps the first and files the others as extras named by their unit ("mgServing").
 */
function settleRoles(columns: ColumnBand[], cells: TextCell[], layout: CoaLayout): ColumnBand[] {
  if (!columns.some((c) => c.role === 'result')) {
    const index = cells.findIndex((cell) => columnsFor(cell.text, layout).some((c) => c.roles.includes('result')));
    if (index >= 0) columns[index] = { ...columns[index], role: 'result' };
  }
  const seen = new Set<ColumnRole>();
  return columns.map((column, i) => {
    if (column.role === 'ignore' || !seen.has(column.role)) {
      seen.add(column.role);
      return column;
    }
    const key = column.unit ? unitKey(column.unit) : `${column.role.replace(/^extra:/, '')}${i + 1}`;
    return { ...column, role: `extra:${key}` };
  });
}

/** "mg/serving" → "mgServing", "%" → "percent", "CFU/g" → "cfuG". */
function unitKey(unit: string): string {
  if (unit.trim() === '%') return 'percent';
  const words = unit
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const key = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
  return /^[a-z]/.test(key) ? key : `unit${key}`;
}

/**
 * Units of a table read by order: the unit row's words go to the roles that carry a unit, left to
 * right, when their numbers agree; a unit row of one repeated word applies to all of them.
 */
function unitsInOrder(roles: ColumnRole[], units: string[]): Partial<Record<ColumnRole, string>> {
  const measured = roles.filter((r) => r !== 'analyte' && r !== 'status' && r !== 'ignore' && r !== 'unit');
  const out: Partial<Record<ColumnRole, string>> = {};
  if (units.length === measured.length) measured.forEach((role, i) => (out[role] = units[i]));
  else if (units.length > 0 && units.every((u) => u === units[0])) for (const role of measured) out[role] = units[0];
  return out;
}

function unitInHeader(text: string, words: LayoutWords): string | undefined {
  if (words.isUnit(text)) return text.replace(/^\((.*)\)$/, '$1');
  const bracketed = /\(([^)]+)\)\s*$/.exec(text);
  if (bracketed) return words.isUnit(bracketed[1]) ? bracketed[1] : undefined;
  // "Result, ppb", "LOQ ppb": the unit is the header's last word.
  const last = /[\s,]\s*([^\s,()]+)$/.exec(text.trim());
  return last && words.isUnit(last[1]) ? last[1] : undefined;
}

/** The column of analyte names: the first, unless columns the layout prints left of it (a test ID) come first. */
export function analyteColumn(header: TableHeader): ColumnBand {
  return header.columns.find((c) => !c.leading) ?? header.columns[0];
}

/** The band a position falls in; the analyte band takes everything from its left edge to the next column. */
export function bandAt(columns: ColumnBand[], x: number): ColumnBand | undefined {
  return columns.find((c) => x >= c.lo && x < c.hi);
}

/**
 * Reads one line against the header. A cell reaching over several bands is split into its text runs,
 * or into its words when it is one run ("1.0000 1100.0000"). A line of values without a name is read
 * (with the name '') only when `nameless` is asked.
 */
export function readRow(line: TextLine, header: TableHeader, opts: { nameless?: boolean } = {}): TableRow | undefined {
  const analyte = analyteColumn(header);
  const pieces = line.cells.flatMap((cell) => piecesOf(cell, header.columns));
  const nameParts = pieces.filter((p) => bandAt(header.columns, centre(p)) === analyte);
  const valueParts = pieces.filter((p) => {
    const band = bandAt(header.columns, centre(p));
    return band !== undefined && band !== analyte;
  });
  // Values without a name are read only when asked: the caller holds the name printed above them.
  if (nameParts.length === 0 && !(opts.nameless && valueParts.length > 0)) return undefined;
  const row: TableRow = { line, name: nameParts.map((p) => p.text).join(' '), values: {}, doubts: [] };
  if (header.orderRoles) readByOrder(row, valueParts, header.orderRoles.slice(1));
  else readByPosition(row, valueParts, header.columns);
  return row;
}

function readByPosition(row: TableRow, parts: TextPart[], columns: ColumnBand[]): void {
  for (const part of parts) {
    const band = bandAt(columns, centre(part));
    if (!band || band.role === 'ignore') continue;
    const before = row.values[band.role];
    row.values[band.role] = before === undefined ? part.text : `${before} ${part.text}`;
  }
  for (const column of columns) if (column.split) splitCell(row, column.role, column.split);
}

/** One cell printing several values ("0.03 / 0.08"): each to its role, or kept whole and doubted. */
function splitCell(row: TableRow, role: ColumnRole, split: { separator: string; roles: ColumnRole[] }): void {
  const text = row.values[role];
  if (text === undefined) return;
  const values = text.split(split.separator).map((v) => v.trim());
  if (values.length !== split.roles.length || values.some((v) => v === '')) {
    row.doubts.push(`"${text}" does not hold ${split.roles.length} values separated by "${split.separator}"`);
    return;
  }
  split.roles.forEach((r, i) => (row.values[r] = values[i]));
}

/** Values taken left to right; two numbers printed without a gap ("0.10.000097656") are split. */
function readByOrder(row: TableRow, parts: TextPart[], roles: ColumnRole[]): void {
  let texts = parts.sort((a, b) => a.x0 - b.x0).flatMap((p) => p.text.split(/\s+/));
  if (texts.length < roles.length) {
    const split = texts.flatMap((t) => splitGluedNumbers(t));
    if (split.length !== texts.length) {
      row.doubts.push(
        `two numbers printed without a gap were split: ${texts.filter((t) => splitGluedNumbers(t).length > 1).join(', ')}`,
      );
      texts = split;
    }
  }
  if (texts.length !== roles.length) {
    row.doubts.push(`expected ${roles.length} values after the name, read ${texts.length}`);
  }
  roles.forEach((role, i) => {
    if (role !== 'ignore' && texts[i] !== undefined) row.values[role] = texts[i];
  });
}

function splitGluedNumbers(text: string): string[] {
  const m = /^(\d*\.\d+?)(\d+\.\d+)$/.exec(text);
  return m ? [m[1], m[2]] : [text];
}

function piecesOf(cell: TextCell, columns: ColumnBand[]): TextPart[] {
  const bands = new Set(cell.parts.map((p) => bandAt(columns, centre(p))));
  if (cell.parts.length > 1 && bands.size > 1) return cell.parts.flatMap((p) => splitPartAcross(p, columns));
  return splitPartAcross({ ...cell.parts[0], text: cell.text, x0: cell.x0, x1: cell.x1 }, columns);
}

/**
 * A single run of numbers that starts and ends in different bands ("1.0000 1100.0000") is cut into
 * its numbers at estimated positions. Text runs (notes printed across the table) stay whole.
 */
function splitPartAcross(part: TextPart, columns: ColumnBand[]): TextPart[] {
  if (bandAt(columns, part.x0 + 0.5) === bandAt(columns, part.x1 - 0.5)) return [part];
  const tokens = splitIntoTokens(part);
  if (tokens.length > 1 && tokens.every((t) => NUMERIC.test(t.text))) return tokens;
  // A number printed so close to the unit of the next column that they read as one run ("0.0500 ug/g").
  const numberThenUnit =
    tokens.length === 2 &&
    NUMERIC.test(tokens[0].text) &&
    UNIT_LIKE.test(tokens[1].text) &&
    bandAt(columns, centre(tokens[0])) !== columns[0];
  return numberThenUnit ? tokens : [part];
}

const NUMERIC = /^[<>]?[-+]?\d[\d,]*(?:\.\d+)?%?$/;
const UNIT_LIKE = /^(?:%|[a-zµμ]+\/[a-z]+|ppm|ppb)$/i;

function splitIntoTokens(part: { text: string; x0: number; x1: number; y?: number; size?: number }): TextPart[] {
  const width = (part.x1 - part.x0) / Math.max(1, part.text.length);
  const tokens: TextPart[] = [];
  const re = /\S+/g;
  for (let m = re.exec(part.text); m; m = re.exec(part.text)) {
    tokens.push({
      text: m[0],
      x0: part.x0 + m.index * width,
      x1: part.x0 + (m.index + m[0].length) * width,
      y: part.y ?? 0,
      size: part.size ?? 0,
    });
  }
  return tokens;
}

function centre(p: { x0: number; x1: number }): number {
  return (p.x0 + p.x1) / 2;
}

/** True when every cell of the line is a unit word (a unit row under the header). */
export function isUnitLine(line: TextLine, words: LayoutWords): boolean {
  return line.cells.every((c) => words.isUnitRow(c.text));
}

/** A few words without a colon: may continue a wrapped analyte name ("SPP" under "… SHIGELLA"); notes do not. */
export function isNameContinuation(text: string): boolean {
  return !text.includes(':') && text.split(/\s+/).length <= 4 && fold(text) !== '';
}

/** Lines of one stacked header are at most this many font sizes apart. */
const STACK_GAP = 1.5;

/**
 * The header line with the header words printed on up to `above` lines over it (same page, close): each joins
 * the cell under it ("ACTION" over "LIMIT") or stands as a column of its own ("LOD/LOQ" a line higher).
 */
export function stackHeader(lines: TextLine[], at: number, above: number, layout: CoaLayout): TextLine {
  const line = lines[at];
  let cells = [...line.cells];
  for (let j = at - 1; j >= Math.max(0, at - above); j--) {
    const over = lines[j];
    // Header lines are packed close together and hold a word or two per cell; a paragraph above is not header.
    if (over.page !== line.page || lines[j + 1].y - over.y > STACK_GAP * line.size) break;
    if (over.cells.some((c) => c.text.trim().split(/\s+/).length > 2)) break;
    for (const cell of over.cells) {
      const under = cells.find((c) => c.x0 < cell.x1 && c.x1 > cell.x0);
      if (!under) {
        cells.push(cell);
        continue;
      }
      const text = asLayoutHeader(`${cell.text} ${under.text}`, layout);
      const x0 = Math.min(cell.x0, under.x0);
      const x1 = Math.max(cell.x1, under.x1);
      cells = cells.map((c) => (c === under ? { ...under, text, x0, x1, parts: [{ ...under.parts[0], text, x0, x1 }] } : c));
    }
  }
  cells.sort((a, b) => a.x0 - b.x0);
  return { ...line, cells, text: cells.map((c) => c.text).join(' ') };
}

/**
 * The header with the words of a line printed just under it joined to the header cell they sit under, each only
 * where the joined text is one of the layout's headers ("Dispositi" over "on"); undefined when none joins.
 */
export function joinHeaderBelow(header: TextLine, below: TextCell[], layout: CoaLayout): TextLine | undefined {
  let joined = false;
  const cells = header.cells.map((cell) => {
    const under = below.filter((b) => b.x0 < cell.x1 && b.x1 > cell.x0);
    if (under.length !== 1) return cell;
    const text = asLayoutHeader(`${cell.text} ${under[0].text}`, layout);
    if (columnsFor(text, layout).length === 0) return cell;
    joined = true;
    return { ...cell, text, parts: [{ ...cell.parts[0], text, x0: cell.x0, x1: cell.x1 }] };
  });
  return joined ? { ...header, cells, text: cells.map((c) => c.text).join(' ') } : undefined;
}
