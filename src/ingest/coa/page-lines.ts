import { repairLigatures } from './ligatures';
import type { PdfPageText } from './pdf-text';
import { lineText, type TextCell, type TextLine, type TextPart } from './text-line';

/** Baselines closer than this share a line (fraction of the font size). */
const SAME_LINE = 0.3;
/** Runs closer than this join without a space (fraction of the font size). */
const TOUCHING = 0.1;
/** Runs further apart than this are separate cells (fraction of the font size). */
const CELL_GAP = 0.6;

/**
 * Rebuilds the lines of one page from positioned text runs. Whitespace-only runs are dropped: they
 * carry no position worth keeping (some producers emit one wide space across a whole table gap).
 */
export function buildPageLines(page: PdfPageText): TextLine[] {
  const parts = page.items
    .filter((i) => i.str.trim() !== '')
    .map((i) => ({ text: i.str, x0: i.x, x1: i.x + i.width, y: i.y, size: i.size }));
  return groupIntoLines(page.page, joinSuperscripts(parts));
}

/** A superscript is printed at most this share of its base's size… */
const SUPERSCRIPT_SIZE = 0.8;
/** …with its baseline raised by this share of the base's size (at least the first, at most the second)… */
const SUPERSCRIPT_RISE = [0.15, 0.75] as const;
/** …and starts at most this far (share of the base's size) right of the base's end. */
const SUPERSCRIPT_GAP = 0.25;

/**
 * Digits printed small and raised just after a number are its exponent ("10" with a superscript "5" is 10⁵):
 * they join the number as "10^5". Read apart they would be a stray line above the row and the number a
 * different one; joined without the caret they would be "105".
 */
export function joinSuperscripts(parts: TextPart[]): TextPart[] {
  const joined = new Set<TextPart>();
  const out = parts.map((part) => ({ ...part }));
  for (const small of out) {
    if (!/^[-+]?\d{1,3}$/.test(small.text.trim())) continue;
    const base = out.find(
      (b) =>
        b !== small &&
        !joined.has(b) &&
        small.size <= SUPERSCRIPT_SIZE * b.size &&
        b.y - small.y >= SUPERSCRIPT_RISE[0] * b.size &&
        b.y - small.y <= SUPERSCRIPT_RISE[1] * b.size &&
        small.x0 - b.x1 >= -0.5 &&
        small.x0 - b.x1 <= SUPERSCRIPT_GAP * b.size &&
        /\d$/.test(b.text.trim()),
    );
    if (!base) continue;
    base.text = `${base.text.trimEnd()}^${small.text.trim()}`;
    base.x1 = Math.max(base.x1, small.x1);
    joined.add(small);
  }
  return out.filter((p) => !joined.has(p));
}

/**
 * Groups runs by baseline, orders each group left to right and joins runs into cells where the gap
 * between them is word-sized. Also used again inside each column once side-by-side tables are split,
 * so rows of one table are not chained to slightly offset rows of its neighbour.
 */
export function groupIntoLines(page: number, parts: TextPart[]): TextLine[] {
  const sorted = [...parts].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const groups: TextPart[][] = [];
  for (const part of sorted) {
    const current = groups[groups.length - 1];
    const anchor = current?.[0];
    if (anchor && part.y - anchor.y <= SAME_LINE * Math.max(1, Math.min(anchor.size, part.size))) current.push(part);
    else groups.push([part]);
  }
  return groups.map((group, index) => {
    const cells = buildCells(group.sort((a, b) => a.x0 - b.x0));
    return {
      page,
      line: index + 1,
      y: group[0].y,
      size: Math.max(...group.map((p) => p.size)),
      cells,
      text: lineText(cells),
      region: 'body',
    };
  });
}

function buildCells(parts: TextPart[]): TextCell[] {
  const cells: TextCell[] = [];
  for (const raw of parts) {
    const text = raw.text.replace(/\s+/g, ' ');
    const part = { ...raw, text: repairLigatures(text.trim()) };
    const last = cells[cells.length - 1];
    const gap = last ? part.x0 - last.x1 : Infinity;
    const size = Math.max(1, part.size);
    if (last && gap <= CELL_GAP * size) {
      const joiner = gap <= TOUCHING * size || last.text.endsWith(' ') || text.startsWith(' ') ? '' : ' ';
      last.text = last.text + joiner + text;
      last.x1 = Math.max(last.x1, part.x1);
      last.size = Math.max(last.size, part.size);
      last.parts.push(part);
    } else {
      cells.push({ text, x0: part.x0, x1: part.x1, size: part.size, parts: [part] });
    }
  }
  for (const cell of cells) cell.text = repairLigatures(cell.text).replace(/\s+/g, ' ').trim();
  return cells.filter((c) => c.text !== '');
}
