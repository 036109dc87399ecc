import type { ColumnRange } from '../column-ref';
import type { Layout } from '../instrument-template.schema';
import type { LayoutOutput, SourceRecord } from '../source-record';
import { cleanText, headerKey, isBlankRow, type GridRow, type TableFile } from '../table-file';
import {
  HeaderedRow,
  hasSample,
  isPresent,
  locate,
  locateHeader,
  missingSample,
  noDataRows,
  rejectLayout,
  requireColumns,
  rowRecord,
  skipRow,
  type LayoutEnv,
} from './layout-support';

type TwoHeaderRowsLayout = Extract<Layout, { type: 'two_header_rows' }>;

interface Group {
  label: string;
  range: ColumnRange;
}

/**
 * One row per sample under two header rows: the upper row labels groups of columns ("Sample",
 * "THC Results", "TPP (ISTD) Results"), each label spanning to the next; the lower row names the columns
 * of each group ("RT", "Final Conc."...). Each analyte group yields one result per sample row.
 */
export function readTwoHeaderRowsLayout(table: TableFile, layout: TwoHeaderRowsLayout, env: LayoutEnv): LayoutOutput {
  const { sheet, headerIndex } = locateHeader(table, layout.sheet?.names, layout.header.cells, layout.header.searchRows, env);
  const header = sheet.rows[headerIndex];
  const groupRow = headerIndex > 0 ? sheet.rows[headerIndex - 1] : undefined;
  const groups = groupRow ? readGroups(groupRow, header) : [];
  const sampleGroup = groups.find((g) => headerKey(g.label) === headerKey(layout.sampleGroup));
  if (!groupRow || !sampleGroup)
    throw rejectLayout(
      env,
      `the row above the column headers has no "${layout.sampleGroup}" group label`,
      { sheet: sheet.name, row: groupRow?.number ?? header.number },
      `a group label row with "${layout.sampleGroup}" above the column header row`,
      'header_not_found',
    );
  requireColumns(env, sheet, header, [layout.sample.labSampleId ?? layout.sample.sampleName], sampleGroup.range);
  const pattern = new RegExp(layout.analyteGroups.pattern, 'i');
  const ignored = layout.analyteGroups.ignore.map((p) => new RegExp(p, 'i'));
  const analyteGroups = groups
    .filter((g) => g !== sampleGroup && !ignored.some((re) => re.test(g.label)))
    .map((g) => ({ ...g, match: pattern.exec(g.label) }))
    .filter((g): g is Group & { match: RegExpExecArray } => g.match !== null);

  const records: SourceRecord[] = [];
  let dataRows = 0;
  for (const row of sheet.rows.slice(headerIndex + 1)) {
    if (isBlankRow(row)) continue;
    const sampleCells = new HeaderedRow(sheet, header, row, env.mapping, sampleGroup.range);
    if (skipRow(sampleCells, layout.skipRows)) continue;
    dataRows++;
    const sample = sampleCells.sample(layout.sample);
    for (const group of analyteGroups) {
      const cells = new HeaderedRow(sheet, header, row, env.mapping, group.range);
      const value = cells.cell(layout.columns.value);
      if (!isPresent(value)) continue;
      if (!hasSample(sample)) throw missingSample(env, { value }, layout.sample);
      const name = cleanText(group.match.groups?.name ?? group.label);
      const unit = group.match.groups?.unit;
      records.push(
        rowRecord(cells, {
          sample,
          analyte: { name, cell: locate(sheet, groupRow, group.range.from) },
          headerUnit: unit !== undefined && cleanText(unit) !== '' ? cleanText(unit) : undefined,
          value,
          columns: layout.columns,
        }),
      );
    }
  }
  if (dataRows === 0) throw noDataRows(env, sheet, header);
  return { records, warnings: [] };
}

/** Group labels span from their cell to the cell before the next label (or the end of the header row). */
function readGroups(groupRow: GridRow, header: GridRow): Group[] {
  const width = Math.max(groupRow.cells.length, header.cells.length);
  const starts = groupRow.cells.map((cell, index) => ({ label: cleanText(cell.text), index })).filter((g) => g.label !== '');
  // Columns left of the first label form a group of their own, labelled "" (exports that leave the sample group unnamed).
  if (starts.length > 0 && starts[0].index > 0) starts.unshift({ label: '', index: 0 });
  return starts.map((start, i) => ({
    label: start.label,
    range: { from: start.index, to: (starts[i + 1]?.index ?? width) - 1 },
  }));
}
