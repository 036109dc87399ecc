import * as fs from 'node:fs';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

/**
 * CoA fixtures written in memory with pdfkit, reproducing what real certificates do to a text
 * extractor: a page header and footer repeated on every page, two tables side by side, summary tiles
 * (value, limit and status stacked over a label), Greek letters, and fi/fl ligature glyphs whose text
 * mapping was lost (the extractor then sees U+0000, as with the Ghostscript-made New York certificates).
 * Also the files a CoA upload must refuse: locked by a password, image only, truncated, malformed,
 * not a PDF, too many pages. All names and values are invented.
 *
 * Run `npx ts-node test/generators/coa/make-pdfs.ts <dir>` to write them out for a look.
 */

/** A font with Greek letters and the fi/fl ligature glyphs; pdf.js ships it beside pdf-parse. */
const FONT = path.join(
  path.dirname(require.resolve('pdfjs-dist/package.json', { paths: [path.dirname(require.resolve('pdf-parse'))] })),
  'standard_fonts/LiberationSans-Regular.ttf',
);
const BOLD = FONT.replace('Regular', 'Bold');

type Doc = PDFKit.PDFDocument;

export interface CellOptions {
  size?: number;
  bold?: boolean;
  /** Right edge to align the text to (numbers in tables are right-aligned). */
  right?: number;
}

/** Text at an exact position, never wrapped: what certificate generators emit. */
export function cell(doc: Doc, text: string, x: number, y: number, options: CellOptions = {}): void {
  doc.font(options.bold ? 'bold' : 'regular').fontSize(options.size ?? 7.5);
  const left = options.right !== undefined ? options.right - doc.widthOfString(text) : x;
  doc.text(text, left, y, { lineBreak: false });
}

/** Renders a document to bytes; `lostLigatures` drops the text mapping of the fi/fl glyphs. */
export function render(
  draw: (doc: Doc) => void,
  options: PDFKit.PDFDocumentOptions & { lostLigatures?: boolean } = {},
): Promise<Buffer> {
  const { lostLigatures, ...pdfOptions } = options;
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'LETTER',
      margin: 0,
      compress: false,
      autoFirstPage: false,
      // A fixed date keeps the bytes, and so the sha256, the same from run to run.
      info: { CreationDate: new Date(Date.UTC(2026, 0, 9)), Producer: 'coa fixture generator' },
      ...pdfOptions,
    });
    doc.registerFont('regular', FONT);
    doc.registerFont('bold', BOLD);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => {
      const bytes = Buffer.concat(chunks);
      resolve(lostLigatures ? dropLigatureMapping(bytes) : bytes);
    });
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}

/**
 * Maps the ligature glyphs to U+0000 in every ToUnicode CMap (same length, so offsets stay valid):
 * the damage Ghostscript does when it re-encodes a certificate.
 */
function dropLigatureMapping(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  return Buffer.from(
    text.replace(/begincmap[\s\S]*?endcmap/g, (cmap) => cmap.replace(/<fb0[0-4]>/gi, '<0000>')),
    'latin1',
  );
}

// ---------------------------------------------------------------------------------------------------
// A certificate laid out like Confident LIMS (New York)
// ---------------------------------------------------------------------------------------------------

export const LIMS_LIKE = {
  lab: 'Example Analytical Lab',
  labLicense: 'OCM-CPL-2099-00001',
  labSampleId: '2601TST0001-0001',
  batch: 'HVG-TEST-01',
  batchSize: '250 units',
  clientName: 'Hudson Valley Growers',
  clientLicense: 'OCM-PROC-99-000123',
  productName: 'Hudson Valley Test Flower 3.5g',
  strain: 'Test Strain',
  matrix: 'Plant, Flower - Cured',
  typeOfUse: 'Adult Use',
  sampleReceived: '2026-01-05',
  reportCreated: '2026-01-09',
  sampleCollected: '2026-01-05 09:30',
} as const;

const LIMS_PAGES = 3;

function limsHeader(doc: Doc, page: number): void {
  cell(doc, 'Certiﬁcate of Analysis', 190, 40, { size: 20 });
  cell(doc, `Type of Use: ${LIMS_LIKE.typeOfUse}`, 470, 42, { size: 8 });
  cell(doc, 'Powered by Conﬁdent LIMS', 460, 56, { size: 8 });
  cell(doc, `${page} of ${LIMS_PAGES}`, 545, 68, { size: 8 });
  cell(doc, LIMS_LIKE.clientName, 46, 96, { size: 13 });
  cell(doc, `Sample: ${LIMS_LIKE.labSampleId}`, 380, 96, { size: 13 });
  cell(doc, 'Contact Person: Jane Roe', 46, 114, { size: 8 });
  cell(doc, `Strain: ${LIMS_LIKE.strain}`, 470, 114, { size: 8 });
  cell(doc, 'Kingston, NY 12401', 46, 125, { size: 8 });
  cell(doc, `Batch#: ${LIMS_LIKE.batch}; Batch Size: ${LIMS_LIKE.batchSize}`, 400, 125, { size: 8 });
  cell(doc, `Lic. #${LIMS_LIKE.clientLicense}`, 46, 136, { size: 8 });
  cell(doc, 'Sample Received: 01/05/2026; Report Created: 01/09/2026;', 345, 136, { size: 8 });
  cell(doc, LIMS_LIKE.productName, 46, 156, { size: 10 });
  cell(doc, 'Sampling', 300, 156, { size: 12 });
  cell(doc, LIMS_LIKE.matrix, 46, 170, { size: 8 });
  cell(doc, 'Sample Collection Date/Time: 01/05/26 09:30', 300, 172, { size: 7 });
}

function limsFooter(doc: Doc): void {
  cell(doc, LIMS_LIKE.lab, 36, 700, { size: 7 });
  cell(doc, 'Conﬁdent LIMS', 480, 700, { size: 7 });
  cell(doc, '12 Example Road, Albany, NY', 36, 710, { size: 7 });
  cell(doc, `Lic# ${LIMS_LIKE.labLicense}`, 36, 720, { size: 7 });
  cell(doc, 'Quality Assurance Ofﬁcer', 300, 720, { size: 7 });
  cell(
    doc,
    `This product has been tested by ${LIMS_LIKE.lab}, using valid testing methodologies and a quality system.`,
    36,
    734,
    {
      size: 6,
    },
  );
}

/** A table header, an optional unit row, and rows; `columns` are the right edges of the value columns. */
function table(
  doc: Doc,
  x: number,
  y: number,
  headers: string[],
  columns: number[],
  units: Array<string | undefined>,
  rows: Array<Array<string | undefined>>,
  pitch = 10,
): number {
  cell(doc, headers[0], x, y, { bold: true });
  headers.slice(1).forEach((h, i) => cell(doc, h, 0, y, { bold: true, right: columns[i] }));
  let at = y + pitch;
  if (units.some((u) => u !== undefined)) {
    units.forEach((u, i) => u !== undefined && cell(doc, u, 0, at, { right: columns[i] }));
    at += pitch;
  }
  for (const row of rows) {
    cell(doc, row[0] ?? '', x, at);
    row.slice(1).forEach((v, i) => v !== undefined && cell(doc, v, 0, at, { right: columns[i] }));
    at += pitch;
  }
  return at;
}

/** A summary tile: value (and limit, status) stacked over a label, all centred on `centre`. */
function tile(doc: Doc, centre: number, y: number, lines: Array<[string, number]>): void {
  let at = y;
  for (const [text, size] of lines) {
    doc.font('regular').fontSize(size);
    cell(doc, text, centre - doc.widthOfString(text) / 2, at, { size });
    at += size + 6;
  }
}

/** Page 1 alone: with nothing repeated, the header and footer are simply the top and bottom of the page. */
export function limsLikeSinglePage(): Promise<Buffer> {
  return render(
    (doc) => {
      doc.addPage();
      limsHeader(doc, 1);
      limsCannabinoids(doc);
      limsFooter(doc);
    },
    { lostLigatures: true },
  );
}

function limsCannabinoids(doc: Doc): void {
  cell(doc, 'Cannabinoids', 46, 280, { size: 12 });
  tile(doc, 130, 300, [
    ['21.50%', 10],
    ['Total THC', 8],
  ]);
  tile(doc, 300, 300, [
    ['ND', 10],
    ['Total CBD', 8],
  ]);
  tile(doc, 470, 300, [
    ['11.2%', 10],
    ['Moisture', 8],
  ]);
  table(
    doc,
    46,
    345,
    ['Analyte', 'LOQ', 'Result', 'Result'],
    [370, 470, 566],
    ['mg/g', '%', 'mg/g'],
    [
      ['THCa', '0.2', '24.10', '241.0'],
      ['Δ9-THC', '0.2', '0.36', '3.6'],
      ['CBD', '0.2', 'ND', 'ND'],
      ['CBGa', '0.2', '<LOQ', '<LOQ'],
      ['Total Cannabinoids', undefined, '24.46', '244.6'],
    ],
  );
  cell(doc, 'Method: MTHD-001, Date Tested: 01/07/2026 10:15', 46, 430, { size: 6 });
}

/**
 * Three pages: safety tiles and cannabinoids; residual solvents beside microbials and mycotoxins;
 * pesticides, terpenes, and the moisture and water activity tiles. Header and footer on every page.
 */
export function limsLikeCertificate(options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  return render(
    (doc) => {
      doc.addPage();
      limsHeader(doc, 1);
      cell(doc, 'Safety', 330, 200, { size: 12 });
      tile(doc, 340, 220, [
        ['Pass', 10],
        ['Pesticides', 7],
      ]);
      tile(doc, 410, 220, [
        ['Pass', 10],
        ['Microbials', 7],
      ]);
      tile(doc, 480, 220, [
        ['Not Tested', 10],
        ['Solvents', 7],
      ]);
      tile(doc, 550, 220, [
        ['Pass', 10],
        ['Metals', 7],
      ]);
      limsCannabinoids(doc);
      limsFooter(doc);

      doc.addPage();
      limsHeader(doc, 2);
      cell(doc, 'Residual Solvents', 46, 200, { size: 11 });
      cell(doc, 'Pass', 0, 200, { size: 9, right: 296 });
      table(
        doc,
        46,
        218,
        ['Analyte', 'LOQ', 'Limit', 'Result', 'Status'],
        [196, 233, 265, 296],
        ['PPM', 'PPM', 'PPM', undefined],
        [
          ['Acetone', '156.3', '5000.0', 'ND', 'Pass'],
          ['n-Butane', '78.1', undefined, 'ND', 'Tested'],
          ['1,1,1,2-Tetraﬂuoro-Ethane', '156.3', '1000.0', 'ND', 'Pass'],
          ['Butanes', undefined, '5000.0', 'ND', 'Pass'],
        ],
      );
      cell(doc, 'Microbials', 320, 200, { size: 11 });
      cell(doc, 'Pass', 0, 200, { size: 9, right: 566 });
      table(
        doc,
        320,
        218,
        ['Analyte', 'LOQ', 'Limit', 'Result', 'Status'],
        [451, 490, 531, 566],
        ['CFU/g', 'CFU/g', 'CFU/g', undefined],
        [
          ['Aspergillus ﬂavus', '1', 'Absent', 'Absence', 'Pass'],
          ['Yeast & Mold', '10', 'N/A', '1200', 'Tested'],
        ],
      );
      cell(doc, 'Entered By: XY, Instrument ID: M-001', 320, 262, { size: 6 });
      cell(doc, 'Mycotoxins', 320, 290, { size: 11 });
      cell(doc, 'Pass', 0, 290, { size: 9, right: 566 });
      table(
        doc,
        320,
        308,
        ['Analyte', 'LOQ', 'Limit', 'Result', 'Status'],
        [464, 502, 540, 566],
        ['µg/g', 'µg/g', 'µg/g', undefined],
        [
          ['Aﬂatoxin B1', '0.005', '0.020', 'ND', 'Pass'],
          ['Total Aﬂatoxins', undefined, '0.020', 'ND', 'Pass'],
        ],
      );
      limsFooter(doc);

      doc.addPage();
      limsHeader(doc, 3);
      cell(doc, 'Pesticides', 46, 200, { size: 11 });
      cell(doc, 'Pass', 0, 200, { size: 9, right: 566 });
      table(
        doc,
        124,
        220,
        ['Analyte', 'LOQ', 'Limit', 'Result', 'Status'],
        [326, 380, 434, 488],
        ['PPM', 'PPM', 'PPM', undefined],
        [
          ['Avermectin-B1a', undefined, undefined, 'ND', 'Tested'],
          ['Cyﬂuthrin', '0.05', '1.00', 'ND', 'Pass'],
          ['Triﬂoxystrobin', '0.05', '0.20', 'ND', 'Pass'],
        ],
      );
      cell(doc, 'Terpenes', 46, 290, { size: 11 });
      cell(doc, 'Complete', 380, 290, { size: 9 });
      cell(doc, 'Primary Aromas', 470, 290, { size: 9 });
      table(
        doc,
        46,
        310,
        ['Analyte', 'LOQ', 'Result', 'Result'],
        [222, 280, 338],
        ['%', '%', 'mg/g'],
        [
          ['β-Myrcene', '0.0065', '0.70', '6.97'],
          ['α-Pinene', '0.0065', 'ND', 'ND'],
        ],
        11,
      );
      cell(doc, 'Citrus', 500, 343, { size: 8 });
      tile(doc, 510, 380, [
        ['1.2345%', 10],
        ['Total Terpenes', 8],
      ]);
      tile(doc, 300, 450, [
        ['0.52 aw', 11],
        ['Limit: 0.65 aw', 8],
        ['Pass', 9],
        ['Water Activity', 8],
      ]);
      tile(doc, 300, 560, [
        ['11.2%', 11],
        ['Limit: 15.0 %', 8],
        ['Pass', 9],
        ['Moisture', 8],
      ]);
      limsFooter(doc);
    },
    { lostLigatures: true, ...options },
  );
}

// ---------------------------------------------------------------------------------------------------
// A certificate of no known family, with tables headed Analyte / LOQ / Limit / Result / Status
// ---------------------------------------------------------------------------------------------------

export function genericCertificate(): Promise<Buffer> {
  return render((doc) => {
    doc.addPage();
    cell(doc, 'Certiﬁcate of Analysis', 46, 40, { size: 18 });
    cell(doc, 'Lab Sample ID: GEN-0001', 46, 70, { size: 9 });
    cell(doc, 'Batch: B-42', 46, 82, { size: 9 });
    cell(doc, 'Client: Test Client LLC', 300, 70, { size: 9 });
    cell(doc, 'Matrix: Edible, Gummy', 300, 82, { size: 9 });
    cell(doc, 'Received: 02/03/2026', 300, 94, { size: 9 });
    cell(doc, 'Heavy Metals', 46, 130, { size: 12 });
    cell(doc, 'Pass', 0, 130, { size: 10, right: 566 });
    table(
      doc,
      46,
      150,
      ['Analyte', 'LOQ', 'Limit', 'Result', 'Units', 'Status'],
      [300, 360, 420, 480, 566],
      [undefined, undefined, undefined, undefined, undefined],
      [
        ['Lead', '0.05', '0.5', 'ND', 'ppm', 'Pass'],
        ['Arsenic', '0.05', '0.2', '0.08', 'ppm', 'Pass'],
      ],
    );
    cell(doc, 'Microbial Screen', 46, 220, { size: 12 });
    table(
      doc,
      46,
      240,
      ['Compound', 'Limit', 'Result', 'Status'],
      [360, 480, 566],
      [undefined, undefined, undefined],
      [
        ['Salmonella', 'Absent', 'see note', 'Pass'],
        ['Aﬂatoxin B1', '20', '3.1', 'Pass'],
      ],
    );
  });
}

// ---------------------------------------------------------------------------------------------------
// A lab no layout knows: columns headed Test / Reading / Units / Action Level / Verdict, two panels side
// by side on page 1 whose headers share no "Analyte" word, a third panel alone on page 2
// ---------------------------------------------------------------------------------------------------

/** The rows the unseen-lab certificate prints: panel heading, then test, reading, unit, action level, verdict. */
export const UNSEEN_LAB_ROWS: ReadonlyArray<readonly [string, string, string, string, string, string]> = [
  ['Elemental Impurities', 'Lead', '0.12', 'ug/g', '0.5', 'Pass'],
  ['Elemental Impurities', 'Cadmium', 'ND', 'ug/g', '0.2', 'Pass'],
  ['Elemental Impurities', 'Arsenic', '0.03', 'ug/g', '0.2', 'Pass'],
  ['Microbiology', 'Total Yeast and Mold', '150', 'CFU/g', '1000', 'Pass'],
  ['Microbiology', 'Salmonella', 'Not Detected', 'CFU/g', '0', 'Pass'],
  ['Microbiology', 'Aspergillus niger', 'Not Detected', 'CFU/g', '0', 'Pass'],
  ['Potency', 'THCA', '21.40', '%', 'NA', 'Tested'],
  ['Potency', 'CBD', '0.05', '%', 'NA', 'Tested'],
  ['Potency', 'Δ9-THC', '0.61', '%', 'NA', 'Tested'],
];

export function unseenLabCertificate(): Promise<Buffer> {
  return render((doc) => {
    const panel = (name: string, x: number, y: number, columns: number[]) => {
      cell(doc, name, x, y, { size: 12, bold: true });
      const rows = UNSEEN_LAB_ROWS.filter((r) => r[0] === name).map((r) => r.slice(1));
      table(doc, x, y + 18, ['Test', 'Reading', 'Units', 'Action Level', 'Verdict'], columns, [], rows);
    };
    doc.addPage();
    cell(doc, 'Northwind Analytical — Report of Findings', 46, 40, { size: 16 });
    cell(doc, 'Sample ID: NW-7781', 46, 70, { size: 9 });
    cell(doc, 'Batch: NW-B-19', 46, 82, { size: 9 });
    cell(doc, 'Reported: 03/02/2026', 300, 70, { size: 9 });
    panel('Elemental Impurities', 40, 120, [170, 205, 250, 290]);
    panel('Microbiology', 316, 120, [446, 481, 526, 566]);
    doc.addPage();
    panel('Potency', 46, 60, [220, 270, 330, 390]);
  });
}

/** A pesticide table that runs from the foot of page 1 onto page 2 without repeating its header. */
export function tableAcrossPagesCertificate(): Promise<Buffer> {
  return render((doc) => {
    doc.addPage();
    cell(doc, 'Certificate of Analysis', 46, 40, { size: 18 });
    cell(doc, 'Lab Sample ID: GEN-0002', 46, 70, { size: 9 });
    cell(doc, 'Pesticides', 46, 660, { size: 12 });
    table(
      doc,
      46,
      680,
      ['Analyte', 'LOQ', 'Limit', 'Result', 'Status'],
      [300, 360, 420, 480],
      ['ppm', 'ppm', 'ppm', undefined],
      [
        ['Abamectin', '0.05', '0.50', 'ND', 'Pass'],
        ['Acephate', '0.05', '0.40', 'ND', 'Pass'],
      ],
    );
    doc.addPage();
    const continued = [
      ['Acequinocyl', '0.05', '2.00', 'ND', 'Pass'],
      ['Aldicarb', '0.05', '0.40', 'ND', 'Pass'],
    ];
    continued.forEach(([name, ...values], row) => {
      cell(doc, name, 46, 50 + row * 10);
      values.forEach((v, i) => cell(doc, v, 0, 50 + row * 10, { right: [300, 360, 420, 480][i] }));
    });
    cell(doc, 'Method: LC-MS/MS', 46, 90, { size: 6 });
  });
}

// ---------------------------------------------------------------------------------------------------
// Files a CoA upload must refuse (or, for permissions-only encryption, read normally)
// ---------------------------------------------------------------------------------------------------

/** Opens only with the password "secret". */
export function passwordProtectedPdf(): Promise<Buffer> {
  return render(
    (doc) => {
      doc.addPage();
      cell(doc, 'Certificate of Analysis', 46, 40, { size: 18 });
    },
    { userPassword: 'secret', ownerPassword: 'owner' },
  );
}

/** Encrypted with an owner password and permissions only: opens without a password, like the NY certificates. */
export function permissionsOnlyCertificate(): Promise<Buffer> {
  return limsLikeCertificate({ ownerPassword: 'owner', permissions: { printing: 'highResolution', copying: true } });
}

/** A scanned certificate: one page holding an image and no text. */
export function imageOnlyPdf(): Promise<Buffer> {
  return render((doc) => {
    doc.addPage();
    doc.image(greyPng(64, 48), 46, 46, { width: 500 });
  });
}

/** The first half of a valid certificate. */
export async function truncatedPdf(): Promise<Buffer> {
  const whole = await genericCertificate();
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/** A PDF header and trailer around bytes that are no PDF structure. */
export function malformedPdf(): Buffer {
  return Buffer.from(`%PDF-1.7\n${'this is not a PDF object\n'.repeat(40)}%%EOF\n`, 'latin1');
}

/** A spreadsheet renamed to .pdf, as users do. */
export function notAPdf(): Buffer {
  return Buffer.from('Analyte,Result\nTHCa,24.1\n', 'utf8');
}

/** `pages` pages of text. */
export function manyPagesPdf(pages: number): Promise<Buffer> {
  return render((doc) => {
    for (let i = 1; i <= pages; i++) {
      doc.addPage();
      cell(doc, `Page ${i}`, 46, 46, { size: 12 });
    }
  });
}

/** A valid PDF with a text layer but no result table. */
export function letterPdf(): Promise<Buffer> {
  return render((doc) => {
    doc.addPage();
    cell(doc, 'Dear customer, your samples arrived.', 46, 46, { size: 12 });
  });
}

/** A minimal greyscale PNG (no image library needed). */
function greyPng(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = (x * 4 + y * 2) & 0xff;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

async function writeAll(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const files: Array<[string, Buffer | Promise<Buffer>]> = [
    ['lims-like.pdf', limsLikeCertificate()],
    ['generic.pdf', genericCertificate()],
    ['unseen-lab.pdf', unseenLabCertificate()],
    ['password.pdf', passwordProtectedPdf()],
    ['permissions-only.pdf', permissionsOnlyCertificate()],
    ['image-only.pdf', imageOnlyPdf()],
    ['truncated.pdf', truncatedPdf()],
    ['malformed.pdf', malformedPdf()],
    ['not-a-pdf.pdf', notAPdf()],
    ['many-pages.pdf', manyPagesPdf(12)],
  ];
  for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), await bytes);
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: make-pdfs.ts <output dir>');
  void writeAll(dir);
}
