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
  // Where each key is printed: page index and baseline.
  const printed = new Map<string, Array<{ page: number; y: number }>>();
  keyed.forEach((lines, page) => {
    for (const { line, key } of lines) {
      const at = printed.get(key) ?? [];
      at.push({ page, y: line.y });
      printed.set(key, at);
    }
  });
  const pagesPrinting = (key: string, y: number) =>
    new Set(
      printed
        .get(key)!
        .filter((at) => Math.abs(at.y - y) <= Y_TOLERANCE)
        .map((at) => at.page),
    ).size;
  // Asked only from each edge of a page inwards, isContent last: it tries every layout's table and panel words.
  const isChrome = ({ line, key }: { line: TextLine; key: string }) => pagesPrinting(key, line.y) >= needed && !isContent(line);
  for (const lines of keyed) {
    const sorted = [...lines].sort((a, b) => a.line.y - b.line.y);
    for (const entry of sorted) {
      if (!isChrome(entry)) break;
      entry.line.region = 'header';
    }
    for (const entry of sorted.reverse()) {
      if (!isChrome(entry)) break;
      entry.line.region = 'footer';
    }
  }
}

function chromeKey(text: string): string {
  return text.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().toLowerCase();
}
