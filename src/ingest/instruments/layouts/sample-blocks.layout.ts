import { labelledValue, rowHasAll, rowStartsWith } from '../column-ref';
import type { Layout } from '../instrument-template.schema';
import type { LayoutOutput, LocatedCell, SampleField, SourceRecord } from '../source-record';
import { cleanText, isBlankRow, type GridRow, type SheetGrid, type TableFile } from '../table-file';
import {
  candidateSheets,
  HeaderedRow,
  isPresent,
  locate,
  noDataRows,
  rejectLayout,
  requireColumns,
  rowRecord,
  type LayoutEnv,
} from './layout-support';

type SampleBlocksLayout = Extract<Layout, { type: 'sample_blocks' }>;

const HEADER_SEARCH_ROWS = 3;

/**
 * One block per sample (instrument "summary reports" pasted into a workbook): a block opens at a row
 * starting with `blockStart`; sample facts are label words one per cell followed by the value
 * ("Sample | ID: | KLS-1223"); the results are the rows of the titled table, up to the first empty row.
 */
export function readSampleBlocksLayout(table: TableFile, layout: SampleBlocksLayout, env: LayoutEnv): LayoutOutput {
  const sheets = candidateSheets(table, layout.sheet?.names);
  const sheet = sheets.find((s) => s.rows.some((row) => rowStartsWith(row, layout.blockStart.startsWith)));
  if (!sheet)
    throw rejectLayout(
      env,
      'no sample block found',
      sheets.length === 1 && sheets[0].name ? { sheet: sheets[0].name } : undefined,
      `a row starting with ${layout.blockStart.startsWith.map((l) => `"${l}"`).join(' | ')}`,
      'block_not_found',
    );
  const records: SourceRecord[] = [];
  let dataRows = 0;
  let firstHeader: GridRow | undefined;
  for (const block of splitBlocks(sheet, layout.blockStart.startsWith)) {
    const read = readBlock(sheet, block, layout, env);
    records.push(...read.records);
    dataRows += read.dataRows;
    firstHeader ??= read.header;
  }
  if (dataRows === 0 && firstHeader) throw noDataRows(env, sheet, firstHeader);
  return { records, warnings: [] };
}

function splitBlocks(sheet: SheetGrid, start: string[]): GridRow[][] {
  const blocks: GridRow[][] = [];
  for (const row of sheet.rows) {
    if (rowStartsWith(row, start)) blocks.push([row]);
    else if (blocks.length > 0) blocks[blocks.length - 1].push(row);
  }
  return blocks;
}

function readBlock(
  sheet: SheetGrid,
  rows: GridRow[],
  layout: SampleBlocksLayout,
  env: LayoutEnv,
): { records: SourceRecord[]; dataRows: number; header: GridRow } {
  const label = (labels: string[]): LocatedCell | undefined => {
    for (const row of rows) {
      const found = labelledValue(row, labels);
      if (found) return locate(sheet, row, found.index);
    }
    return undefined;
  };
  const sample: Partial<Record<SampleField, LocatedCell>> = {};
  for (const [field, ref] of Object.entries(layout.sample) as [SampleField, { labels: string[] } | undefined][]) {
    const cell = ref ? label(ref.labels) : undefined;
    if (isPresent(cell)) sample[field] = cell;
  }
  const start = rows[0];
  if (sample.labSampleId === undefined && sample.sampleName === undefined) {
    const wanted = [layout.sample.labSampleId, layout.sample.sampleName].filter((r) => r !== undefined);
    throw rejectLayout(
      env,
      'a sample block has no sample ID',
      { sheet: sheet.name, row: start.number },
      `a row ${wanted.map((r) => r.labels.map((l) => `"${l}"`).join(' | ')).join(' or ')} followed by the sample ID`,
      'sample_missing',
    );
  }
  const sampleExtra = layout.extraFields
    .map((ref) => ({ name: cleanText(ref.labels.join(' ').replace(/:$/, '')), text: cleanText(label(ref.labels)?.text ?? '') }))
    .filter((e) => e.text !== '');

  const titleIndex = rows.findIndex((row) => rowStartsWith(row, layout.table.title));
  const headerIndex =
    titleIndex < 0
      ? -1
      : rows
          .slice(titleIndex + 1, titleIndex + 1 + HEADER_SEARCH_ROWS)
          .findIndex((row) => rowHasAll(row, layout.table.header.cells, env.mapping));
  if (titleIndex < 0 || headerIndex < 0)
    throw rejectLayout(
      env,
      `the block of sample "${cleanText((sample.labSampleId ?? sample.sampleName)?.text ?? '')}" has no ${titleIndex < 0 ? 'result table' : 'header row under its result table title'}`,
      { sheet: sheet.name, row: titleIndex < 0 ? start.number : rows[titleIndex].number },
      titleIndex < 0
        ? `a row starting with ${layout.table.title.map((l) => `"${l}"`).join(' | ')}`
        : `a header row holding ${layout.table.header.cells.length} column(s) within ${HEADER_SEARCH_ROWS} rows of the title`,
      'table_not_found',
    );
  const header = rows[titleIndex + 1 + headerIndex];
  requireColumns(env, sheet, header, [layout.columns.value]);

  const records: SourceRecord[] = [];
  let dataRows = 0;
  for (const row of rows.slice(titleIndex + 2 + headerIndex)) {
    if (isBlankRow(row) || rowStartsWith(row, layout.blockStart.startsWith)) break;
    dataRows++;
    const cells = new HeaderedRow(sheet, header, row, env.mapping);
    const value = cells.cell(layout.columns.value);
    const analyte = cells.analyte(layout.analyte);
    if (!isPresent(value) || analyte.name === '') continue;
    records.push(rowRecord(cells, { sample, analyte, value, columns: layout.columns, sampleExtra, label }));
  }
  return { records, dataRows, header };
}
