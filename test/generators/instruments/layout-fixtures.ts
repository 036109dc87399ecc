import * as XLSX from 'xlsx';
import {
  delimited,
  encodeText,
  workbook,
  type GeneratedFile,
  type LineBreak,
  type SheetRows,
  type TextEncoding,
} from './fixture-file';

/**
 * Fixtures reproducing the layout of each real instrument export in ../shared/samples/instruments with
 * made-up sample IDs and values. Each returns the bytes in memory; `write-instrument-fixtures.ts` saves them.
 */

// ---------------------------------------------------------------- Agilent ChemStation "Report to XLS"

export interface ChemstationOptions {
  sampleName?: string;
  units?: string;
  bookType?: 'biff8' | 'xlsx';
  /** Leave the Compound table with its header only. */
  headerOnly?: boolean;
}

/** One workbook per injection: Sheet1 key/values, Compound table (with HeaderName/HeaderValue meta columns), QuantParm units. */
export function chemstationReportXls(options: ChemstationOptions = {}): GeneratedFile {
  const sampleName = options.sampleName ?? '2502RLI0135-0489';
  const sheet1: SheetRows = [
    ['ObjClass', '1'],
    ['Title', 'Results'],
    ['AcqInstName', 'Instrument 1'],
    ['AcqMethFile', 'POTENCY.M'],
    ['Dilution', 1],
    ['SampleName', sampleName],
    ['SampleInfo', ''],
    ['SampleAmount', 0],
    ['Multiplier', 1],
    ['Vial', 12],
    ['BarCode', ''],
    ['InjDateTime', '05-Feb-25, 10:12:00'],
    ['MethodInfo', '228nm\r\n1. Slit width=4nm'],
  ];
  const compoundHeader = [
    'HeaderName',
    'HeaderValue',
    'FirstPeak',
    'ISTD',
    'IsTimeRef',
    'IsISTD',
    'Name',
    'Amount',
    'CalCompound',
    'AmtLimitLow',
    'AmtLimitHigh',
    'Multiplier',
    'AmtPerResp',
  ];
  const compounds: SheetRows = [
    ['NumberOfRows', 6, 1, '', false, false, 'CBDV', 0.512, 1, 0, 0, 1, 0.0209],
    ['NumberOfCol', 11, 2, '', false, false, 'CBDA', 3.104, 2, 0, 0, 1, 0.0381],
    ['NumberOfHead', 11, 3, '', false, false, 'd9-THC', 1.402, 3, 0, 0, 1, 0.024],
    ['Modified', 1, 4, '', false, false, '', 0, 0, 0, 0, 1, 0],
    ['FirstPeak_', 'Peak', 5, '', false, false, 'THCA-A', 21.87, 4, 0, 0, 1, 0.0376],
    ['', '', 6, '', false, true, 'ISTD-1', 5, 5, 0, 0, 1, 0.01],
  ];
  return {
    name: `chemstation-${sampleName.replace(/\W+/g, '-').toLowerCase()}.${options.bookType === 'xlsx' ? 'xlsx' : 'xls'}`,
    bytes: workbook(
      {
        Sheet1: sheet1,
        Compound: options.headerOnly ? [compoundHeader] : [compoundHeader, ...compounds],
        Peak: [
          ['HeaderName', 'HeaderValue', 'Compound', 'Area'],
          ['NumberOfRows', 1, 1, 96.13],
        ],
        QuantParm: [
          ['HeaderName', 'HeaderValue'],
          ['NumberOfRows', 0],
          ['Units', options.units ?? 'ng/ul'],
          ['Dilution', 1],
        ],
        ErrorReport: [
          ['HeaderName', 'HeaderValue', 'ErrorStatus', 'Comment'],
          ['NumberOfRows', 1, 1, 'Calibration warnings'],
        ],
      },
      options.bookType ?? 'biff8',
    ),
  };
}

// ---------------------------------------------------------------- Shimadzu LabSolutions ASCII

const SHIMADZU_HEADER = [
  '',
  'Data Filename',
  'Sample Name',
  'Sample ID',
  'Sample Type',
  'Level#',
  'Ret. Time',
  'Area',
  'Height',
  'Conc.',
  'Std. Conc.',
  'QC Check Results',
  'Mark',
  'Quant. Limit(QL)',
  'Detect. Limit(DL)',
  'Date Acquired',
  'Percent THCA',
  'Potency',
];

interface Injection {
  file: string;
  name: string;
  id: string;
  type: string;
  level: string;
  acquired: string;
}

const INJECTIONS: Injection[] = [
  {
    file: 'QC PREP A_QC PREP A_009.lcd',
    name: 'QC PREP A',
    id: 'QC PREP A',
    type: 'Unknown',
    level: '0',
    acquired: '2/5/2025 9:01:12 AM',
  },
  {
    file: '2502RLI0135-0489_010.lcd',
    name: '2502RLI0135-0489 Flower',
    id: '2502RLI0135-0489',
    type: 'Unknown',
    level: '0',
    acquired: '2/5/2025 9:12:40 AM',
  },
  { file: 'CAL 3_011.lcd', name: 'CAL 3', id: 'CAL 3', type: 'Standard', level: '3', acquired: '2/5/2025 9:24:02 AM' },
  {
    file: '2502RLI0135-0490_012.lcd',
    name: '2502RLI0135-0490 Flower',
    id: '2502RLI0135-0490',
    type: 'Unknown',
    level: '0',
    acquired: '2/5/2025 9:35:31 AM',
  },
];

/** Per compound: Conc. of each injection above, and a QC Check Results flag of the second injection. */
const SHIMADZU_COMPOUNDS: Array<{ name: string; conc: string[]; flag?: string }> = [
  { name: 'CBDA - cannabidiolic acid', conc: ['0.031', '12.407', '10.000', '8.115'] },
  { name: 'THCA - tetrahydrocannabinolic acid', conc: ['8.912', '187.35', '100.0', '143.2'], flag: 'Quant.Range(High)' },
  { name: 'CBN - cannabinol', conc: ['0.009', '1.206', '10.0', '-----'] },
];

function injectionRow(index: number, injection: Injection, conc: string, flag: string): string[] {
  const found = conc !== '-----';
  return [
    String(index + 1),
    injection.file,
    injection.name,
    injection.id,
    injection.type,
    injection.level,
    found ? (2.1 + index / 10).toFixed(3) : '-----',
    found ? String(10000 + index * 731) : '-----',
    found ? String(4000 + index * 211) : '-----',
    conc,
    '-----',
    flag,
    '',
    found ? '0.10' : '-----',
    found ? '0.03' : '-----',
    injection.acquired,
    '-----',
    '-----',
  ];
}

const SUMMARY = ['Average', '%RSD', 'Maximum', 'Minimum', 'Std. Dev.'];

/** LabSolutions ASCII: per compound "ID#", "Name", the header row, one row per injection, statistics rows, a blank line. */
export function shimadzuAsciiTxt(options: { encoding?: TextEncoding; lineBreak?: LineBreak } = {}): GeneratedFile {
  const rows: string[][] = [];
  SHIMADZU_COMPOUNDS.forEach((compound, c) => {
    rows.push(['ID#', String(c + 1)], ['Name', compound.name], SHIMADZU_HEADER);
    INJECTIONS.forEach((injection, i) =>
      rows.push(injectionRow(i, injection, compound.conc[i], i === 1 ? (compound.flag ?? '') : '')),
    );
    for (const label of SUMMARY)
      rows.push(['', label, '', '', '', '', '2.200', '11000', '4300', '40.000', '', '', '', '0.10', '0.03']);
    rows.push([]);
  });
  return { name: 'shimadzu-ascii.txt', bytes: encodeText(delimited(rows, '\t', options.lineBreak), options.encoding) };
}

/**
 * The same table re-saved as CSV by a script: an index column and "Unnamed: 0" in front, the header
 * once at the top, no statistics rows, and the first block's ID#/Name lines lost with the header.
 */
export function shimadzuResavedCsv(): GeneratedFile {
  const rows: string[][] = [['', 'Unnamed: 0', ...SHIMADZU_HEADER.slice(1)]];
  let index = 0;
  const push = (cells: string[]) => rows.push([String(index++), ...cells]);
  SHIMADZU_COMPOUNDS.forEach((compound, c) => {
    if (c > 0) {
      push(['ID#', String(c + 1)]);
      push(['Name', compound.name]);
    }
    INJECTIONS.forEach((injection, i) =>
      push(injectionRow(i, injection, compound.conc[i], i === 1 ? (compound.flag ?? '') : '')),
    );
  });
  const width = rows[0].length;
  return {
    name: 'shimadzu-resaved.csv',
    bytes: encodeText(
      delimited(
        rows.map((r) => [...r, ...Array(width - r.length).fill('')]),
        ',',
      ),
    ),
  };
}

// ---------------------------------------------------------------- PerkinElmer Syngistix summary report

interface SummaryBlock {
  id: string;
  type: string;
  description?: string;
  /** Conc. Mean per analyte (As, Cd, Hg, Pb); empty for a blank calibration. */
  conc?: [string, string, string, string];
  dilutionRatio?: string;
}

const ELEMENTS: Array<{ marker: string; symbol: string; mass: string; istd?: true }> = [
  { marker: '|>', symbol: 'Ge', mass: '74', istd: true },
  { marker: '|-', symbol: 'As', mass: '75' },
  { marker: '|-', symbol: 'Cd', mass: '114' },
  { marker: '|-', symbol: 'Hg', mass: '202' },
  { marker: '|', symbol: 'Pb', mass: '208' },
  { marker: '|>', symbol: 'In', mass: '115', istd: true },
];

const SUMMARY_BLOCKS: SummaryBlock[] = [
  { id: 'Cal Blank', type: 'Blank' },
  { id: 'Cal 1 1ppb 4 mix', type: 'Standard', conc: ['1.012', '0.995', '1.021', '0.987'] },
  { id: '2.5ppb CCV 4 MIX', type: 'Sample', description: '2.5CCV', conc: ['2.441', '2.502', '2.390', '2.475'] },
  { id: 'Digestion Blank 02052025', type: 'Sample', conc: ['0.012', '0.001', '0.002', '-0.003'] },
  { id: '2502RLI0135-0489', type: 'Sample', conc: ['0.912', '0.088', '-0.004', '1.530'], dilutionRatio: '100' },
  {
    id: '2502RLI0135-0489 + SPIKE',
    type: 'Sample',
    description: '100 uL of 1 ppm mix - 2 ppb',
    conc: ['2.950', '2.010', '1.980', '3.511'],
    dilutionRatio: '100',
  },
  { id: '2502RLI0135-0490', type: 'Sample', conc: ['0.500', '0.021', '0.003', '0.250'] },
  { id: '2502RLI0135-0491', type: 'Sample', conc: ['0.700', '0.030', '0.004', '0.310'] },
  { id: 'QC Std 1', type: 'QC Std', conc: ['1.002', '0.981', '0.990', '1.013'] },
];

function summaryBlockRows(block: SummaryBlock): SheetRows {
  const rows: SheetRows = [
    ['Quantitative', 'Analysis', '-', 'Summary', 'Report'],
    ['Sample', 'ID:', block.id],
    ['Sample', 'Date/Time:', 'Wednesday, February 05, 2025 10:41:07'],
    block.description ? ['Sample', 'Description:', block.description] : ['Sample', 'Description:'],
    ['Solution', 'Type:', block.type],
    ['Blank', 'File:', 'C:\\Data\\Cal Blank.001'],
    ['Number', 'of', 'Replicates:', '3'],
    ['Dataset', 'File:', `C:\\Data\\${block.id}.0${SUMMARY_BLOCKS.indexOf(block) + 10}`],
    ['Calibration', 'Type:', 'External Calibration'],
    ['Summary'],
    ['Intensities'],
    [null, 'Analyte', 'Mass', 'Meas. Intens. Mean', 'Meas. Intens. RSD'],
    ...ELEMENTS.map((e, i) => [e.marker, e.symbol, e.mass, String(40000 + i * 977), '1.2']),
    ['Concentration', 'Results'],
  ];
  const header = [null, 'Analyte', 'Mass', 'Net Intens. Mean', 'Conc. Mean', 'Conc. SD', 'Conc. RSD', 'Sample Unit'];
  if (block.dilutionRatio) header.push('Sample Dilution Ratio', 'Final Sample Concentration (ppm)');
  rows.push(header);
  let analyte = 0;
  for (const element of ELEMENTS) {
    if (element.istd) rows.push([element.marker, element.symbol, element.mass, '47281.288', 'ppb']);
    else if (!block.conc) rows.push([element.marker, element.symbol, element.mass, 'ppb']);
    else {
      const conc = block.conc[analyte++];
      const row: SheetRows[number] = [element.marker, element.symbol, element.mass, '0.01', conc, '0.01', '2.5', 'ppb'];
      if (block.dilutionRatio) row.push(block.dilutionRatio, '<LOQ');
      rows.push(row);
    }
  }
  rows.push([]);
  return rows;
}

/** Quant Summary blocks (label words one per cell, |> internal standards) plus the digestion Log sheet. */
export function nexionSummaryWorkbook(): GeneratedFile {
  return {
    name: 'nexion-summary.xlsx',
    bytes: workbook({
      'Quant Summary': SUMMARY_BLOCKS.flatMap(summaryBlockRows),
      Log: [
        ['Vessel', 'Sample ID', 'Sample Mass (g)', 'Sample Dilution', 'Spike Amnt', 'HNO3/H2O'],
        ['1', 'Digestion Blank 02/05/2025', 'N/A', null, null, '5/5'],
        ['2', '2502RLI0135-0489', '0.5012', '99.76', null, '5/5'],
        ['3', '2502RLI0135-0489 + SPIKE', '0.5121', '97.64', '100 uL of 1 ppm spike - 2 ppb', '5/5'],
        ['4', '2502RLI0135-0490', '0.4988', '100.24', null, '5/5'],
      ],
    }),
  };
}

// ---------------------------------------------------------------- PerkinElmer NexION 350X wide export

const WIDE_META = [' ', 'Sample Id', 'R', 'Acquisition Time', 'QC Status', 'Dataset File', 'Method File'];

/**
 * Syngistix export: several sheets with the same columns; Concentrations holds one row per sample and one
 * "<element> <mass>\n(<unit>)" column per analyte, printed with 3 decimals; a second header row starts the
 * next element set. `claimedRows` makes the Concentrations sheet claim a much larger range than it fills.
 */
export function nexion350xWorkbook(options: { claimedRows?: number } = {}): GeneratedFile {
  const method = 'C:\\Syngistix\\Method\\METALS.mth';
  const first = [...WIDE_META, 'As 75\n(ug/L)', 'Cd 111\n(ug/L)', 'Pb 208\n(ug/L)', 'Hg 202\n(ug/L)'];
  const second = [...WIDE_META, 'Ni 60\n(ug/L)', 'Cr 52\n(ug/L)'];
  const rows: SheetRows = [
    first,
    [1, 'BLK', '', '05/02/25 09:00:10 AM', '', 'C:\\Data\\BLK.001', method],
    [2, 'STD 1 PPB', '', '05/02/25 09:03:22 AM', '', 'C:\\Data\\STD 1 PPB.002', method, 1, 1, 1, 1],
    [3, '2502RLI0135-0489', '', '05/02/25 09:06:35 AM', '', 'C:\\Data\\2502RLI0135-0489.003', method, 0.412, 0.05, 1.2, null],
    [4, 'Calibration Curves', '', '05/02/25 09:06:35 AM'],
    second,
    [5, 'rBLK', '', '05/02/25 11:00:02 AM', '', 'C:\\Data\\rBLK.004', method],
    [6, '2502RLI0135-0490', '', '05/02/25 11:03:15 AM', 'QC Fail', 'C:\\Data\\2502RLI0135-0490.005', method, 2.331, 0.876],
  ];
  const concentrations = XLSX.utils.aoa_to_sheet(rows);
  for (const address of Object.keys(concentrations)) {
    const cell = concentrations[address] as XLSX.CellObject;
    if (!address.startsWith('!') && cell.t === 'n' && XLSX.utils.decode_cell(address).c >= 7) cell.z = '0.000';
  }
  const book = XLSX.utils.book_new();
  const intensities = rows.map((r) => r.map((c) => (typeof c === 'string' ? c.replace('(ug/L)', '(cps)') : c)));
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(intensities), 'Raw Intensities');
  XLSX.utils.book_append_sheet(book, concentrations, 'Concentrations');
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Row Index Number'], [1], [2]]), 'Internal Standards');
  const bytes = XLSX.write(book, { bookType: 'xlsx', type: 'buffer' }) as Buffer;
  return {
    name: 'nexion350x-export.xlsx',
    bytes: options.claimedRows ? claimRange(bytes, '/xl/worksheets/sheet2.xml', `A1:K${options.claimedRows}`) : bytes,
  };
}

interface ZipEntry {
  content: Uint8Array;
}
interface ZipContainer {
  read(data: Buffer, options: { type: 'buffer' }): object;
  find(container: object, path: string): ZipEntry | null;
  write(container: object, options: { fileType: 'zip'; type: 'buffer' }): Buffer;
}

/** Rewrites a sheet's declared dimension, as a workbook "claiming" far more rows than it holds. */
function claimRange(xlsx: Buffer, sheetPath: string, ref: string): Buffer {
  const zip = XLSX.CFB as ZipContainer;
  const container = zip.read(xlsx, { type: 'buffer' });
  const entry = zip.find(container, sheetPath);
  if (!entry) throw new Error(`no ${sheetPath} in the workbook`);
  entry.content = Buffer.from(
    Buffer.from(entry.content)
      .toString('utf8')
      .replace(/<dimension ref="[^"]+"\/>/, `<dimension ref="${ref}"/>`),
  );
  return zip.write(container, { fileType: 'zip', type: 'buffer' });
}

// ---------------------------------------------------------------- PerkinElmer WinLab32

/** Long CSV: Sample ID (with the leading space WinLab writes), Analyte Name, Date, Time, Reported Conc, Units. */
export function winlab32Csv(options: { headerOnly?: boolean } = {}): GeneratedFile {
  const rows: Array<Array<string>> = [['Sample ID', 'Analyte Name', 'Date', 'Time', 'Reported Conc (Calib)', 'Units (Samp)']];
  if (!options.headerOnly)
    rows.push(
      [' Reagent Blank', 'Pb 220.353', '05-02-25', '09:10:11 AM', '0.001', 'mg/kg'],
      [' 2502RLI0135-0489', 'Pb 220.353', '05-02-25', '09:14:40 AM', '0.153', 'mg/kg'],
      [' 2502RLI0135-0489', 'Cd 228.802', '05-02-25', '09:14:40 AM', '0.021', 'mg/kg'],
      [' 2502RLI0135-0490', 'Pb 220.353', '05-02-25', '09:19:02 AM', '0.0320', 'mg/L'],
    );
  return { name: options.headerOnly ? 'winlab32-header-only.csv' : 'winlab32.csv', bytes: encodeText(delimited(rows, ',')) };
}

// ---------------------------------------------------------------- Agilent MassHunter quant CSV

/** Two header rows: group labels (Sample, "<cpd> Method", "<cpd> Results", qualifier and ISTD groups) over column names. */
export function massHunterCsv(): GeneratedFile {
  const groups = [
    'Sample',
    '',
    '',
    '',
    '',
    '',
    '',
    'Abamectin Method',
    'Abamectin Results',
    '',
    '',
    '',
    'Qualifier (873.5 -> 567.4) Results',
    '',
    'Bifenazate Results',
    '',
    '',
    '',
    'Triphenylphosphate(TPP-IS) (ISTD) Results',
    '',
    '',
  ];
  const columns = [
    '',
    '',
    'Name',
    'Data File',
    'Type',
    'Level',
    'Acq. Date-Time',
    'Exp. Conc.',
    'RT',
    'Resp.',
    'Calc. Conc.',
    'Final Conc.',
    'Ratio',
    'MI',
    'RT',
    'Resp.',
    'Calc. Conc.',
    'Final Conc.',
    'RT',
    'Resp.',
    'Final Conc.',
  ];
  const rows = [
    groups,
    columns,
    [
      '!',
      '!',
      'CAL 1',
      'CAL1.d',
      'Cal',
      '1',
      '2/5/2025 8:01 AM',
      '0.01',
      '4.102',
      '20451',
      '0.0098',
      '0.0098',
      '12',
      'FALSE',
      '6.330',
      '33120',
      '0.0101',
      '0.0101',
      '9.870',
      '2592849',
      '1.0000',
    ],
    [
      '!',
      '!',
      'Solvent Blank',
      'BLANK1.d',
      'Blank',
      '',
      '2/5/2025 8:20 AM',
      '',
      '',
      '',
      '',
      '',
      '',
      'FALSE',
      '',
      '',
      '',
      '',
      '9.871',
      '2601190',
      '1.0000',
    ],
    [
      '!',
      '!',
      '2502RLI0135-0489',
      '0489.d',
      'Sample',
      '',
      '2/5/2025 8:40 AM',
      '',
      '4.099',
      '15034',
      '0.0072',
      '0.0144',
      '11',
      'FALSE',
      '6.331',
      '1201',
      '0.0004',
      '0.0008',
      '9.869',
      '2577013',
      '1.0000',
    ],
    [
      '!',
      '!',
      '2502RLI0135-0490',
      '0490.d',
      'Sample',
      '',
      '2/5/2025 9:00 AM',
      '',
      '',
      '',
      '',
      'ND',
      '',
      'FALSE',
      '6.329',
      '20877',
      '0.0061',
      '0.0122',
      '9.870',
      '2580114',
      '1.0000',
    ],
  ];
  return { name: 'masshunter-quant.csv', bytes: encodeText(delimited(rows, ',')) };
}

// ---------------------------------------------------------------- qPCR workbook

/** Plate Setup, Thermal Profile, Amplification Plots and the Tabular Results sheet (Well, Well Name, Dye, Target, Cq (∆R)). */
export function qpcrWorkbook(): GeneratedFile {
  const tabular: SheetRows = [
    ['Well', 'Well Name', 'Dye', 'Target', 'Cq (∆R)'],
    ['A1', '2502RLI0135-0489', 'FAM', 'Y+M', '24.31'],
    ['A1', '2502RLI0135-0489', 'ROX', 'ROX', 'No Cq'],
    ['A1', '2502RLI0135-0489', 'HEX', 'IC-YM', '28.02'],
    ['A3', '2502RLI0135-0489', 'FAM', 'A. Fumi', 'No Cq'],
    ['A3', '2502RLI0135-0489', 'ROX', 'A. Nig', 'No Cq'],
    ['A3', '2502RLI0135-0489', 'HEX', 'IC-Asp', '22.9'],
    ['A3', '2502RLI0135-0489', 'CY5', 'A. Flav', '36.11'],
    ['A3', '2502RLI0135-0489', 'ATTO425', 'A. Terr', 'No Cq'],
    ['B2', '2502RLI0135-0490', 'FAM', 'E. Coli', 'No Cq'],
    ['B2', '2502RLI0135-0490', 'ROX', 'Salm', 'No Cq'],
    ['B2', '2502RLI0135-0490', 'HEX', 'IC-SE', '22.51'],
    ['H1', 'Neg Control', 'FAM', 'Y+M', 'No Cq'],
    ['H2', 'Pos Control', 'FAM', 'Y+M', '12.57'],
  ];
  return {
    name: 'qpcr-run.xlsx',
    bytes: workbook({
      'Plate Setup': [
        ['Well', 'Well Type', 'Dye', 'Target', 'Replicate', 'Sample Name', 'Well Name'],
        ['A1', 'Unknown', 'FAM', 'Y+M', '---', '---', '2502RLI0135-0489'],
      ],
      'Thermal Profile': [
        ['Segment', 'Plateau', 'Temperature', 'Duration', 'Cycle'],
        ['Hot Start', '1', '95', '0:05:00', '1'],
      ],
      'Amplification Plots': [['Amplification Plots'], [], ['A1, Y+M, Unknown', 'Cycles', 'Fluorescence (∆R)'], ['', 1, 18.27]],
      'Tabular Results': tabular,
    }),
  };
}
