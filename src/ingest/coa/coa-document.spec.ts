import { limsLikeCertificate } from '../../../test/generators/coa/make-pdfs';
import { buildCoaDocument, type CoaDocument } from './coa-document';
import { splitSideBySide } from './column-split';
import { groupIntoLines, joinSuperscripts } from './page-lines';
import { readPdfText } from './pdf-text';
import type { TextLine, TextPart } from './text-line';

const HINTS = {
  firstColumnHeaders: new Set(['analyte']),
  isContent: (line: TextLine) => /^(Analyte|Residual Solvents|Microbials|Mycotoxins|Pesticides)\b/.test(line.text),
};

describe('buildCoaDocument on a certificate with two tables side by side', () => {
  let doc: CoaDocument;

  beforeAll(async () => {
    const text = await readPdfText(await limsLikeCertificate(), { maxBytes: 5e6, maxPages: 10, timeoutMs: 20_000 });
    doc = buildCoaDocument(text, HINTS);
  });

  it('reads the left table to its end before the right one', () => {
    const body = doc.pages[1].filter((l) => l.region === 'body').map((l) => l.text);
    expect(body).toEqual([
      'Residual Solvents Pass',
      'Analyte LOQ Limit Result Status',
      'PPM PPM PPM',
      'Acetone 156.3 5000.0 ND Pass',
      'n-Butane 78.1 ND Tested',
      '1,1,1,2-Tetrafluoro-Ethane 156.3 1000.0 ND Pass',
      'Butanes 5000.0 ND Pass',
      'Microbials Pass',
      'Analyte LOQ Limit Result Status',
      'CFU/g CFU/g CFU/g',
      'Aspergillus flavus 1 Absent Absence Pass',
      'Yeast & Mold 10 N/A 1200 Tested',
      'Entered By: XY, Instrument ID: M-001',
      'Mycotoxins Pass',
      'Analyte LOQ Limit Result Status',
      'µg/g µg/g µg/g',
      'Aflatoxin B1 0.005 0.020 ND Pass',
      'Total Aflatoxins 0.020 ND Pass',
    ]);
  });

  it('marks the header and footer printed on every page, and nothing else', () => {
    for (const lines of doc.pages) {
      const chrome = lines.filter((l) => l.region !== 'body').map((l) => `${l.region}: ${l.text.replace(/\d of 3/, '# of 3')}`);
      expect(chrome).toEqual([
        'header: Type of Use: Adult Use',
        'header: Certificate of Analysis',
        'header: Powered by Confident LIMS',
        'header: # of 3',
        'header: Hudson Valley Growers Sample: 2601TST0001-0001',
        'header: Contact Person: Jane Roe Strain: Test Strain',
        'header: Kingston, NY 12401 Batch#: HVG-TEST-01; Batch Size: 250 units',
        'header: Lic. #OCM-PROC-99-000123 Sample Received: 01/05/2026; Report Created: 01/09/2026;',
        'header: Hudson Valley Test Flower 3.5g Sampling',
        'header: Plant, Flower - Cured Sample Collection Date/Time: 01/05/26 09:30',
        'footer: Example Analytical Lab Confident LIMS',
        'footer: 12 Example Road, Albany, NY',
        'footer: Lic# OCM-CPL-2099-00001 Quality Assurance Officer',
        'footer: This product has been tested by Example Analytical Lab, using valid testing methodologies and a quality system.',
      ]);
    }
  });

  it('numbers lines from 1 on every page, in reading order', () => {
    for (const lines of doc.pages) expect(lines.map((l) => l.line)).toEqual(lines.map((_, i) => i + 1));
  });

  it('keeps Greek letters in analyte names', () => {
    const texts = doc.pages.flat().map((l) => l.text);
    expect(texts).toEqual(expect.arrayContaining(['Δ9-THC 0.2 0.36 3.6', 'β-Myrcene 0.0065 0.70 6.97']));
  });

  it('keeps text far right of a table on its own line', () => {
    const texts = doc.pages[2].map((l) => l.text);
    expect(texts).toContain('α-Pinene 0.0065 ND ND Citrus');
  });
});

describe('splitSideBySide', () => {
  const run = (text: string, x0: number, y: number): TextPart => ({ text, x0, x1: x0 + text.length * 4, y, size: 8 });

  it('ends the side-by-side region at a line printed across both halves', () => {
    const lines = groupIntoLines(1, [
      run('Analyte', 40, 100),
      run('Result', 200, 100),
      run('Analyte', 320, 100),
      run('Result', 480, 100),
      run('Lead', 40, 110),
      run('ND', 200, 110),
      run('Mercury', 320, 110),
      run('0.02', 480, 110),
      run('A sentence printed across the whole page, under both of the tables side by side', 40, 130),
      run('Cadmium', 40, 140),
      run('ND', 200, 140),
    ]);
    expect(splitSideBySide(lines, new Set(['analyte'])).map((l) => l.text)).toEqual([
      'Analyte Result',
      'Lead ND',
      'Analyte Result',
      'Mercury 0.02',
      'A sentence printed across the whole page, under both of the tables side by side',
      'Cadmium ND',
    ]);
  });

  it('leaves a table alone whose columns merely repeat a word', () => {
    const lines = groupIntoLines(1, [
      run('Analyte', 40, 100),
      run('LOQ', 200, 100),
      run('Result', 300, 100),
      run('Result', 400, 100),
      run('PPM', 200, 110),
      run('PPM', 300, 110),
      run('PPM', 400, 110),
    ]);
    expect(splitSideBySide(lines, new Set(['analyte'])).map((l) => l.text)).toEqual(['Analyte LOQ Result Result', 'PPM PPM PPM']);
  });
});

describe('joinSuperscripts', () => {
  const run = (text: string, x0: number, x1: number, y: number, size = 10): TextPart => ({ text, x0, x1, y, size });

  it('joins small raised digits just after a number to it as its exponent ("10" and "5" read "10^5")', () => {
    const lines = groupIntoLines(
      1,
      joinSuperscripts([run('<100', 352, 374, 219.9), run('10', 520, 531, 219.9), run('5', 531, 535, 216, 6.6)]),
    );
    expect(lines.map((l) => l.text)).toEqual(['<100 10^5']);
  });

  it('leaves alone digits printed at full size, too far right, or after a word', () => {
    const parts = [
      run('10', 520, 531, 219.9),
      run('5', 531, 537, 219.9),
      run('20', 600, 611, 219.9),
      run('3', 620, 624, 216, 6.6),
      run('Note', 116, 140, 300),
      run('1', 140, 143, 296, 6.6),
    ];
    expect(joinSuperscripts(parts).map((p) => p.text)).toEqual(['10', '5', '20', '3', 'Note', '1']);
  });
});
