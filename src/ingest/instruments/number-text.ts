import type { Cell, TableFile } from './table-file';

export type DecimalSeparator = '.' | ',';

const COMMA_DECIMAL = /^[-+]?\d+,\d+$/;
const DOT_DECIMAL = /^[-+]?\d*\.\d+$/;
const DOTTED_THOUSANDS = /^\d{1,3}(\.\d{3})+$/;

/**
 * The decimal separator of a file's text numbers. A template may fix it; `auto` keeps `.` for
 * comma-delimited text (a comma decimal there would have to be quoted in every cell) and otherwise
 * takes `,` when more cells look like "0,25" than like "0.25".
 */
export function chooseDecimalSeparator(table: TableFile, setting: 'auto' | DecimalSeparator): DecimalSeparator {
  if (setting !== 'auto') return setting;
  if (table.text?.delimiter === ',') return '.';
  let comma = 0;
  let dot = 0;
  for (const sheet of table.sheets)
    for (const row of sheet.rows)
      for (const cell of row.cells) {
        if (cell.numeric !== undefined) continue;
        const text = cell.text.trim();
        if (COMMA_DECIMAL.test(text)) comma++;
        else if (DOT_DECIMAL.test(text) && !DOTTED_THOUSANDS.test(text)) dot++;
      }
  return comma > dot ? ',' : '.';
}

const GROUP = "[ \\u00a0\\u202f']";

/**
 * A cell's number as a plain decimal string ("1250", "0.25", "-0.005", "7.28333E-06"), digits exactly
 * as printed; undefined for anything that is not a plain number (qualifiers, dates, "[0.250]", "<LOQ").
 */
export function readNumber(cell: Cell, decimal: DecimalSeparator): string | undefined {
  if (cell.numeric !== undefined) return cell.numeric;
  const text = cell.text.trim().replace(/^\+/, '');
  if (decimal === '.') {
    if (/^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return text;
    if (new RegExp(`^-?\\d{1,3}(?:(?:,\\d{3})+|(?:${GROUP}\\d{3})+)(\\.\\d+)?$`).test(text))
      return text.replace(/[, \u00a0\u202f']/g, '');
    return undefined;
  }
  if (/^-?(\d+(,\d*)?|,\d+)([eE][+-]?\d+)?$/.test(text)) return text.replace(',', '.');
  if (new RegExp(`^-?\\d{1,3}(?:(?:\\.\\d{3})+|(?:${GROUP}\\d{3})+)(,\\d+)?$`).test(text))
    return text.replace(/[. \u00a0\u202f']/g, '').replace(',', '.');
  return undefined;
}

/** Significant digits of a plain decimal: all digits from the first non-zero one ("0.0250" → 3, "120" → 3). */
export function significantDigits(plain: string): number {
  const mantissa = plain.replace(/^[-+]/, '').split(/[eE]/)[0].replace('.', '');
  const digits = mantissa.replace(/^0+/, '');
  return Math.max(1, digits.length);
}
