import type { CoaLayout, ValueTile } from './coa-layout.schema';
import { fold, inList, type LayoutWords } from './coa-words';
import type { TextCell, TextLine } from './text-line';

/** A summary tile: a label with its value, limit and status printed in a stack above or below it. */
export interface Tile {
  label: string;
  labelLine: TextLine;
  /** The value tile definition, when the label names one. */
  definition?: ValueTile;
  definitionIndex?: number;
  value?: { text: string; line: TextLine };
  limit?: string;
  status?: string;
}

interface PlacedCell {
  cell: TextCell;
  line: TextLine;
}

interface TileNames {
  all: string[];
  /** What may end a label wrapped onto two lines: each folded name after any of its spaces. */
  secondLines: ReadonlySet<string>;
}

function tileNames(all: string[]): TileNames {
  const secondLines = all.map(fold).flatMap((name) => [...name.matchAll(/ /g)].map((space) => name.slice(space.index + 1)));
  return { all, secondLines: new Set(secondLines) };
}

/** Stack members further apart than this many font sizes belong to something else. */
const STACK_GAP = 2.6;

/** Finds every tile on every page: labels named by the layout with a value or status stacked on them. */
export function findTiles(pages: TextLine[][], layout: CoaLayout, words: LayoutWords): Tile[] {
  const tiles = layout.tiles;
  if (!tiles) return [];
  const names = tileNames([...tiles.values.flatMap((t) => t.names), ...tiles.statuses]);
  const found: Tile[] = [];
  for (const lines of pages) {
    const placed = lines.filter((l) => l.region === 'body').flatMap((line) => line.cells.map((cell) => ({ cell, line })));
    for (const candidate of placed) {
      const labelled = labelAt(candidate, placed, names, tiles.direction);
      if (!labelled) continue;
      const tile = stackOn(labelled.label, labelled.from, placed, tiles.direction, layout, words);
      if (!tile.value && !tile.status) continue;
      const index = tiles.values.findIndex((t) => inList(labelled.label, t.names));
      if (index >= 0) {
        tile.definition = tiles.values[index];
        tile.definitionIndex = index;
      }
      if (tile.value && !tile.definition) continue;
      tile.labelLine = candidate.line;
      found.push(tile);
    }
  }
  return found;
}

/**
 * The label of a tile at this cell: its own text, or — for a label wrapped onto two lines — the
 * line before it joined to it ("Total Potential" / "Cannabinoids").
 */
function labelAt(
  at: PlacedCell,
  placed: PlacedCell[],
  names: TileNames,
  direction: 'above' | 'below',
): { label: string; from: PlacedCell } | undefined {
  if (inList(at.cell.text, names.all)) return { label: at.cell.text, from: at };
  if (!names.secondLines.has(fold(at.cell.text))) return undefined;
  const [upper] = neighbours(at, placed, 'above');
  if (!upper) return undefined;
  const joined = `${upper.cell.text} ${at.cell.text}`;
  if (!inList(joined, names.all)) return undefined;
  // The stack starts beyond the whole label.
  return { label: joined, from: direction === 'above' ? upper : at };
}

function stackOn(
  label: string,
  from: PlacedCell,
  placed: PlacedCell[],
  direction: 'above' | 'below',
  layout: CoaLayout,
  words: LayoutWords,
): Tile {
  const tile: Tile = { label, labelLine: from.line };
  const limitPatterns = (layout.tiles?.limitPatterns ?? []).map((p) => new RegExp(p, 'iu'));
  let current = from;
  // A unit printed on a line of its own between the value and the label ("47.0696" / "mg/serving").
  let unitLine: string | undefined;
  for (;;) {
    const [next] = neighbours(current, placed, direction);
    if (!next) break;
    const text = next.cell.text;
    const limit = limitPatterns.map((p) => p.exec(text)?.groups?.value).find((v) => v !== undefined);
    if (limit !== undefined && tile.limit === undefined) tile.limit = limit.trim();
    else if (words.isStatus(text) && tile.status === undefined) tile.status = text;
    else if (words.isUnit(text) && tile.value === undefined && unitLine === undefined) unitLine = text;
    else if (words.isValue(text) && tile.value === undefined) {
      const printed = unitLine === undefined ? text : direction === 'above' ? `${text} ${unitLine}` : `${unitLine} ${text}`;
      tile.value = { text: printed, line: next.line };
    } else break;
    current = next;
  }
  return tile;
}

/** Cells stacked on `at` in one direction, nearest first, overlapping it horizontally and close by. */
function neighbours(at: PlacedCell, placed: PlacedCell[], direction: 'above' | 'below'): PlacedCell[] {
  const sign = direction === 'above' ? -1 : 1;
  return placed
    .filter((p) => {
      const dy = (p.line.y - at.line.y) * sign;
      const reach = STACK_GAP * Math.max(p.cell.size, at.cell.size);
      return dy > 0.5 && dy <= reach && p.cell.x0 < at.cell.x1 && p.cell.x1 > at.cell.x0;
    })
    .sort((a, b) => (a.line.y - b.line.y) * sign);
}

export function sameName(a: string, b: string): boolean {
  return fold(a) === fold(b);
}
