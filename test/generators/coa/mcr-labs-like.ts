import { cell, render } from './make-pdfs';

/**
 * A certificate drawn as MCR Labs (Massachusetts) print theirs, with invented names and values and another
 * product and panels than the real one: a first column of test IDs (or cannabinoid abbreviations) left of the names,
 * names wrapped onto lines above and below their values, headers stacked over up to five lines with words broken
 * across them ("Dispositi" / "on"), limits printed as 10 with a superscript exponent, and a QA/QC section that
 * repeats the panel headings over control samples and must not be read as results.
 */

type Doc = PDFKit.PDFDocument;

export const MCR_LIKE = {
  client: 'Harbor Leaf Cultivation',
  report: 'MCR-S26-04417',
  revision: '02.00',
  product: 'Lemon Drop Live Rosin',
  batch: 'LDR-0211-B',
  matrix: 'Concentrate',
  metrcSample: '1A40A0100000F22000011111',
  metrcSource: '1A40A0100000F22000010000',
} as const;

/** [panel, name, value, unit, loq, lod, limit, status, extras] as printed. */
export type McrRow = [string, string, string, string?, string?, string?, string?, string?, Record<string, string>?];

const CANNABINOIDS: Array<[string, string, string, string, string, string]> = [
  ['CBDA', 'Cannabidiolic acid', 'ND', 'ND', '0.04%', '0.01%'],
  ['CBGA', 'Cannabigerolic acid', '1.2%', '12.0', '0.04%', '0.01%'],
  ['CBG', 'Cannabigerol', '0.3%', '3.0', '0.04%', '0.02%'],
  ['THCA', 'Tetrahydrocannabinolic acid', '71.4%', '714.0', '0.04%', '0.01%'],
  ['Δ9-THC', 'Δ9-Tetrahydrocannabinol', '4.1%', '41.0', '0.04%', '0.01%'],
  ['CBN', 'Cannabinol', '0.1%', '1.0', '0.04%', '0.01%'],
];

/** Microbial rows: test ID, name lines (the middle one, if any, on the value line), result, exponent, disposition. */
const MICROBIALS: Array<[string, string[], string, number, string]> = [
  ['26-04417-AC', ['Total Viable', 'Aerobic Bacteria'], '2300', 5, 'Pass'],
  ['26-04417-YM', ['Total Yeast and', 'Mold'], '12000', 4, 'Fail'],
  ['26-04417-CC', ['Total Coliforms'], '<100', 3, 'Pass'],
  ['26-04417-EB', ['Total Bile-Tolerant', 'Gram Negative', 'Bacteria'], '<100', 3, 'Pass'],
];

const METALS: Array<[string, string, string, string, string, string]> = [
  ['Arsenic', 'ND', '43.7', '132.4', '200', '1500'],
  ['Lead', '95.3', '27.1', '82.0', '500', '1000'],
];

const PESTICIDES: Array<[string, string, string, string]> = [
  ['Abamectin', '166.7', '500', '1000'],
  ['Imidacloprid', '50', '150', '300'],
];

/** Every result row the certificate prints, as printed, in reading order. */
export const MCR_LIKE_ROWS: McrRow[] = [
  ...CANNABINOIDS.map(([abbreviation, name, pct, mgG, loq, lod]): McrRow => [
    'Cannabinoid Profile',
    name,
    pct,
    'weight %',
    loq,
    lod,
    undefined,
    undefined,
    { abbreviation, mgG },
  ]),
  ...MICROBIALS.map(([testId, names, value, exponent, status]): McrRow => [
    'Microbiological Screen',
    names.join(' '),
    value,
    'CFU/g',
    undefined,
    undefined,
    `10^${exponent} CFU/g`,
    status,
    { testId },
  ]),
  ...['STEC', 'Salmonella'].map((name, i): McrRow => [
    'Pathogenic Bacterial Screen',
    name,
    'Not Detected',
    undefined,
    undefined,
    undefined,
    'Not Detected in 1g',
    'Pass',
    { testId: `S26-04417-${['ECPT', 'SPT'][i]}` },
  ]),
  ...['Aflatoxin B1', 'Ochratoxin A'].map((name, i): McrRow => [
    'Mycotoxin Screen',
    name,
    'Not Detected',
    undefined,
    '10',
    ['3.3', '5'][i],
    '20',
    'Pass',
    { testId: `S26-04417-${['AFB1', 'OTA'][i]}` },
  ]),
  ...METALS.map(([name, value, lod, loq, limit, ingestion]): McrRow => [
    'Heavy Metals Screen',
    name,
    value,
    'ppb',
    loq,
    lod,
    limit,
    'Pass',
    { testId: 'S26-04417-HM', ingestionLimit: ingestion, ingestionDisposition: 'Pass' },
  ]),
  ...PESTICIDES.map(([name, lod, loq, limit]): McrRow => ['Pesticides Screen', name, 'ND', 'ppb', loq, lod, limit, 'Pass']),
];

const PAGES = 6;

/** Text whose baseline is at `y` (as a text extractor reports it). */
function at(doc: Doc, text: string, x: number, y: number, size = 10, right?: number): void {
  cell(doc, text, x, y - 0.905 * size, { size, ...(right !== undefined ? { right } : {}) });
}

function page(doc: Doc, n: number): void {
  doc.addPage({ size: [792, 1224], margin: 0 });
  if (n > 1) {
    at(doc, `${MCR_LIKE.batch}-`, 642, 44.5, 9);
    at(doc, MCR_LIKE.client, 73, 47.5, 11);
    at(doc, `${MCR_LIKE.report} Rev.${MCR_LIKE.revision}`, 336, 47.5, 11);
    at(doc, MCR_LIKE.product, 617, 56.4, 9);
  }
  at(doc, '85 Speen St. Lower Level', 352, 1161, 9);
  at(doc, 'Framingham, MA 01701', 352, 1172.9, 9);
  if (n > 1) at(doc, 'MCR-FRM-0056 Rev 0012', 73, 1183.8, 11);
  at(doc, 'mcrlabs.com', 373, 1183.8, 11);
  at(doc, `${n}/${PAGES}`, 704, 1183.8, 11);
}

function heading(doc: Doc, text: string, y: number, date: string): void {
  at(doc, text, 116, y);
  at(doc, 'Analyst: AB/CD', 364, y);
  at(doc, `Test Date: ${date}`, 529, y);
}

function title(doc: Doc, n: number, panel: string, y: number): void {
  const sample = MCR_LIKE.report.replace(/^MCR-/, '');
  at(doc, `Table ${n} - ${sample} ${MCR_LIKE.product} ${MCR_LIKE.batch} ${MCR_LIKE.matrix} ${panel} Testing`, 161, y);
}

function firstPage(doc: Doc): void {
  page(doc, 1);
  at(doc, 'Analytical Test Report', 344, 155.8);
  at(doc, 'Client:', 116, 177.9);
  at(doc, 'Final Report', 266, 177.9);
  at(doc, `${MCR_LIKE.report} Rev.${MCR_LIKE.revision}`, 369, 177.9);
  at(doc, 'Laboratory:', 0, 177.9, 10, 677);
  at(doc, MCR_LIKE.client, 116, 191.7);
  at(doc, 'MCR Labs', 0, 191.7, 10, 677);
  at(doc, 'Report Date:', 267, 216.4);
  at(doc, '03 MARCH 2026', 383, 216.4);
  at(doc, 'METRC Tag:', 271, 242.8, 8);
  at(doc, MCR_LIKE.metrcSample, 376, 242.8, 8);
  at(doc, 'METRC Source Tag:', 256, 253.3, 8);
  at(doc, MCR_LIKE.metrcSource, 376, 253.3, 8);
  at(doc, 'Requested Testing:', 116, 704.6);
  at(doc, 'Test', 161, 721.6);
  at(doc, 'Code', 237, 721.6);
  at(doc, 'Analytes Tested', 460, 721.6);
  const tests: Array<[string, string, string, string]> = [
    ['Cannabinoid Profile', 'CN', 'CBDA, CBGA, CBG, THCA, D9-THC, CBN', 'N/A'],
    ['Microbiological Screen', 'MB', 'Bacterial, Yeast and Mold, Pathogenic', 'Fail'],
    ['Mycotoxin Screen', 'MY', 'Aflatoxin B1, Ochratoxin A', 'Pass'],
    ['Heavy Metals Screen', 'HM', 'Arsenic (As), Lead (Pb)', 'Pass'],
    ['Pesticides Screen', 'PS', 'Abamectin, Imidacloprid', 'Pass'],
  ];
  tests.forEach(([name, code, analytes, disposition], i) => {
    const y = 737.6 + 30 * i;
    at(doc, name, 124, y);
    at(doc, code, 243, y);
    at(doc, analytes, 370, y);
    at(doc, disposition, 645, y + 11);
  });
}

function cannabinoidPage(doc: Doc): void {
  page(doc, 2);
  heading(doc, 'Cannabinoid Profile [MCR-TM-0011]', 99.6, '02 Mar 26');
  title(doc, 1, 'Cannabinoid', 211.1);
  for (const [text, x] of [
    ['Conc.', 366],
    ['Conc.', 462],
    ['LOQ', 540],
    ['LOD', 619],
  ] as const)
    at(doc, text, x, 228.1);
  at(doc, 'Analyte', 131, 234.5);
  at(doc, 'Cannabinoid', 231, 234.5);
  for (const [text, x] of [
    ['(weight %)', 360],
    ['(mg/g)', 460],
    ['(weight %)', 529],
    ['(weight %)', 608],
  ] as const)
    at(doc, text, x, 241);
  CANNABINOIDS.forEach(([abbreviation, name, pct, mgG, loq, lod], i) => {
    const y = 259.5 + 16.7 * i;
    at(doc, abbreviation, 119, y);
    at(doc, name, 187, y);
    at(doc, pct, 0, y, 10, 396);
    at(doc, mgG, 0, y, 10, 484);
    at(doc, loq, 540, y);
    at(doc, lod, 619, y);
  });
  at(doc, 'Note: There are no limits established for cannabinoid concentrations. ND = Not Detected.', 116, 591.4);
}

function microbialPage(doc: Doc): void {
  page(doc, 3);
  heading(doc, 'Microbiological Screen [MCR-TM-0006]', 83.3, '01-03 Mar 26');
  title(doc, 2, 'Microbiological', 179.9);
  for (const [text, x] of [
    ['Test ID', 143],
    ['Test Analysis', 229],
    ['Results', 345],
    ['Unit', 443],
    ['Limits', 528],
    ['Disposition', 606],
  ] as const)
    at(doc, text, x, 195);
  const ys = [219.9, 253.2, 286.6, 325.5];
  MICROBIALS.forEach(([testId, names, value, exponent, status], i) => {
    const y = ys[i];
    at(doc, testId, 130, y);
    // Name lines centred on the value line: two lines half a line above and below it, three a line apart.
    const offsets = names.length === 1 ? [0] : names.length === 2 ? [-6.2, 6.2] : [-12.4, 0, 12.3];
    names.forEach((name, k) => {
      doc.font('regular').fontSize(10);
      at(doc, name, 261 - doc.widthOfString(name) / 2, y + offsets[k]);
    });
    at(doc, value, 0, y, 10, 374);
    at(doc, 'CFU/g', 439, y);
    at(doc, '10', 520, y);
    doc.font('regular').fontSize(10);
    at(doc, String(exponent), 520 + doc.widthOfString('10'), y - 3.9, 6.6);
    at(doc, 'CFU/g', 538, y);
    at(doc, status, 622, y);
  });
  at(
    doc,
    'Note: CFU = colony forming unit. Testing limits established by the Massachusetts Department of Public Health.',
    116,
    370.9,
  );
  heading(doc, 'Pathogenic Bacterial Screen [MCR-TM-0012]', 544.7, '02 Mar 26');
  title(doc, 3, 'Pathogen', 633);
  for (const [text, x] of [
    ['Test ID', 143],
    ['Test Analysis', 218],
    ['Result', 314],
    ['Units', 384],
    ['Limits', 483],
    ['Disposition', 595],
  ] as const)
    at(doc, text, x, 648.2);
  ['STEC', 'Salmonella'].forEach((name, i) => {
    const y = 664.8 + 16.6 * i;
    at(doc, `S26-04417-${['ECPT', 'SPT'][i]}`, 122, y);
    at(doc, name, 228, y);
    at(doc, 'Not Detected', 300, y);
    at(doc, 'N/A', 388, y);
    at(doc, 'Not Detected in 1g', 457, y);
    at(doc, 'Pass', 611, y);
  });
  at(doc, 'Note: NT = Not tested. STEC = Shiga Toxin producing E. coli', 116, 713.1);
}

function mycotoxinAndMetalsPage(doc: Doc): void {
  page(doc, 4);
  heading(doc, 'Mycotoxin Screen [MCR-TM-0009]', 83.3, '02 Mar 26');
  title(doc, 4, 'Mycotoxin', 182.1);
  for (const [text, x] of [
    ['LOD', 431],
    ['LOQ', 498],
    ['Limits', 551],
  ] as const)
    at(doc, text, x, 199.1);
  for (const [text, x] of [
    ['Test ID', 143],
    ['Test Analysis', 218],
    ['Result', 336],
    ['Disposition', 606],
  ] as const)
    at(doc, text, x, 205.5);
  for (const x of [429, 497, 553]) at(doc, '(ppb)', x, 211.9);
  ['Aflatoxin B1', 'Ochratoxin A'].forEach((name, i) => {
    const y = 232.7 + 21.4 * i;
    at(doc, `S26-04417-${['AFB1', 'OTA'][i]}`, 121, y);
    at(doc, name, 222, y);
    at(doc, 'Not Detected', 322, y);
    at(doc, ['3.3', '5'][i], 0, y, 10, 449);
    at(doc, '10', 0, y, 10, 515);
    at(doc, '20', 0, y, 10, 571);
    at(doc, 'Pass', 622, y);
  });
  at(doc, 'Note: ND = Not Detected; LOD = Limit of Detection; LOQ = Limit of Quantitation; ppb = part per billion.', 116, 335.5);
  heading(doc, 'Heavy Metals Screen [MCR-TM-0008]', 508.5, '28 Feb 26');
  title(doc, 5, 'Heavy Metal', 603.6);
  at(doc, 'Dispositio', 637, 617.2, 8);
  for (const [text, x] of [
    ['LOD', 375],
    ['LOQ', 419],
    ['Dispositi', 524],
    ['Limits (ingestion)', 568],
  ] as const)
    at(doc, text, x, 622.1);
  for (const [text, x] of [
    ['Test ID', 143],
    ['Test Analysis', 218],
    ['Result, ppb', 302],
    ['Limits ppb', 461],
    ['n', 654],
  ] as const)
    at(doc, text, x, 628.5);
  for (const [text, x] of [
    ['ppb', 376],
    ['ppb', 421],
    ['on', 538],
    ['ppb', 592],
  ] as const)
    at(doc, text, x, 635);
  at(doc, '(ingestion)', 636, 638.3, 8);
  METALS.forEach(([name, value, lod, loq, limit, ingestion], i) => {
    const y = 657.4 + 20.5 * i;
    at(doc, 'S26-04417-HM', 126, y);
    at(doc, name, 209, y);
    at(doc, value, 322, y);
    at(doc, lod, 0, y, 10, 395);
    at(doc, loq, 0, y, 10, 443);
    at(doc, limit, 0, y, 10, 495);
    at(doc, 'Pass', 532, y);
    at(doc, ingestion, 0, y, 10, 611);
    at(doc, 'Pass', 645, y);
  });
  at(doc, 'Note: ND = Not Detected; BQL = Below Quantitation Limit; ppb = part per billion.', 116, 735.8);
}

function pesticidePage(doc: Doc): void {
  page(doc, 5);
  heading(doc, 'Pesticides Screen [MCR-TM-0009]', 83.3, '02 Mar 26');
  title(doc, 6, 'Pesticide', 165.3);
  for (const [text, x] of [
    ['Test Analysis', 139],
    ['Result, ppb', 245],
    ['LOD ppb', 342],
    ['LOQ ppb', 431],
    ['Limits ppb', 518],
    ['Disposition', 606],
  ] as const)
    at(doc, text, x, 187.6);
  PESTICIDES.forEach(([name, lod, loq, limit], i) => {
    const y = 211.8 + 17.4 * i;
    at(doc, name, 116, y);
    at(doc, 'ND', 265, y);
    at(doc, lod, 0, y, 10, 372);
    at(doc, loq, 0, y, 10, 461);
    at(doc, limit, 0, y, 10, 579);
    at(doc, 'Pass', 659, y);
  });
  at(doc, 'Note: ND = Not Detected; LOD = Limit of Detection; LOQ = Limit of Quantitation; N/A = not available.', 116, 380.9);
}

/** The QA/QC section: the same panel headings over control samples, in tables a reader would otherwise take. */
function qcPage(doc: Doc): void {
  page(doc, 6);
  at(doc, 'QA/QC', 116, 84);
  heading(doc, 'Heavy Metals Screen [MCR-TM-0008]', 116.6, '28 Feb 26');
  at(doc, 'Test ID', 116, 150);
  at(doc, 'Test Analysis', 218, 150);
  at(doc, 'Result, ppb', 302, 150);
  at(doc, 'Limits ppb', 461, 150);
  at(doc, 'Disposition', 606, 150);
  at(doc, 'QC-HM-1', 116, 170);
  at(doc, 'Lead', 218, 170);
  at(doc, '2.91', 302, 170);
  at(doc, '3.00', 461, 170);
  at(doc, 'Pass', 606, 170);
  heading(doc, 'Pesticides Screen [MCR-TM-0009]', 300, '02 Mar 26');
  at(doc, 'Prepared analyte', 353, 330, 8);
  at(doc, 'Test Analysis', 252, 336);
  at(doc, 'Result', 460, 336);
  at(doc, 'concentration, ppb', 349, 340.7, 8);
  PESTICIDES.forEach(([name, , , limit], i) => {
    const y = 352.7 + 14.5 * i;
    at(doc, name, 260, y);
    at(doc, limit, 0, y, 10, 394);
    at(doc, 'Detected', 456, y);
  });
  at(doc, 'END OF REPORT', 378, 500);
}

export function mcrLabsLikeCertificate(): Promise<Buffer> {
  return render((doc) => {
    firstPage(doc);
    cannabinoidPage(doc);
    microbialPage(doc);
    mycotoxinAndMetalsPage(doc);
    pesticidePage(doc);
    qcPage(doc);
  });
}
