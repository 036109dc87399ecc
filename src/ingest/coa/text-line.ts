/** One run of text as positioned on the page (a pdf.js item after ligature repair). */
export interface TextPart {
  text: string;
  x0: number;
  x1: number;
  /** Baseline, from the top of the page. */
  y: number;
  /** Font size in points. */
  size: number;
}

/** Text runs on one line close enough to read as one phrase ("Sample Received: 02/27/2025;"). */
export interface TextCell {
  text: string;
  x0: number;
  x1: number;
  /** Font size in points. */
  size: number;
  parts: TextPart[];
}

export type LineRegion = 'header' | 'body' | 'footer';

/** A line rebuilt from glyph positions: cells left to right on one baseline. */
export interface TextLine {
  /** 1-based page number. */
  page: number;
  /** 1-based line number on the page, in reading order (assigned once columns are split). */
  line: number;
  /** Baseline, from the top of the page. */
  y: number;
  /** Largest font size on the line. */
  size: number;
  cells: TextCell[];
  /** Cells joined by a single space. */
  text: string;
  /** `header` / `footer`: repeated on every page (page chrome); `body`: the page's own content. */
  region: LineRegion;
}

export function lineText(cells: TextCell[]): string {
  return cells.map((c) => c.text).join(' ');
}
