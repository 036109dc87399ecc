import type { CoaLayout } from './coa-layout.schema';
import { inList, type LayoutWords } from './coa-words';
import type { TextLine } from './text-line';

/** A heading as the layout names it: without the prefix ("[H] ") or suffix (a date) the layout says are printed with it. */
export function headingText(text: string, layout: CoaLayout): string {
  const bare = layout.sectionPrefix ? text.replace(new RegExp(layout.sectionPrefix, 'iu'), '') : text;
  return layout.sectionSuffix ? bare.replace(new RegExp(layout.sectionSuffix, 'iu'), '') : bare;
}

/** Lines after a heading searched for its status before the table starts. */
const STATUS_LOOKAHEAD = 4;
/** A status printed level with a heading may sit this many heading sizes above or below its baseline. */
const LEVEL = 0.6;

/**
 * A panel heading: the first cell names a section and no value follows it on the line (that would be a row),
 * nor another section name (a row of a summary grid, "Cannabinoids  Moisture  Microbials").
 */
export function isSectionHeading(line: TextLine, layout: CoaLayout, words: LayoutWords): boolean {
  const [first, ...rest] = line.cells;
  // A heading printed with the layout's prefix ("[M] Residual Solvent Results … NT") is one whatever follows it.
  if (first && layout.sectionPrefix && new RegExp(layout.sectionPrefix, 'iu').test(first.text))
    return inList(headingText(first.text, layout), layout.sections);
  return (
    first !== undefined &&
    inList(headingText(first.text, layout), layout.sections) &&
    !rest.some((c) => words.isValue(c.text) || inList(c.text, layout.sections))
  );
}

/**
 * The status printed for the section whose heading is `lines[at]`: on the heading line itself; else
 * on the lines between the heading and its table ("Foreign Matter Method: …   Pass"); else level
 * with the heading further right, where splitting side-by-side tables may have moved it.
 */
export function sectionStatus(
  lines: TextLine[],
  at: number,
  pageLines: TextLine[],
  isTableStart: (line: TextLine) => boolean,
  layout: CoaLayout,
  words: LayoutWords,
): string | undefined {
  const heading = lines[at];
  const onLine = heading.cells.slice(1).find((c) => words.isStatus(c.text));
  if (onLine) return onLine.text;
  for (let i = at + 1; i < lines.length && i <= at + STATUS_LOOKAHEAD; i++) {
    const line = lines[i];
    if (line.page !== heading.page || isTableStart(line) || isSectionHeading(line, layout, words)) break;
    const status = line.cells.find((c, k) => (k > 0 || line.cells.length === 1) && words.isStatus(c.text));
    if (status) return status.text;
  }
  const headingCell = heading.cells[0];
  const level = pageLines
    .filter(
      (l) =>
        l !== heading &&
        Math.abs(l.y - heading.y) <= LEVEL * heading.size &&
        l.cells.every((c) => words.isStatus(c.text)) &&
        l.cells[0].x0 > headingCell.x1,
    )
    .sort((a, b) => Math.abs(a.y - heading.y) - Math.abs(b.y - heading.y));
  return level[0]?.cells[0].text;
}
