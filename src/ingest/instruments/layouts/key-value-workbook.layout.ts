import type { Layout } from '../instrument-template.schema';
import type { LayoutOutput, LocatedCell, SampleField, SourceRecord } from '../source-record';
import { cleanText, columnIndex, headerKey, isBlankRow, type SheetGrid, type TableFile } from '../table-file';
import {
  candidateSheets,
  HeaderedRow,
  isPresent,
  locate,
  locateHeader,
  noDataRows,
  rejectLayout,
  requireColumns,
  rowRecord,
  type LayoutEnv,
} from './layout-support';

type KeyValueWorkbookLayout = Extract<Layout, { type: 'key_value_workbook' }>;

/**
 * One sample per workbook (ChemStation "Report to XLS": one workbook per injection): sample facts are
 * key/value pairs on key sheets (`Sheet1`: SampleName, Dilution...), the results a table on another
 * sheet (`Compound`: Name, Amount...). Table rows without an analyte name are empty slots and skipped.
 */
export function readKeyValueWorkbookLayout(table: TableFile, layout: KeyValueWorkbookLayout, env: LayoutEnv): LayoutOutput {
  const keySheets = layout.keySheets.map((spec) => {
    const sheet = requireSheet(table, spec.sheet, env);
    return { sheet, keyCol: columnIndex(spec.keyColumn), valueCol: columnIndex(spec.valueColumn) };
  });
  const key = (name: string, sheetName?: string): LocatedCell | undefined => {
    const wanted = headerKey(name);
    for (const { sheet, keyCol, valueCol } of keySheets) {
      if (sheetName !== undefined && (sheet.name ?? '').toLowerCase() !== sheetName.toLowerCase()) continue;
      const row = sheet.rows.find((r) => headerKey(r.cells[keyCol]?.text ?? '') === wanted);
      if (row) return locate(sheet, row, valueCol);
    }
    return undefined;
  };
  const sample: Partial<Record<SampleField, LocatedCell>> = {};
  for (const [field, ref] of Object.entries(layout.sample) as [SampleField, { key: string; sheet?: string } | undefined][]) {
    const cell = ref ? key(ref.key, ref.sheet) : undefined;
    if (isPresent(cell)) sample[field] = cell;
  }
  if (sample.labSampleId === undefined && sample.sampleName === undefined) {
    const wanted = [layout.sample.labSampleId, layout.sample.sampleName].filter((r) => r !== undefined);
    throw rejectLayout(
      env,
      'the workbook names no sample',
      { sheet: keySheets[0].sheet.name },
      `a non-empty value for key ${wanted.map((r) => `"${r.key}"`).join(' or ')}`,
      'sample_missing',
    );
  }
  const sampleExtra = layout.extraFields
    .map((ref) => ({ name: ref.key, text: cleanText(key(ref.key, ref.sheet)?.text ?? '') }))
    .filter((e) => e.text !== '');

  requireSheet(table, layout.table.sheet, env);
  const { sheet, headerIndex } = locateHeader(
    table,
    [layout.table.sheet],
    layout.table.header.cells,
    layout.table.header.searchRows,
    env,
  );
  const header = sheet.rows[headerIndex];
  requireColumns(env, sheet, header, [layout.columns.value]);
  const records: SourceRecord[] = [];
  let dataRows = 0;
  for (const row of sheet.rows.slice(headerIndex + 1)) {
    if (isBlankRow(row)) continue;
    dataRows++;
    const cells = new HeaderedRow(sheet, header, row, env.mapping);
    const value = cells.cell(layout.columns.value);
    const analyte = cells.analyte(layout.analyte);
    if (!isPresent(value) || analyte.name === '') continue;
    records.push(rowRecord(cells, { sample, analyte, value, columns: layout.columns, sampleExtra, key }));
  }
  if (dataRows === 0) throw noDataRows(env, sheet, header);
  return { records, warnings: [] };
}

function requireSheet(table: TableFile, name: string, env: LayoutEnv): SheetGrid {
  const [sheet] = candidateSheets(table, [name]);
  if (!sheet || (sheet.name ?? '').trim().toLowerCase() !== name.trim().toLowerCase())
    throw rejectLayout(
      env,
      `the workbook has no sheet "${name}" (sheets: ${table.sheets.map((s) => `"${s.name ?? ''}"`).join(', ')})`,
      undefined,
      `a sheet named "${name}"`,
      'sheet_not_found',
    );
  return sheet;
}
