import type { PrepData } from '../parsed-batch';
import { findColumn, findHeaderRow, type ColumnMapping } from './column-ref';
import type { PrepTable } from './instrument-template.schema';
import { cleanText, headerKey, isBlankRow, type TableFile } from './table-file';

export type PrepLookup = (tableId: string, sampleKey: string) => PrepData | undefined;

/**
 * Prep-data tables elsewhere in the file (a digestion log: Sample ID, Sample Mass (g), Sample
 * Dilution...), indexed by sample ID as printed (whitespace collapsed, case-insensitive). A declared
 * table whose sheet or header is missing yields a warning; the calculation then falls back to its other sources.
 */
export function indexPrepTables(
  table: TableFile,
  specs: PrepTable[],
  mapping: ColumnMapping,
): { lookup: PrepLookup; warnings: string[] } {
  const indexes = new Map<string, Map<string, PrepData>>();
  const warnings: string[] = [];
  for (const spec of specs) {
    const sheet = table.sheets.find((s) => (s.name ?? '').trim().toLowerCase() === spec.sheet.trim().toLowerCase());
    const headerIndex = sheet ? findHeaderRow(sheet.rows, spec.header.cells, mapping, 0, spec.header.searchRows) : -1;
    if (!sheet || headerIndex < 0) {
      warnings.push(`prep table "${spec.id}" (sheet "${spec.sheet}") is not in the file; prep data comes from the other sources`);
      continue;
    }
    const header = sheet.rows[headerIndex].cells;
    const keyCol = findColumn(header, spec.sampleKey, mapping);
    const fieldCols = Object.entries(spec.fields).map(
      ([name, ref]) => [name, ref ? findColumn(header, ref, mapping) : undefined] as const,
    );
    const index = new Map<string, PrepData>();
    if (keyCol !== undefined)
      for (const row of sheet.rows.slice(headerIndex + 1)) {
        if (isBlankRow(row)) continue;
        const key = headerKey(row.cells[keyCol]?.text ?? '');
        if (key === '' || index.has(key)) continue;
        const prep: PrepData = {};
        for (const [name, col] of fieldCols) {
          const text = col === undefined ? '' : cleanText(row.cells[col]?.numeric ?? row.cells[col]?.text ?? '');
          if (text !== '') prep[name as keyof PrepData] = text;
        }
        index.set(key, prep);
      }
    indexes.set(spec.id, index);
  }
  return {
    lookup: (tableId, sampleKey) => indexes.get(tableId)?.get(headerKey(sampleKey)),
    warnings,
  };
}
