import type { ColumnRole, CoaLayout } from './coa-layout.schema';
import { inList, type LayoutWords } from './coa-words';
import type { TextCell, TextLine } from './text-line';

/** One analyte read from a sideways table: its name and one value per printed quantity line. */
export interface TransposedColumn {
  name: string;
  values: Partial<Record<ColumnRole, string>>;
  units: Partial<Record<ColumnRole, string>>;
  /** The line holding the result value (for provenance). */
  line: TextLine;
}

export interface TransposedTable {
  columns: TransposedColumn[];
  /** Index just past the last line the table used. */
  end: number;
}

/** Header lines further apart than this many font sizes are not part of the table. */
const HEADER_GAP = 2.5;

/**
 * Reads a table printed sideways (Kaycha's cannabinoids): analyte names across the top, then one
 * line per quantity whose first cell names it ("%", "mg/unit", "LOD"). Returns undefined when the
 * line at `start` does not open such a table.
 */
export function readTransposed(
  lines: TextLine[],
  start: number,
  layout: CoaLayout,
  words: LayoutWords,
): TransposedTable | undefined {
  const defs = layout.transposed.flatMap((t) => t.rows);
  const rowDef = (line: TextLine) => defs.find((d) => line.cells.length >= 3 && inList(line.cells[0].text, d.labels));
  const first = lines[start];
  if (!first || !rowDef(first)) return undefined;
  const valueCells = first.cells.slice(1);
  // A quantity line names itself left of the value columns; a line of units under them does not.
  const isQuantityLine = (line: TextLine) =>
    line.page === first.page && rowDef(line) !== undefined && line.cells[0].x1 <= valueCells[0].x0;
  let end = start;
  const quantityLines: TextLine[] = [];
  while (end < lines.length && isQuantityLine(lines[end])) quantityLines.push(lines[end++]);
  // A line of units right after the quantities belongs to them ("% % % …" under the LOD line).
  if (end < lines.length && lines[end].page === first.page && lines[end].cells.every((c) => words.isUnit(c.text))) end++;
  const headerLines = headerLinesAbove(lines, start, valueCells);
  const columns = valueCells.map((anchor): TransposedColumn => {
    const column: TransposedColumn = { name: columnName(anchor, headerLines), values: {}, units: {}, line: first };
    for (const line of quantityLines) {
      const def = rowDef(line);
      const cell = line.cells.slice(1).find((c) => c.x0 < anchor.x1 && c.x1 > anchor.x0);
      if (!def || !cell || def.role === 'ignore') continue;
      column.values[def.role] = cell.text;
      if (def.unit) column.units[def.role] = def.unit;
      if (def.role === 'result') column.line = line;
    }
    return column;
  });
  return { columns: columns.filter((c) => c.name !== ''), end };
}

function headerLinesAbove(lines: TextLine[], start: number, anchors: TextCell[]): TextLine[] {
  const found: TextLine[] = [];
  let below = lines[start];
  for (let i = start - 1; i >= 0; i--) {
    const line = lines[i];
    if (line.page !== below.page || below.y - line.y > HEADER_GAP * Math.max(line.size, below.size)) break;
    const aligned = line.cells.every((c) => anchors.some((a) => c.x0 < a.x1 + 2 && c.x1 > a.x0 - 2));
    if (!aligned) break;
    found.unshift(line);
    below = line;
  }
  return found;
}

/**
 * Joins the header fragments over a column top to bottom. A fragment that fills the column and ends
 * in a letter, followed by one that starts with a letter, is a word broken by the narrow column
 * ("TOTAL CAN" / "NABINOIDS").
 */
function columnName(anchor: TextCell, headerLines: TextLine[]): string {
  const fragments = headerLines.flatMap((line) => line.cells.filter((c) => c.x0 < anchor.x1 + 2 && c.x1 > anchor.x0 - 2));
  const widest = Math.max(0, ...fragments.map((f) => f.x1 - f.x0));
  let name = '';
  let previous: TextCell | undefined;
  for (const fragment of fragments) {
    const broken =
      previous !== undefined &&
      previous.x1 - previous.x0 >= 0.9 * widest &&
      /\p{L}$/u.test(previous.text) &&
      /^\p{L}/u.test(fragment.text);
    name = previous === undefined ? fragment.text : `${name}${broken ? '' : ' '}${fragment.text}`;
    previous = fragment;
  }
  return name;
}
