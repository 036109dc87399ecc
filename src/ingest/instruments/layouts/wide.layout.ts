import { findColumn, rowHasAll, type ColumnMapping } from '../column-ref';
import type { ColumnRef, Layout } from '../instrument-template.schema';
import type { LayoutOutput, SourceRecord } from '../source-record';
import { cleanText, isBlankRow, type GridRow, type TableFile } from '../table-file';
import {
  HeaderedRow,
  hasSample,
  isPresent,
  locate,
  locateHeader,
  missingSample,
  noDataRows,
  noKey,
  requireColumns,
  skipRow,
  type LayoutEnv,
} from './layout-support';

type WideLayout = Extract<Layout, { type: 'wide' }>;

interface AnalyteColumn {
  col: number;
  name: string;
  unit?: string;
}

/**
 * One row per sample, one column per analyte. Analyte columns are the non-empty headers that are not
 * sample, flag, extra or excluded columns (and match `analyteColumns.pattern` when given). A later copy
 * of the header row starts a new section with its own analyte columns (NexION 350X appends element sets).
 */
export function readWideLayout(table: TableFile, layout: WideLayout, env: LayoutEnv): LayoutOutput {
  const { sheet, headerIndex } = locateHeader(table, layout.sheet?.names, layout.header.cells, layout.header.searchRows, env);
  const sampleRefs = Object.values(layout.sample).filter((r): r is ColumnRef => r !== undefined);
  let header = sheet.rows[headerIndex];
  requireColumns(env, sheet, header, [layout.sample.labSampleId ?? layout.sample.sampleName]);
  let analytes = analyteColumns(header, layout, sampleRefs, env.mapping);
  const warnings: string[] = [];
  if (analytes.length === 0) warnings.push(`row ${header.number}: the header row has no analyte columns`);

  const records: SourceRecord[] = [];
  let dataRows = 0;
  for (const row of sheet.rows.slice(headerIndex + 1)) {
    if (isBlankRow(row)) continue;
    if (rowHasAll(row, layout.header.cells, env.mapping)) {
      header = row;
      analytes = analyteColumns(header, layout, sampleRefs, env.mapping);
      continue;
    }
    const cells = new HeaderedRow(sheet, header, row, env.mapping);
    if (skipRow(cells, layout.skipRows)) continue;
    dataRows++;
    const sample = cells.sample(layout.sample);
    const flags = cells.cells(layout.columns.flags);
    const extra = cells.cells(layout.columns.extra);
    for (const analyte of analytes) {
      const value = locate(sheet, row, analyte.col, header);
      if (!isPresent(value)) continue;
      if (!hasSample(sample)) throw missingSample(env, { value }, layout.sample);
      records.push({
        sample,
        analyte: { name: analyte.name, cell: locate(sheet, header, analyte.col) },
        headerUnit: analyte.unit,
        value,
        flags,
        extra,
        sampleExtra: [],
        column: (ref) => cells.cellIn(ref, undefined),
        key: noKey,
        label: noKey,
      });
    }
  }
  if (dataRows === 0) throw noDataRows(env, sheet, header);
  return { records, warnings };
}

function analyteColumns(header: GridRow, layout: WideLayout, sampleRefs: ColumnRef[], mapping: ColumnMapping): AnalyteColumn[] {
  const taken = new Set<number>();
  for (const ref of [...sampleRefs, ...layout.columns.flags, ...layout.columns.extra, ...layout.analyteColumns.exclude]) {
    const col = findColumn(header.cells, ref, mapping);
    if (col !== undefined) taken.add(col);
  }
  const pattern = layout.analyteColumns.pattern ? new RegExp(layout.analyteColumns.pattern, 'i') : undefined;
  const columns: AnalyteColumn[] = [];
  header.cells.forEach((cell, col) => {
    const text = cleanText(cell.text);
    if (text === '' || taken.has(col)) return;
    if (!pattern) {
      columns.push({ col, name: text });
      return;
    }
    const match = pattern.exec(text);
    if (!match) return;
    const name = cleanText(match.groups?.name ?? text);
    const unit = match.groups?.unit !== undefined ? cleanText(match.groups.unit) : undefined;
    columns.push({ col, name, unit: unit || undefined });
  });
  return columns;
}
