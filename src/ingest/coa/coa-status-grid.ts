import type { CoaLayout } from './coa-layout.schema';
import { inList } from './coa-words';
import type { TextCell, TextLine } from './text-line';

/** Lines of one grid label wrapped onto two are at most this many font sizes apart. */
const WRAP_GAP = 2.2;

/**
 * Panel statuses printed as a grid: each label (on one line, or wrapped onto two) with a status word to its
 * right, on the label's own line or on the line between its two. Returns the statuses as printed, by panel.
 */
export function readStatusGrid(pages: TextLine[][], layout: CoaLayout): Array<{ panel: string; status: string }> {
  const grid = layout.statusGrid;
  if (!grid) return [];
  const found: Array<{ panel: string; status: string }> = [];
  for (const lines of pages) {
    const body = lines.filter((l) => l.region === 'body');
    for (const [i, line] of body.entries()) {
      for (const cell of line.cells) {
        const label = grid.labels.find((l) => inList(cell.text, l.names));
        if (label) {
          const status = statusRightOf(cell, line, grid.statuses);
          if (status) found.push({ panel: label.panel, status });
          continue;
        }
        // A label wrapped onto two lines, its status on the line between them.
        const middle = body[i + 1];
        const below = body[i + 2];
        if (!middle || !below || below.y - line.y > WRAP_GAP * line.size) continue;
        const second = below.cells.find((c) => c.x0 < cell.x1 && c.x1 > cell.x0);
        if (!second) continue;
        const joined = cell.text.endsWith('-') ? `${cell.text}${second.text}` : `${cell.text} ${second.text}`;
        const wrapped = grid.labels.find((l) => inList(joined, l.names));
        if (!wrapped) continue;
        const status = statusRightOf({ ...cell, x1: Math.max(cell.x1, second.x1) }, middle, grid.statuses);
        if (status) found.push({ panel: wrapped.panel, status });
      }
    }
  }
  return found;
}

/** The first cell right of the label on that line, when it is a status word of the grid. */
function statusRightOf(label: TextCell, line: TextLine, statuses: readonly string[]): string | undefined {
  const next = line.cells.filter((c) => c.x0 >= label.x1).sort((a, b) => a.x0 - b.x0)[0];
  return next && inList(next.text, statuses) ? next.text.trim() : undefined;
}
