import { rowStartsWith } from '../column-ref';
import { cleanText, headerKey, isBlankRow, type GridRow, type SheetGrid, type TableFile } from '../table-file';
import { columnStats, type ColumnStats } from './file-analysis';
import { measuresOf, rolesOf, valueRank } from './header-vocabulary';

/** A "Label words: value" row ("Sample | ID: | KLS-1223"): the label words, up to the one ending in a colon. */
export interface LabelRow {
  labels: string[];
  /** The label as a header word: "sample id". */
  key: string;
  value: string;
  index: number;
}

/** One block per sample: a row opens it, label rows name the sample, a titled table holds its results. */
export interface SampleBlocksShape {
  sheet: SheetGrid;
  blockStart: string[];
  sampleLabel: LabelRow;
  /** Every label of the first sample's block (sample type, data file, description...). */
  labels: LabelRow[];
  /** Distinct values printed after each label, over all blocks. */
  labelValues: Map<string, string[]>;
  blocks: number;
  title: string[];
  /** The widest header row of the result table and what the rows under it hold, over all blocks. */
  header: GridRow;
  stats: ColumnStats[];
  /** The table rows of every block, under `header`. */
  rows: GridRow[];
}

const MAX_LABEL_WORDS = 4;
const TITLE_SEARCH_ROWS = 3;
const START_SEARCH_ROWS = 5;

/** The label of a row whose first words end in a colon, followed by at most a few cells. */
export function labelOf(row: GridRow, index: number): LabelRow | undefined {
  const texts = row.cells.map((c) => cleanText(c.text)).filter((t) => t !== '');
  const colon = texts.findIndex((t) => t.endsWith(':'));
  if (colon < 0 || colon >= MAX_LABEL_WORDS || texts.length > colon + 3) return undefined;
  const labels = texts.slice(0, colon + 1);
  return { labels, key: headerKey(labels.join(' ').replace(/:$/, '')), value: texts[colon + 1] ?? '', index };
}

/**
 * Finds the per-sample block shape of summary reports (NexION / Syngistix "Quantitative Analysis - Summary
 * Report"): a label row naming the sample ("Sample ID:") recurring once per block, the row that opens each block,
 * and a titled table whose header names the analyte and a result column. Undefined when no sheet is of that kind.
 */
export function findSampleBlocksShape(table: TableFile): SampleBlocksShape | undefined {
  for (const sheet of table.sheets) {
    const labelRows = sheet.rows.map((r, i) => labelOf(r, i)).filter((l): l is LabelRow => l !== undefined);
    const sampleRows = labelRows.filter((l) => rolesOf(l.key).includes('sample_id'));
    if (sampleRows.length === 0) continue;
    const sampleKey = sampleRows[0].key;
    const occurrences = sampleRows.filter((l) => l.key === sampleKey);
    const blockStart = startRow(sheet, occurrences) ?? occurrences[0].labels;
    const blocks = splitBlocks(sheet, blockStart);
    const table = resultTable(sheet, blocks);
    if (!table) continue;
    const labelValues = new Map<string, string[]>();
    for (const l of labelRows) {
      const values = labelValues.get(l.key) ?? [];
      if (l.value !== '' && !values.includes(l.value)) values.push(l.value);
      labelValues.set(l.key, values);
    }
    const firstBlock = blocks[0];
    const labels = labelRows.filter((l) => l.index >= firstBlock.from && l.index < firstBlock.to);
    return { sheet, blockStart, sampleLabel: occurrences[0], labels, labelValues, blocks: blocks.length, ...table };
  }
  return undefined;
}

/** The nearest non-blank row above the first sample label that opens every block the same way. */
function startRow(sheet: SheetGrid, occurrences: LabelRow[]): string[] | undefined {
  const first = occurrences[0].index;
  for (let i = first - 1; i >= Math.max(0, first - START_SEARCH_ROWS); i--) {
    const row = sheet.rows[i];
    if (isBlankRow(row) || labelOf(row, i)) continue;
    const words = row.cells.map((c) => cleanText(c.text)).filter((t) => t !== '');
    const opens = sheet.rows.filter((r) => rowStartsWith(r, words)).length;
    if (opens === occurrences.length) return words;
  }
  return undefined;
}

function splitBlocks(sheet: SheetGrid, start: string[]): Array<{ from: number; to: number }> {
  const starts = sheet.rows.flatMap((r, i) => (rowStartsWith(r, start) ? [i] : []));
  return starts.map((from, k) => ({ from, to: starts[k + 1] ?? sheet.rows.length }));
}

/**
 * In the blocks, the header row with an analyte column and the best-ranked result column, the title row above
 * it, and the stats of its rows over every block under the same title and header.
 */
function resultTable(
  sheet: SheetGrid,
  blocks: Array<{ from: number; to: number }>,
): Pick<SampleBlocksShape, 'title' | 'header' | 'stats' | 'rows'> | undefined {
  let best: { title: string[]; header: GridRow; rank: number; cells: string[] } | undefined;
  for (const block of blocks.slice(0, 10))
    for (let i = block.from + 1; i < block.to; i++) {
      const row = sheet.rows[i];
      const texts = row.cells.map((c) => cleanText(c.text));
      const analyte = texts.find((t) => rolesOf(t).includes('analyte'));
      const values = texts
        .filter((t) => valueRank(t) !== undefined && measuresOf(t) === 'result')
        .sort((x, y) => (valueRank(x) ?? 0) - (valueRank(y) ?? 0));
      if (!analyte || values.length === 0) continue;
      const rank = valueRank(values[0]) ?? 0;
      const titleRow = sheet.rows
        .slice(Math.max(block.from, i - TITLE_SEARCH_ROWS), i)
        .reverse()
        .find((r) => !isBlankRow(r));
      if (!titleRow || labelOf(titleRow, 0)) continue;
      const title = titleRow.cells.map((c) => cleanText(c.text)).filter((t) => t !== '');
      if (!best || rank < best.rank) best = { title, header: row, rank, cells: [analyte, values[0]] };
    }
  if (!best) return undefined;
  const { title, cells } = best;
  // Every block prints the table under the same title; its header may be wider in some (sample blocks add the
  // dilution ratio and final columns). The widest header names the columns; the rows of all are gathered under it.
  const isHeader = (row: GridRow) => {
    const texts = row.cells.map((c) => headerKey(c.text));
    return cells.every((c) => texts.includes(headerKey(c)));
  };
  const headers = sheet.rows.flatMap((r, i) => (isHeader(r) ? [i] : []));
  const filled = (r: GridRow) => r.cells.filter((c) => c.text.trim() !== '').length;
  const header = headers.map((i) => sheet.rows[i]).reduce((w, r) => (filled(r) > filled(w) ? r : w));
  const rows: GridRow[] = [header];
  for (const i of headers) for (let j = i + 1; j < sheet.rows.length && !isBlankRow(sheet.rows[j]); j++) rows.push(sheet.rows[j]);
  const stats = columnStats({ ...sheet, rows }, 0);
  return { title, header, stats, rows: rows.slice(1) };
}
