import * as XLSX from 'xlsx';
import { readPdfText } from '../ingest/coa/pdf-text';
import type { CertificateView } from './certificate.view';
import { toCsv } from './csv-export';
import * as path from 'node:path';
import { loadCertificateLayout } from './certificate-layout';
import { toPdf } from './pdf-export';
import { escapeCell } from './spreadsheet-cell';
import { toXlsx } from './xlsx-export';

const view: CertificateView = {
  lab: { name: 'Hudson Analytical', license: 'OCM-CPL-2022-00042' },
  sample: {
    labSampleId: '2502RLI0135-0489',
    uid: '4815020000009001',
    sourceUid: '4815020000003101',
    productName: '=HYPERLINK("http://evil.example","Stay Puft")',
    productType: 'flower',
    route: 'inhaled',
    batch: 'SW3725J-SP',
    client: { licenseNumber: 'OCM-PROC-24-000030', name: '@SUM(A1:A9)' },
  },
  resultSet: {
    id: '6c3f0f8e-1111-4222-8333-444455556666',
    version: 2,
    status: 'approved',
    verdict: 'pass',
    approvedAt: '2025-03-07T15:00:00.000Z',
    approvedBy: 'mia.manager',
    origin: 'import',
    panels: { cannabinoids: 'report_only', metals: 'pass' },
  },
  offlineSource: null,
  results: [
    {
      panel: 'cannabinoids',
      analyte: 'delta9_thc',
      name: 'Δ9-THC',
      value: '0.30',
      qualifier: null,
      unit: '%',
      reportedValue: '0.30',
      reportedUnit: '%',
      loq: '0.02',
      limit: null,
      status: 'report_only',
      derived: false,
    },
    {
      panel: 'metals',
      analyte: 'lead',
      name: 'Lead',
      value: null,
      qualifier: 'ND',
      unit: 'ug/g',
      reportedValue: 'ND',
      reportedUnit: 'µg/g',
      loq: '0.05',
      limit: '0.5',
      status: 'pass',
      derived: false,
    },
    {
      panel: 'metals',
      analyte: 'arsenic',
      name: '-2+3',
      value: '0.010',
      qualifier: null,
      unit: 'ug/g',
      reportedValue: '+0.010',
      reportedUnit: 'µg/g',
      loq: '0.005',
      limit: '0.2',
      status: 'pass',
      derived: false,
    },
  ],
  amendments: [
    { version: 1, status: 'superseded', reason: null, approvedAt: '2025-03-06T15:00:00.000Z' },
    {
      version: 2,
      status: 'approved',
      reason: 'Lead re-run after a calibration check failed',
      approvedAt: '2025-03-07T15:00:00.000Z',
    },
  ],
  verificationUrl: 'http://lims.example/verify/6c3f0f8e-1111-4222-8333-444455556666',
  source: 'lab',
};

describe('escapeCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['Lead', 'Lead'],
    ['ND', 'ND'],
  ])('escapes %j as %j', (input, output) => {
    expect(escapeCell(input)).toBe(output);
  });

  it('leaves numbers and empty cells alone', () => {
    expect(escapeCell(-0.5)).toBe(-0.5);
    expect(escapeCell(null)).toBeNull();
  });
});

describe('licensee exports', () => {
  it('CSV: one row per result, the decimal text kept, formula-like text escaped', () => {
    const text = toCsv(view, 'America/New_York').toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      '4815020000009001,2502RLI0135-0489,"\'=HYPERLINK(""http://evil.example"",""Stay Puft"")",2,approved,2025-03-07T15:00:00.000Z,cannabinoids,delta9_thc,Δ9-THC,0.3,,%,0.30,%,0.02,,report_only,"7 Mar 2025, 10:00 EST"',
    );
    // Units are spelled as on the PDF.
    expect(lines[2]).toContain(',ND,µg/g,ND,µg/g,');
    expect(lines[3]).toContain(",'-2+3,");
    expect(lines[3]).toContain(",'+0.010,");
  });

  it('XLSX: read back with SheetJS, UIDs stay text, injection escaped', () => {
    const book = XLSX.read(toXlsx(view, 'America/New_York'), { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.Results);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ uid: '4815020000009001', analyte: 'delta9_thc', value: 0.3, reportedValue: '0.30' });
    expect(rows[1]).toMatchObject({ analyte: 'lead', qualifier: 'ND' });
    expect(rows[1].value).toBeUndefined();
    expect(rows[2].name).toBe("'-2+3");
    const facts = XLSX.utils.sheet_to_json<string[]>(book.Sheets.Sample, { header: 1 });
    expect(facts).toContainEqual(['client', "'@SUM(A1:A9)"]);
    // UTC for programs, and the same instant as the lab reads it.
    expect(rows[0]).toMatchObject({ approvedAt: '2025-03-07T15:00:00.000Z', approvedAtLabTime: '7 Mar 2025, 10:00 EST' });
    expect(facts).toContainEqual(['approved at (lab time)', '7 Mar 2025, 10:00 EST']);
    expect(book.Sheets.Results.A2.t).toBe('s');
  });

  it('XLSX: numbers are number cells that keep their printed decimals, with fitted columns, filters and a frozen header row', () => {
    const bytes = toXlsx(view, 'America/New_York');
    const sheet = XLSX.read(bytes, { type: 'buffer', cellNF: true, cellStyles: true }).Sheets.Results;
    const header = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 })[0];
    const cell = (column: string, row: number) =>
      sheet[XLSX.utils.encode_cell({ r: row, c: header.indexOf(column) })] as XLSX.CellObject;
    expect(cell('value', 1)).toMatchObject({ t: 'n', v: 0.3, z: '0.00', w: '0.30' });
    expect(cell('loq', 2)).toMatchObject({ t: 'n', v: 0.05, z: '0.00' });
    expect(cell('limit', 2)).toMatchObject({ t: 'n', v: 0.5, z: '0.0' });
    expect(cell('version', 1)).toMatchObject({ t: 'n', v: 2 });
    expect(cell('uid', 1)).toMatchObject({ t: 's', v: '4815020000009001' });
    expect(cell('unit', 2)).toMatchObject({ t: 's', v: 'µg/g' });
    expect(cell('value', 2)).toBeUndefined();
    expect(sheet['!autofilter']).toEqual({ ref: `A1:${XLSX.utils.encode_col(header.length - 1)}4` });
    const widths = (sheet['!cols'] ?? []).map((c) => c.wch ?? 0);
    expect(widths[header.indexOf('productName')]).toBeGreaterThan(40);
    expect(widths[header.indexOf('unit')]).toBeLessThan(10);
    const xml = Buffer.from(
      XLSX.CFB.find(XLSX.CFB.read(bytes, { type: 'buffer' }), '/xl/worksheets/sheet1.xml')!.content as Uint8Array,
    ).toString('utf8');
    expect(xml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
  });

  it('PDF: read back with pdf-parse, with the sample, panels, values, amendment history and verification link', async () => {
    const layout = loadCertificateLayout(path.resolve(__dirname, '..', '..', 'templates', 'certificate', 'certificate.json'));
    const pdf = await toPdf(view, new Date('2025-03-08T00:00:00Z'), { layout, timeZone: 'America/New_York' });
    const text = await pdfLines(pdf);
    expect(text).toContain('Certificate of Analysis');
    expect(text).toContain('4815020000009001');
    expect(text).toContain('Δ9-THC');
    expect(text).toMatch(/Lead\s+ND\s+µg\/g/);
    expect(text).toContain('Versions');
    expect(text).toContain('Lead re-run after a calibration check failed');
    expect(text).toContain(view.verificationUrl);
    expect(text).toContain('PASS');
  });
});

/** The PDF's text read back with pdf.js (the service's own reader), one line per baseline. */
async function pdfLines(pdf: Buffer): Promise<string> {
  const { pages } = await readPdfText(pdf, { maxBytes: 10_000_000, maxPages: 20, timeoutMs: 20_000 });
  return pages
    .map((p) => {
      const lines = new Map<number, Array<{ x: number; str: string }>>();
      for (const i of p.items) {
        const y = Math.round(i.y);
        lines.set(y, [...(lines.get(y) ?? []), { x: i.x, str: i.str }]);
      }
      return [...lines.entries()]
        .sort(([a], [b]) => b - a)
        .map(([, items]) =>
          items
            .sort((a, b) => a.x - b.x)
            .map((i) => i.str)
            .join(' '),
        )
        .join('\n');
    })
    .join('\n');
}
