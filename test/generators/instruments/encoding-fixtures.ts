import { delimited, encodeText, workbook, type GeneratedFile, type LineBreak, type TextEncoding } from './fixture-file';

/**
 * The text handling real instrument PCs produce, on a small long table (generic-long) and a wide table
 * (generic-wide). Every variant holds the same results, so every variant must parse to the same batch.
 */

export const GENERIC_LONG_MAPPING = { sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units', loq: 'LOQ' };
export const GENERIC_WIDE_MAPPING = { sampleId: 'Sample ID', unit: 'ppm' };

export interface TextVariant {
  encoding?: TextEncoding;
  lineBreak?: LineBreak;
  delimiter?: ',' | ';' | '\t';
  /** Print numbers with comma decimals (and dot thousands). */
  commaDecimals?: boolean;
  /** Print 1250 with a thousands separator. */
  thousands?: boolean;
  /** Append empty columns to every line, as spreadsheet exports do. */
  trailingBlankColumns?: number;
  /** Whitespace-aligned columns instead of a delimiter. */
  fixedWidth?: boolean;
}

/** A named variant per text-handling case the importer must survive. */
export const TEXT_VARIANTS: Array<{ name: string; variant: TextVariant }> = [
  { name: 'UTF-8 without BOM, LF', variant: {} },
  { name: 'UTF-8 with BOM', variant: { encoding: 'utf-8-bom' } },
  { name: 'UTF-16 LE with BOM', variant: { encoding: 'utf-16le' } },
  { name: 'UTF-16 LE without BOM', variant: { encoding: 'utf-16le-nobom' } },
  { name: 'UTF-16 BE with BOM', variant: { encoding: 'utf-16be' } },
  { name: 'Latin-1 with µ', variant: { encoding: 'latin-1' } },
  { name: 'CRLF line breaks', variant: { lineBreak: '\r\n' } },
  { name: 'CR line breaks', variant: { lineBreak: '\r' } },
  { name: 'semicolon delimiter with comma decimals', variant: { delimiter: ';', commaDecimals: true } },
  { name: 'comma decimals and dot thousands, tab-delimited', variant: { delimiter: '\t', commaDecimals: true, thousands: true } },
  { name: 'thousands separators (quoted in CSV)', variant: { thousands: true } },
  { name: 'trailing blank columns', variant: { trailingBlankColumns: 3, lineBreak: '\r\n' } },
  { name: 'whitespace-aligned fixed text', variant: { fixedWidth: true } },
];

interface LongRow {
  sample: string;
  analyte: string;
  result: string;
  units: string;
  loq: string;
}

const LONG_ROWS: LongRow[] = [
  { sample: '2502RLI0135-0489', analyte: 'Lead', result: '0.153', units: 'µg/g', loq: '0.050' },
  { sample: '2502RLI0135-0489', analyte: 'Total Yeast and Mold', result: '1250', units: 'CFU/g', loq: '100' },
  { sample: '2502RLI0135-0490', analyte: 'Lead', result: 'ND', units: 'µg/g', loq: '0.050' },
  { sample: '2502RLI0135-0490', analyte: 'Cadmium', result: '<LOQ', units: 'µg/g', loq: '0.050' },
];

function printNumber(text: string, variant: TextVariant): string {
  if (!/^\d+(\.\d+)?$/.test(text)) return text;
  const [integral, fraction] = text.split('.');
  let whole = integral;
  if (variant.thousands && whole.length > 3)
    whole = `${whole.slice(0, -3)}${variant.commaDecimals ? '.' : ','}${whole.slice(-3)}`;
  return fraction === undefined ? whole : `${whole}${variant.commaDecimals ? ',' : '.'}${fraction}`;
}

function render(rows: string[][], variant: TextVariant): string {
  const lineBreak = variant.lineBreak ?? '\n';
  if (variant.fixedWidth) {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)) + 3);
    return (
      rows
        .map((r) =>
          r
            .map((cell, c) => cell.padEnd(widths[c]))
            .join('')
            .trimEnd(),
        )
        .join(lineBreak) + lineBreak
    );
  }
  const padded = rows.map((r) => [...r, ...Array<string>(variant.trailingBlankColumns ?? 0).fill('')]);
  return delimited(padded, variant.delimiter ?? ',', lineBreak);
}

/** The long table (Sample, Analyte, Result, Units, LOQ) in one text variant. */
export function genericLongText(variant: TextVariant = {}): GeneratedFile {
  const rows = [
    ['Sample', 'Analyte', 'Result', 'Units', 'LOQ'],
    ...LONG_ROWS.map((r) => [r.sample, r.analyte, printNumber(r.result, variant), r.units, printNumber(r.loq, variant)]),
  ];
  return { name: 'generic-long.csv', bytes: encodeText(render(rows, variant), variant.encoding) };
}

export function genericLongXlsx(): GeneratedFile {
  return {
    name: 'generic-long.xlsx',
    bytes: workbook({
      Results: [
        ['Report', 'exported 05/02/2025'],
        [],
        ['Sample', 'Analyte', 'Result', 'Units', 'LOQ'],
        ['2502RLI0135-0489', 'Lead', 0.153, 'µg/g', 0.05],
        ['2502RLI0135-0489', 'Total Yeast and Mold', 1250, 'CFU/g', 100],
        ['2502RLI0135-0490', 'Lead', 'ND', 'µg/g', 0.05],
        ['2502RLI0135-0490', 'Cadmium', '<LOQ', 'µg/g', 0.05],
      ],
    }),
  };
}

/** The wide table (Sample ID, one column per analyte) in one text variant. */
export function genericWideText(variant: TextVariant = {}): GeneratedFile {
  const rows = [
    ['Sample ID', 'Lead', 'Cadmium', 'Arsenic'],
    ['2502RLI0135-0489', printNumber('0.153', variant), printNumber('0.021', variant), 'ND'],
    ['2502RLI0135-0490', printNumber('1.204', variant), '<LOQ', printNumber('0.080', variant)],
  ];
  return { name: 'generic-wide.csv', bytes: encodeText(render(rows, variant), variant.encoding) };
}

export function genericWideXlsx(): GeneratedFile {
  return {
    name: 'generic-wide.xlsx',
    bytes: workbook({
      Sheet1: [
        ['Sample ID', 'Lead', null, 'Cadmium', 'Arsenic'],
        ['2502RLI0135-0489', 0.153, null, 0.021, 'ND'],
        ['2502RLI0135-0490', 1.204, null, '<LOQ', 0.08],
      ],
    }),
  };
}
