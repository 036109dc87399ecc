import { groupIntoLines } from './page-lines';
import type { TextLine } from './text-line';

/** Text may reach this far (points) past the split and still belong to its own side. */
const SLACK = 4;
/** Lines below a pair of panel headings searched for their tables' shared header line. */
const HEADER_REACH = 3;

/**
 * Certificates print two tables side by side. Such a region starts at a line that opens with a
 * first-column header and holds another one further right ("Analyte LOQ Limit Result Status  Analyte
 * LOQ …", "Microbial … Analyte …"). The region grows up and down over every line
 * that has no text crossing the split position; the runs of each side are then grouped into lines
 * again and emitted as the left stream followed by the right stream, so each table reads top to
 * bottom on its own.
 *
 * `firstColumnHeaders` are header words that open a table, lower-case letters only ("analyte", "compound").
 * Chrome lines (headers/footers) are never split and always bound a region.
 */
export function splitSideBySide(
  lines: TextLine[],
  firstColumnHeaders: ReadonlySet<string>,
  headings?: PanelHeadingWords,
): TextLine[] {
  const ordered = [...lines].sort((a, b) => a.y - b.y);
  const taken = new Set<TextLine>();
  const out: TextLine[] = [];
  let i = 0;
  while (i < ordered.length) {
    const line = ordered[i];
    // A heading line splits only when the table headers below it do not share a line (they give the better split).
    const headersShareLine = () =>
      ordered.slice(i + 1, i + 1 + HEADER_REACH).some((l) => findSplit(l, firstColumnHeaders) !== undefined);
    const splitX =
      line.region === 'body' && !taken.has(line)
        ? (findSplit(line, firstColumnHeaders) ?? (headersShareLine() ? undefined : findHeadingSplit(line, headings)))
        : undefined;
    if (splitX === undefined) {
      out.push(line);
      i++;
      continue;
    }
    let top = i;
    while (top > 0 && canSplit(ordered[top - 1], splitX) && !taken.has(ordered[top - 1])) top--;
    let bottom = i;
    while (bottom + 1 < ordered.length && canSplit(ordered[bottom + 1], splitX)) bottom++;
    // Lines above the split line already went out unsplit; take them back.
    const region = ordered.slice(top, bottom + 1);
    out.splice(out.length - (i - top), i - top);
    for (const l of region) taken.add(l);
    const parts = region.flatMap((l) => l.cells.flatMap((c) => c.parts.map((p) => ({ part: p, centre: (c.x0 + c.x1) / 2 }))));
    const page = line.page;
    const left = groupIntoLines(
      page,
      parts.filter((p) => p.centre < splitX).map((p) => p.part),
    );
    const right = groupIntoLines(
      page,
      parts.filter((p) => p.centre >= splitX).map((p) => p.part),
    );
    // The right stream may itself hold two tables side by side.
    out.push(...left, ...splitSideBySide(right, firstColumnHeaders, headings));
    i = bottom + 1;
  }
  return out;
}

function findSplit(line: TextLine, firstColumnHeaders: ReadonlySet<string>): number | undefined {
  if (!firstColumnHeaders.has(normalise(line.cells[0]?.text ?? ''))) return undefined;
  for (let k = 2; k < line.cells.length; k++) {
    // The middle of the gutter between the tables: a long name of the right table may start left of its header.
    if (firstColumnHeaders.has(normalise(line.cells[k].text))) return (line.cells[k - 1].x1 + line.cells[k].x0) / 2;
  }
  return undefined;
}

/** Panel headings and status words of every layout, lower-case letters only ("heavymetals", "pass"). */
export interface PanelHeadingWords {
  sections: ReadonlySet<string>;
  statuses: ReadonlySet<string>;
  /** Headings of layouts whose side-by-side panels split at their headings even without statuses (`splitAtHeadings`). */
  bare?: ReadonlySet<string>;
}

/**
 * Two panels side by side whose tables start on different lines: the line of their headings, each followed
 * by its status ("Cannabinoids  Tested   Microbials  Pass"), splits at the second heading. A row of panel
 * names without statuses (a summary grid) does not.
 */
function findHeadingSplit(line: TextLine, headings: PanelHeadingWords | undefined): number | undefined {
  if (!headings) return undefined;
  const [first, second] = line.cells;
  if (first && isBareHeading(first.text, headings)) {
    const next = line.cells.findIndex((c, k) => k > 0 && isBareHeading(c.text, headings));
    if (next > 0) return line.cells[next].x0 - 0.5;
  }
  if (!first || !second || !headings.sections.has(normalise(first.text)) || !headings.statuses.has(normalise(second.text)))
    return undefined;
  for (let k = 2; k + 1 < line.cells.length; k++) {
    if (headings.sections.has(normalise(line.cells[k].text)) && headings.statuses.has(normalise(line.cells[k + 1].text)))
      return line.cells[k].x0 - 0.5;
  }
  return undefined;
}

/** A heading of a `splitAtHeadings` layout, whatever follows it in its cell (a date, "continued"). */
function isBareHeading(text: string, headings: PanelHeadingWords): boolean {
  const letters = normalise(text);
  return [...(headings.bare ?? [])].some((heading) => letters.startsWith(heading));
}

function canSplit(line: TextLine, splitX: number): boolean {
  return line.region === 'body' && !line.cells.some((c) => c.x0 < splitX - SLACK && c.x1 > splitX + SLACK);
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}]+/gu, '');
}
