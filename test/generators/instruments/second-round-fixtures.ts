import { delimited, encodeText, workbook, type GeneratedFile, type SheetRows } from './fixture-file';

/**
 * Fixtures reproducing the layouts of the second round of real exports in ../shared/samples/instruments
 * (TargetLynx, MultiQuant, TraceFinder, MassHunter batch table, OpenLab CDS text report, QuantStudio
 * presence/absence, CFX Maestro, LightCycler 480), with made-up cannabis sample IDs and values.
 */

// ---------------------------------------------------------------- Waters TargetLynx compound summary

const TARGETLYNX_HEADER = [
  '',
  '#',
  'Name',
  'Sample Text',
  'Type',
  '%Dev',
  'Primary Flags',
  'Conc.',
  'Std. Conc',
  'RT',
  'Area',
  'IS Area',
  'Response',
  'Coeff. Of Determination',
  'Vial',
];

interface LynxInjection {
  n: number;
  text: string;
  type: string;
  conc: Record<string, string>;
}

const LYNX_INJECTIONS: LynxInjection[] = [
  { n: 1, text: 'Double Blank', type: 'Blank', conc: { 'Delta-9 THC': '', Myclobutanil: '', 'SIL Myclobutanil D4': '' } },
  {
    n: 2,
    text: 'Cal 3',
    type: 'Standard',
    conc: { 'Delta-9 THC': '50.210', Myclobutanil: '0.101', 'SIL Myclobutanil D4': '1.000' },
  },
  {
    n: 3,
    text: '2502RLI0135-0489',
    type: 'Sample',
    conc: { 'Delta-9 THC': '1402.118', Myclobutanil: '', 'SIL Myclobutanil D4': '0.988' },
  },
  {
    n: 4,
    text: 'LTR_POOL',
    type: 'sample',
    conc: { 'Delta-9 THC': '801.5', Myclobutanil: '0.020', 'SIL Myclobutanil D4': '1.010' },
  },
  {
    n: 5,
    text: '2502RLI0135-0490',
    type: 'Sample',
    conc: { 'Delta-9 THC': '12.040', Myclobutanil: '0.450', 'SIL Myclobutanil D4': '1.002' },
  },
  { n: 6, text: 'QC 1', type: 'QC', conc: { 'Delta-9 THC': '99.8', Myclobutanil: '0.210', 'SIL Myclobutanil D4': '0.995' } },
];

/** "Quantify Compound Summary Report": one block per compound opened by "Compound N:  <name>". */
export function targetLynxSummaryTxt(): GeneratedFile {
  const lines: string[][] = [['Quantify Compound Summary Report '], [], ['Printed Wed Feb 05 10:12:00 2025'], []];
  Object.keys(LYNX_INJECTIONS[0].conc).forEach((compound, i) => {
    lines.push([`Compound ${i + 1}:  ${compound}`], [], TARGETLYNX_HEADER);
    for (const inj of LYNX_INJECTIONS) {
      const conc = inj.conc[compound];
      lines.push([
        String(inj.n),
        String(inj.n),
        `RUN0205_${inj.text}_${inj.n}`,
        inj.text,
        inj.type,
        '',
        conc ? 'bb' : 'bdI',
        conc,
        '',
        '3.79',
        '38126',
        '5323',
        '71.627',
        '0.990',
        `1:A,${inj.n}`,
      ]);
    }
    lines.push([]);
  });
  return { name: 'targetlynx-compound-summary.txt', bytes: encodeText(lines.map((l) => l.join('\t')).join('\r\n') + '\r\n') };
}

// ---------------------------------------------------------------- SCIEX MultiQuant (areas only)

export function multiQuantAreasTxt(): GeneratedFile {
  const rows: SheetRows = [['Sample Name', 'Component Name', 'Area', 'Retention Time', 'Width at 50%', 'Signal / Noise']];
  for (const sample of ['Blank 01', '2502RLI0135-0489 inj1'])
    for (const [component, area] of [
      ['Myclobutanil 289.1 / 70.0', '4758.83137492473'],
      ['Myclobutanil 289.1 / 125.0', 'N/A'],
    ])
      rows.push([
        sample,
        component,
        area,
        area === 'N/A' ? 'N/A' : '9.573',
        area === 'N/A' ? 'N/A' : '0.18',
        area === 'N/A' ? 'N/A' : '10.13',
      ]);
  return { name: 'multiquant-areas.txt', bytes: encodeText(delimited(rows as string[][], '\t').replace(/\n$/, '')) };
}

// ---------------------------------------------------------------- Thermo TraceFinder per-compound CSV (areas only)

const TRACEFINDER_HEADER = [
  'Compound',
  'RT',
  'Type',
  'Filename',
  'Batch Order',
  'Status',
  'Peak Label',
  'Group',
  'Sample Type',
  'Level',
  'Sample ID',
  'Sample Name',
  'Comments',
  'Height',
  'Area',
  'Actual RT',
  'RT Delta',
  'Formula',
  'Adduct',
  'Calculated Amt',
  'Theoretical Amt',
  'Sample Amt',
  'Final Units',
];

export function traceFinderCompoundCsv(): GeneratedFile {
  const rows: string[][] = [TRACEFINDER_HEADER];
  const injections = [
    ['20250205_QE_2502RLI0135-0489', 'B:A2', '289430600'],
    ['20250205_QE_blank1', 'B:A1', 'N/F'],
  ];
  injections.forEach(([file, vial, area], i) =>
    rows.push([
      'Myclobutanil',
      '4.52',
      'Target Compound',
      file,
      String(i + 1),
      'Processed',
      'T1',
      '',
      'Unknown',
      '',
      vial,
      '',
      '',
      '4509933',
      area,
      '4.32',
      '-0.20',
      'C15H17ClN4',
      'M+H',
      'N/A',
      'N/A',
      'N/A',
      'N/A',
    ]),
  );
  return { name: 'tracefinder-compound.csv', bytes: encodeText(delimited(rows, ',', '\r\n'), 'utf-8-bom') };
}

// ---------------------------------------------------------------- Agilent MassHunter Quant batch table (no Name column)

/** Two header rows; the sample columns are unlabelled; `withSamples` adds two Sample rows to the calibrators and QCs. */
export function massHunterBatchTableCsv(options: { withSamples?: boolean } = {}): GeneratedFile {
  const compounds = ['Myclobutanil', 'Bifenazate'];
  const groupRow = ['', '', '', ''];
  const header = ['Acq. Date-Time', 'Data File', 'Type', 'Level'];
  for (const c of compounds) {
    groupRow.push(`${c} Results`, '', '', '', 'Qualifier (289.1 -> 125.0) Results');
    header.push('RT', 'Final Conc.', 'Area', 'Accuracy', 'Ratio');
  }
  const rows: string[][] = [groupRow, header];
  const injections: Array<[string, string, string, string[]]> = [
    ['EQC1.d', 'ResponseCheck', '', ['3.601', '19.63']],
    ['SBLK1.d', 'DoubleBlank', '', ['', '0']],
    ['Cal A.d', 'Cal', 'A', ['0.916', '5.91']],
    ['QC_Low_1.d', 'QC', 'Low', ['4.707', '31.168']],
  ];
  if (options.withSamples)
    injections.push(['2502RLI0135-0489.d', 'Sample', '', ['0.412', '']], ['2502RLI0135-0490.d', 'Sample', '', ['0.05', '1.2']]);
  injections.forEach(([file, type, level, conc], i) => {
    const row = [`2/5/25 ${10 + i}:00`, file, type, level];
    conc.forEach((value) => row.push('3.92', value, value === '' ? '' : '2023731', '', '25.3'));
    rows.push(row);
  });
  return { name: 'masshunter-batch-table.csv', bytes: encodeText(delimited(rows, ',', '\r\n')) };
}

// ---------------------------------------------------------------- Agilent OpenLab CDS text report (box drawing)

/** A box of columns; a value longer than its column wraps onto the next line, or is given as its printed lines. */
function box(widths: number[], rows: Array<Array<string | string[]>>, indent = ''): string[] {
  const rule = (l: string, m: string, r: string) => indent + l + widths.map((w) => '─'.repeat(w)).join(m) + r;
  const out = [rule('┌', '┬', '┐')];
  rows.forEach((row, i) => {
    const pieces = row.map((text, c) =>
      Array.isArray(text) ? text : (text.match(new RegExp(`.{1,${widths[c]}}`, 'g')) ?? ['']),
    );
    const height = Math.max(...pieces.map((p) => p.length));
    for (let line = 0; line < height; line++)
      out.push(indent + '│' + widths.map((w, c) => (pieces[c][line] ?? '').padEnd(w)).join('│') + '│');
    if (i < rows.length - 1) out.push(rule('├', '┼', '┤'));
  });
  out.push(rule('└', '┴', '┘'));
  return out;
}

export function openLabTextReport(options: { samples?: string[] } = {}): GeneratedFile {
  const lines: string[] = box([78], [['Cross Sequence Summary Report']]);
  for (const sample of options.samples ?? ['2502RLI0135-0489_100_min']) {
    lines.push(...box([16, 14], [['Sample Name', sample]], '   '));
    lines.push(...box([7, 40], [['Signal:', 'DAD1A,Sig=228,4  Ref=360,100']], '  '));
    lines.push(
      ...box(
        [7, 3, 8, 6, 7, 6, 20],
        [
          [['    RT', ' [min]'], ['Typ', 'e'], ['  Width', '  [min]'], '  Area', ' Height', ' Area%', 'Name'],
          ['0.698', 'BV', '0.4062', '53.0992', '7.2642', '0.3671', ''],
          ['3.331', 'BV', '0.7823', '7620.7030', '925.5433', '52.6804', 'THCA-A@3,327min'],
          ['', '', 'Sum', '7673.8022', '', '', ''],
        ],
        '  ',
      ),
    );
  }
  lines.push(...box([27, 32], [['D:\\CDSProjects\\Report Templates\\Export.rdl', 'Printed:  2025-02-05 10:12:00']]));
  return { name: 'openlab-report.txt', bytes: encodeText(lines.join('\r\n') + '\r\n') };
}

// ---------------------------------------------------------------- QuantStudio Design & Analysis presence/absence

const RUN_HEADER: SheetRows = [
  ['File Name', 'C:\\Runs\\2025-02-05_micro.eds'],
  ['Instrument Type', 'QuantStudio™ 7 Pro System'],
  ['Software Name and Version', 'Design & Analysis Software v2.7.0'],
  ['Plugin Name and Version', 'Primary Analysis v1.8.0, Presence Absence v2.3.0'],
  ['Exported On', '2025-02-05 04:05:08 PM EST'],
  [],
];

export function quantStudioPresenceAbsenceXlsx(): GeneratedFile {
  const call: SheetRows = [
    ...RUN_HEADER,
    ['Well', 'Omit', 'Sample', 'Target', 'Task', 'Call', 'Consolidated Call', 'Cq', 'Cq Confidence', 'Amp Score', 'Delta Rn'],
    ['A1', 'FALSE', 'NTC', 'STEC', 'NTC', 'Absence', 'Absence', 'UNDETERMINED', '0', '0', '2.06'],
    ['A1', 'FALSE', 'NTC', 'IPC', 'IPC', 'Presence', 'Presence', '28.47', '0.93', '1.07', '2.41'],
    ['A2', 'FALSE', '2502RLI0135-0489', 'STEC', 'UNKNOWN', 'Absence', 'Absence', 'UNDETERMINED', '0', '0.4', '3.86'],
    ['A2', 'FALSE', '2502RLI0135-0489', 'IPC', 'IPC', 'Presence', 'Presence', '28.53', '0.94', '1.07', '2.42'],
    ['A3', 'FALSE', '2502RLI0135-0490', 'Salmonella', 'UNKNOWN', 'Presence', 'Presence', '29.57', '0.98', '1.63', '14.19'],
  ];
  return {
    name: 'quantstudio-presence-absence.xlsx',
    bytes: workbook({
      Results: [
        ...RUN_HEADER,
        ['Well', 'Well Position', 'Omit', 'Sample', 'Target', 'Task', 'Reporter', 'Cq'],
        ['1', 'A1', 'FALSE', 'NTC', 'STEC', 'NTC', 'FAM', 'UNDETERMINED'],
      ],
      'Target Call': call,
      'Sample Call': [
        ...RUN_HEADER,
        ['Sample', 'Test Code', 'Wells', 'Presence Targets', 'Absence Targets', 'Call'],
        ['NTC', null, 'A1', 'IPC', 'STEC', 'Absence'],
      ],
    }),
  };
}

// ---------------------------------------------------------------- Bio-Rad CFX Maestro Cq results

export function cfxMaestroCqCsv(options: { targets?: boolean } = {}): GeneratedFile {
  const target = (t: string) => (options.targets ? t : '');
  const rows: string[][] = [
    [
      '',
      'Well',
      'Fluor',
      'Target',
      'Content',
      'Sample',
      'Biological Set Name',
      'Cq',
      'Cq Mean',
      'Cq Std. Dev',
      'Starting Quantity (SQ)',
      'Set Point',
      'Well Note',
    ],
    [
      '',
      'A01',
      'FAM',
      target('STEC'),
      'Unkn',
      '2502RLI0135-0489',
      '',
      '21.1877528266099',
      '21.1877528266099',
      '0',
      'NaN',
      '60',
      '',
    ],
    ['', 'A02', 'FAM', target('Salm'), 'Unkn', '2502RLI0135-0489', '', 'NaN', '0', '0', 'NaN', '60', ''],
    ['', 'A03', 'FAM', target('STEC'), 'Unkn', '2502RLI0135-0490', '', '38.2', '38.2', '0', 'NaN', '60', ''],
    ['', 'A04', 'HEX', target('IC-SE'), 'Unkn', '2502RLI0135-0490', '', '24.1', '24.1', '0', 'NaN', '60', ''],
    ['', 'A05', 'FAM', target('Listeria'), 'Unkn', '2502RLI0135-0490', '', '30.0', '30.0', '0', 'NaN', '60', ''],
    ['', 'H12', 'FAM', target('STEC'), 'NTC', 'NTC', '', 'NaN', '0', '0', 'NaN', '60', ''],
  ];
  return { name: 'cfx-maestro-cq.csv', bytes: encodeText(delimited(rows, ',', '\r\n')) };
}

// ---------------------------------------------------------------- Roche LightCycler 480 Cp export

export function lightCyclerCpTxt(): GeneratedFile {
  const rows = [
    ['Include', 'Color', 'Pos', 'Name', 'Cp', 'Concentration', 'Standard', 'Status'],
    ['True', '255', 'A1', '2502RLI0135-0489 STEC', '13.98', '', '0', ''],
    ['True', '255', 'A2', '2502RLI0135-0489 STEC', '', '', '0', ''],
    ['True', '255', 'A3', 'NTC', '', '', '0', ''],
  ];
  const text =
    ['Experiment: 2025-02-05 micro  Selected Filter: SYBR Green I / HRM Dye (483-533)', ...rows.map((r) => r.join('\t'))].join(
      '\r\n',
    ) + '\r\n';
  return { name: 'lightcycler480-cp.txt', bytes: encodeText(text) };
}
