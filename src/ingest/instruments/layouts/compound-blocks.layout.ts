import { rowHasAll } from '../column-ref';
import type { Layout } from '../instrument-template.schema';
import type { LayoutOutput, LocatedCell, SourceRecord } from '../source-record';
import { cleanText, headerKey, isBlankRow, type GridRow, type SheetGrid, type TableFile } from '../table-file';
import {
  HeaderedRow,
  hasSample,
  isPresent,
  locate,
  locateHeader,
  missingSample,
  noDataRows,
  requireColumns,
  rowRecord,
  skipRow,
  type LayoutEnv,
} from './layout-support';

type CompoundBlocksLayout = Extract<Layout, { type: 'compound_blocks' }>;

/**
 * One block per compound: a short "Name | <compound>" row names the compound of the rows that follow,
 * one row per injection. The column header row may repeat in every block (LabSolutions ASCII) or appear
 * once at the top (the same data re-saved as CSV). Rows that come before any compound name cannot be
 * attributed and are reported in a warning, never guessed.
 */
export function readCompoundBlocksLayout(table: TableFile, layout: CompoundBlocksLayout, env: LayoutEnv): LayoutOutput {
  const { sheet, headerIndex } = locateHeader(table, layout.sheet?.names, layout.header.cells, layout.header.searchRows, env);
  const required = [layout.columns.value, layout.sample.labSampleId ?? layout.sample.sampleName];
  let header: GridRow | undefined;
  let block: { name: string; cell: LocatedCell } | undefined;
  const records: SourceRecord[] = [];
  const unnamed: number[] = [];
  let dataRows = 0;

  for (const row of sheet.rows) {
    if (isBlankRow(row)) continue;
    const named = blockName(sheet, row, layout.blockName);
    if (named) {
      block = named;
      continue;
    }
    if (rowHasAll(row, layout.header.cells, env.mapping)) {
      header = row;
      requireColumns(env, sheet, header, required);
      continue;
    }
    if (!header) continue;
    const cells = new HeaderedRow(sheet, header, row, env.mapping);
    if (skipRow(cells, layout.skipRows)) continue;
    const value = cells.cell(layout.columns.value);
    const sample = cells.sample(layout.sample);
    if (!isPresent(value) && !hasSample(sample)) continue;
    dataRows++;
    if (!block) {
      unnamed.push(row.number);
      continue;
    }
    if (!isPresent(value)) continue;
    if (!hasSample(sample)) throw missingSample(env, { value }, layout.sample);
    records.push(rowRecord(cells, { sample, analyte: { name: block.name, cell: block.cell }, value, columns: layout.columns }));
  }
  if (dataRows === 0) throw noDataRows(env, sheet, header ?? sheet.rows[headerIndex]);
  const warnings =
    unnamed.length > 0
      ? [
          `${unnamed.length} row(s) (line${unnamed.length > 1 ? 's' : ''} ${unnamed[0]}${unnamed.length > 1 ? `–${unnamed[unnamed.length - 1]}` : ''}) come before the first ${'label' in layout.blockName ? `"${layout.blockName.label}"` : 'compound'} line: the file does not name their compound, so they were not imported`,
        ]
      : [];
  return { records, warnings };
}

/**
 * A marker row has at most three non-empty cells: the label followed by the compound name, or one cell
 * matching the pattern whose `name` group is the compound.
 */
function blockName(
  sheet: SheetGrid,
  row: GridRow,
  marker: CompoundBlocksLayout['blockName'],
): { name: string; cell: LocatedCell } | undefined {
  const filled = row.cells.map((cell, index) => ({ cell, index })).filter(({ cell }) => cell.text.trim() !== '');
  if (filled.length > 3 || filled.length === 0) return undefined;
  if ('pattern' in marker) {
    const match = new RegExp(marker.pattern, 'i').exec(cleanText(filled[0].cell.text));
    const name = cleanText(match?.groups?.name ?? '');
    return match && name !== '' ? { name, cell: locate(sheet, row, filled[0].index) } : undefined;
  }
  const label = marker.label;
  const at = filled.findIndex(({ cell }) => headerKey(cell.text) === headerKey(label));
  if (at < 0 || at + 1 >= filled.length) return undefined;
  const { index } = filled[at + 1];
  return { name: cleanText(row.cells[index].text), cell: locate(sheet, row, index) };
}
