import { splitSideBySide, type PanelHeadingWords } from './column-split';
import { markPageChrome } from './page-chrome';
import { buildPageLines } from './page-lines';
import type { PdfText } from './pdf-text';
import type { TextLine } from './text-line';

/** A certificate as lines in reading order, page by page, with page chrome marked. */
export interface CoaDocument {
  pages: TextLine[][];
}

export interface LayoutHints {
  /** Lower-case words that head the first column of a table ("analyte"); used to split side-by-side tables. */
  firstColumnHeaders: ReadonlySet<string>;
  /** Panel headings and status words: two panels side by side whose headings share a line are split there too. */
  headings?: PanelHeadingWords;
  /** Lines that must never be taken for a repeated page header or footer (table headers, panel headings). */
  isContent: (line: TextLine) => boolean;
}

/** `built` holds the lines of pages already built while the rest of the file was read (see `readPdfText`). */
export function buildCoaDocument(text: PdfText, hints: LayoutHints, built?: ReadonlyMap<number, TextLine[]>): CoaDocument {
  const pages = text.pages.map((page) => built?.get(page.page) ?? buildPageLines(page));
  markPageChrome(pages, hints.isContent);
  return {
    pages: pages.map((lines) => {
      const byY = [...lines].sort((a, b) => a.y - b.y);
      const ordered = [
        ...byY.filter((l) => l.region === 'header'),
        ...splitSideBySide(
          byY.filter((l) => l.region === 'body'),
          hints.firstColumnHeaders,
          hints.headings,
        ),
        ...byY.filter((l) => l.region === 'footer'),
      ];
      return ordered.map((l, i) => ({ ...l, line: i + 1 }));
    }),
  };
}

/** All lines of the document in reading order. */
export function allLines(doc: CoaDocument): TextLine[] {
  return doc.pages.flat();
}
