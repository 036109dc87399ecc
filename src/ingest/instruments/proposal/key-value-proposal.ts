import { isConcentrationUnit } from '../calculation';
import { cleanText, columnLetter, headerKey, isBlankRow, type SheetGrid, type TableFile } from '../table-file';
import { columnStats, filledCount, type ColumnStats } from './file-analysis';
import { INTERNAL_STANDARD_PATTERNS, measuresOf, rolesOf, valueRank } from './header-vocabulary';
import { keyWords } from './proposal-support';

/** A key/value pair on a key sheet: the key in column A, its value in column B. */
export interface SheetKey {
  sheet: string;
  key: string;
  value: string;
  row: number;
}

/** One sample per workbook: its facts as keys on key sheets, its results a table on another sheet. */
export interface KeyValueShape {
  keySheets: string[];
  sampleKey: SheetKey;
  /** The sample key is a name word ("SampleName") and no key says "sample ID". */
  sampleKeyIsName: boolean;
  unitKey?: SheetKey;
  /** Sample-level keys the vocabulary knows as facts kept beside each result (Dilution, Vial). */
  extraKeys: SheetKey[];
  table: { sheet: SheetGrid; headerIndex: number; stats: ColumnStats[]; analyte: ColumnStats; value: ColumnStats };
  /** A TRUE/FALSE column marking internal standards ("IsISTD"). */
  istdColumn?: ColumnStats;
}

const KEY_SHEET_MIN_ROWS = 3;
const TABLE_SEARCH_ROWS = 5;

/**
 * Finds the key/value workbook shape (ChemStation "Report to XLS" and its kind): sheets of key/value pairs, one
 * of them naming the sample ("SampleName", "Sample ID"), and a sheet whose header row names the analyte and a
 * result column, with rows under it. Undefined when the workbook is not of that kind.
 */
export function findKeyValueShape(table: TableFile): KeyValueShape | undefined {
  if (table.sheets.length < 2) return undefined;
  const keySheets = table.sheets.filter(isKeySheet);
  const keys = keySheets.flatMap(keysOf);
  const sampleKeys = keys.filter((k) => k.value !== '' && /^sample/.test(keyWords(k.key)));
  const byRole = (role: 'sample_id' | 'sample_name') => sampleKeys.find((k) => rolesOf(keyWords(k.key)).includes(role));
  const sampleKey = byRole('sample_id') ?? byRole('sample_name');
  if (!sampleKey) return undefined;
  const resultTable = findResultTable(table, new Set(keySheets.map((s) => s.name ?? '')));
  if (!resultTable) return undefined;
  // The unit may sit on a sheet of settings whose few rows do not make it a key sheet (QuantParm "Units").
  const pairRows = table.sheets.flatMap((sheet) => keysOf({ ...sheet, rows: sheet.rows.filter((r) => filledCount(r) <= 2) }));
  const unitKey = [...keys, ...pairRows].find((k) => k.value !== '' && rolesOf(keyWords(k.key)).includes('unit'));
  const sampleSheetKeys = keys.filter((k) => k.sheet === sampleKey.sheet);
  const extraKeys = sampleSheetKeys.filter((k) => k.value !== '' && rolesOf(keyWords(k.key)).includes('extra'));
  const istdColumn = resultTable.stats.find(
    (s) =>
      /^(is\s*)?istd$/.test(keyWords(s.header)) && s.distinct.length > 0 && s.distinct.every((d) => /^(true|false)$/i.test(d)),
  );
  const usedSheets = [sampleKey.sheet, ...(unitKey && unitKey.sheet !== sampleKey.sheet ? [unitKey.sheet] : [])];
  return {
    keySheets: usedSheets,
    sampleKey,
    sampleKeyIsName: !byRole('sample_id'),
    ...(unitKey ? { unitKey } : {}),
    extraKeys,
    table: resultTable,
    ...(istdColumn ? { istdColumn } : {}),
  };
}

/** Most rows hold a key and at most its value; the first column is text (a key), never a number. */
function isKeySheet(sheet: SheetGrid): boolean {
  const rows = sheet.rows.filter((r) => !isBlankRow(r));
  if (rows.length < KEY_SHEET_MIN_ROWS || sheet.name === undefined) return false;
  const pairs = rows.filter((r) => filledCount(r) <= 2 && /^[A-Za-z]/.test(cleanText(r.cells[0]?.text ?? '')));
  return pairs.length >= rows.length * 0.9;
}

function keysOf(sheet: SheetGrid): SheetKey[] {
  return sheet.rows
    .filter((r) => cleanText(r.cells[0]?.text ?? '') !== '')
    .map((r) => ({
      sheet: sheet.name ?? '',
      key: cleanText(r.cells[0].text),
      value: cleanText(r.cells[1]?.text ?? ''),
      row: r.number,
    }));
}

/** The sheet whose header row (in its first rows) has an analyte column and the best-ranked result column with data. */
function findResultTable(table: TableFile, keySheetNames: Set<string>): KeyValueShape['table'] | undefined {
  let best: (KeyValueShape['table'] & { rank: number }) | undefined;
  for (const sheet of table.sheets) {
    if (keySheetNames.has(sheet.name ?? '')) continue;
    for (let i = 0; i < Math.min(TABLE_SEARCH_ROWS, sheet.rows.length); i++) {
      const stats = columnStats(sheet, i);
      const analyte = stats.find((s) => s.filled > 0 && s.numeric < s.filled && rolesOf(s.header).includes('analyte'));
      const value = stats
        .filter((s) => s.numeric > 0 && valueRank(s.header) !== undefined && measuresOf(s.header) === 'result')
        .sort((a, b) => (valueRank(a.header) ?? 0) - (valueRank(b.header) ?? 0))[0];
      if (!analyte || !value) continue;
      const rank = valueRank(value.header) ?? 0;
      if (!best || rank < best.rank) best = { sheet, headerIndex: i, stats, analyte, value, rank };
    }
  }
  if (!best) return undefined;
  const { rank: _rank, ...found } = best;
  return found;
}

/** The unit printed as a key, and whether it is a concentration in solution (the result is then computed). */
export function keyUnit(shape: KeyValueShape): { unit?: string; concentration: boolean } {
  const unit = shape.unitKey?.value;
  return { ...(unit ? { unit } : {}), concentration: unit !== undefined && isConcentrationUnit(unit) };
}

/** Internal standards of the table: the marker column when there is one, else the usual names. */
export function internalStandardsOf(shape: KeyValueShape): Array<{ analyte: string } | { column: string; pattern: string }> {
  const byName = INTERNAL_STANDARD_PATTERNS.map((analyte) => ({ analyte }));
  return shape.istdColumn ? [{ column: shape.istdColumn.header, pattern: '^true$' }, ...byName] : byName;
}

export function tableColumnLetter(stats: ColumnStats): string {
  return columnLetter(stats.index);
}

export function isPlainName(header: string): boolean {
  return headerKey(header) === 'name';
}
