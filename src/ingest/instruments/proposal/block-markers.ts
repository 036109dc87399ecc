import { cleanText, headerKey, type SheetGrid } from '../table-file';
import { filledCount } from './file-analysis';

/** How a per-compound block names its compound: a label cell before the name, or a line pattern. */
export type BlockMarker = { label: string; names: string[] } | { pattern: string; prefix: string; names: string[] };

const NUMBERED = /^([A-Za-z][A-Za-z ]*?)\s+\d+\s*:\s*(.+)$/;
const PREFERRED_LABELS = ['name', 'compound', 'compound name', 'analyte', 'component', 'component name', 'target'];

/**
 * Per-compound blocks: short rows (at most three cells, far fewer than the header) that recur through the
 * table naming a compound, either "Name | CBDV - cannabidivarin" (the same label every time, a different
 * non-numeric name) or one cell "Compound 1:  tryptophan". Undefined when the file has no such rows.
 */
export function findBlockMarkers(sheet: SheetGrid, headerIndex: number): BlockMarker | undefined {
  const headerWidth = filledCount(sheet.rows[headerIndex]);
  if (headerWidth < 4) return undefined;
  const labels = new Map<string, { label: string; names: Set<string> }>();
  const numbered = new Map<string, Set<string>>();
  for (const row of sheet.rows) {
    const filled = row.cells.map((c) => cleanText(c.text)).filter((t) => t !== '');
    if (filled.length === 0 || filled.length > 3 || filled.length > headerWidth - 2) continue;
    const line = NUMBERED.exec(filled[0]);
    if (filled.length === 1 && line) {
      const prefix = line[1];
      if (!numbered.has(prefix)) numbered.set(prefix, new Set());
      numbered.get(prefix)?.add(cleanText(line[2]));
    }
    for (let i = 0; i + 1 < filled.length; i++) {
      const key = headerKey(filled[i]);
      if (/^\d+$/.test(key)) continue;
      const entry = labels.get(key) ?? { label: filled[i], names: new Set<string>() };
      entry.names.add(filled[i + 1]);
      labels.set(key, entry);
    }
  }
  for (const [prefix, names] of numbered)
    if (names.size >= 2) return { pattern: `^${escapeRegex(prefix)}\\s+\\d+\\s*:\\s*(?<name>.+)$`, prefix, names: [...names] };
  const candidates = [...labels.values()].filter(
    (l) =>
      l.names.size >= 2 && [...l.names].every((n) => !/^\d+([.,]\d+)?$/.test(n) && !/\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}/.test(n)),
  );
  candidates.sort((a, b) => rank(a.label) - rank(b.label) || b.names.size - a.names.size || a.label.localeCompare(b.label));
  const best = candidates[0];
  return best ? { label: best.label, names: [...best.names] } : undefined;
}

function rank(label: string): number {
  const at = PREFERRED_LABELS.indexOf(headerKey(label));
  return at < 0 ? PREFERRED_LABELS.length : at;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
