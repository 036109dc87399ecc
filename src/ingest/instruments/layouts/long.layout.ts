import { rowHasAll } from '../column-ref';
import type { Layout } from '../instrument-template.schema';
import type { LayoutOutput, SourceRecord } from '../source-record';
import { isBlankRow, type TableFile } from '../table-file';
import {
  HeaderedRow,
  hasSample,
  isPresent,
  locateHeader,
  missingSample,
  noDataRows,
  requireColumns,
  rowRecord,
  skipRow,
  type LayoutEnv,
} from './layout-support';

type LongLayout = Extract<Layout, { type: 'long' }>;

/** One row per (sample, analyte). A later copy of the header row (block-wise exports) re-maps the columns. */
export function readLongLayout(table: TableFile, layout: LongLayout, env: LayoutEnv): LayoutOutput {
  const { sheet, headerIndex } = locateHeader(table, layout.sheet?.names, layout.header.cells, layout.header.searchRows, env);
  const analyteRefs = typeof layout.analyte === 'object' && 'join' in layout.analyte ? layout.analyte.join : [layout.analyte];
  const required = [layout.columns.value, layout.sample.labSampleId ?? layout.sample.sampleName, ...analyteRefs];
  let header = sheet.rows[headerIndex];
  requireColumns(env, sheet, header, required);

  const records: SourceRecord[] = [];
  let dataRows = 0;
  for (const row of sheet.rows.slice(headerIndex + 1)) {
    if (isBlankRow(row)) continue;
    if (rowHasAll(row, layout.header.cells, env.mapping)) {
      header = row;
      requireColumns(env, sheet, header, required);
      continue;
    }
    const cells = new HeaderedRow(sheet, header, row, env.mapping);
    if (skipRow(cells, layout.skipRows)) continue;
    dataRows++;
    const value = cells.cell(layout.columns.value);
    const analyte = cells.analyte(layout.analyte);
    if (!isPresent(value) || analyte.name === '') continue;
    const sample = cells.sample(layout.sample);
    if (!hasSample(sample)) throw missingSample(env, { value }, layout.sample);
    records.push(rowRecord(cells, { sample, analyte, value, columns: layout.columns }));
  }
  if (dataRows === 0) throw noDataRows(env, sheet, header);
  return { records, warnings: [] };
}
