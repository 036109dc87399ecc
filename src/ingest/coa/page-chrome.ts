import type { TextLine } from './text-line';

/** How far (points) a repeated line may move between pages and still count as the same. */
const Y_TOLERANCE = 3;
/** Share of pages a line must appear on (a first page often has its own, larger header). */
const SHARE = 0.6;

/**
 * Marks page headers and footers: lines printed on most pages (all of them for two or three pages) at
 * the same height, digits aside (page numbers), in the unbroken run at the top or bottom of a page. `isContent` protects
 * lines that must never be taken for chrome, such as a table header repeated at the top of every page.
 * Lines are marked, not removed: metadata is often printed in the header or footer.
 */
export function markPageChrome(pages: TextLine[][], isContent: (line: TextLine) => boolean): void {
  if (pages.length < 2) return;
  const needed = Math.max(2, Math.ceil(SHARE * pages.length));
  const keyed = pages.map((lines) => lines.map((l) => ({ line: l, key: chromeKey(l.text) })));
  for (const lines of keyed) {
    const repeated = lines.map(
      ({ line, key }) =>
        !isContent(line) &&
        keyed.filter((other) => other.some((o) => o.key === key && Math.abs(o.line.y - line.y) <= Y_TOLERANCE))
          .length >= needed,
    );
    const sorted = lines.map((l, i) => ({ ...l, repeated: repeated[i] })).sort((a, b) => a.line.y - b.line.y);
    for (const entry of sorted) {
      if (!entry.repeated) break;
      entry.line.region = 'header';
    }
    for (const entry of [...sorted].reverse()) {
      if (!entry.repeated) break;
      entry.line.region = 'footer';
    }
  }
}

function chromeKey(text: string): string {
  return text.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().toLowerCase();
}
