import { createHash } from 'node:crypto';
import * as path from 'node:path';
import {
  genericCertificate,
  unseenLabCertificate,
  UNSEEN_LAB_ROWS,
  LIMS_LIKE,
  letterPdf,
  limsLikeCertificate,
  limsLikeSinglePage,
  notAPdf,
  passwordProtectedPdf,
  permissionsOnlyCertificate,
  tableAcrossPagesCertificate,
} from '../../../test/generators/coa/make-pdfs';
import { MCR_LIKE, MCR_LIKE_ROWS, mcrLabsLikeCertificate, type McrRow } from '../../../test/generators/coa/mcr-labs-like';
import { ImportRejected } from '../import-rejected.error';
import type { ParsedBatch, RawResultRow } from '../parsed-batch';
import type { SourceFileInput } from '../source-adapter';
import { CoaSourceAdapter } from './coa.adapter';
import { loadCoaLayouts } from './coa-layout.loader';
import * as pdfText from './pdf-text';

const GENERIC = "read by the generic layout: no layout knows this lab's certificates";
const adapter = new CoaSourceAdapter(loadCoaLayouts(path.resolve(__dirname, '../../../templates/coa')), {
  maxBytes: 5 * 1024 * 1024,
  maxPages: 20,
  timeoutMs: 20_000,
});

type Row = [
  panel: string,
  name: string,
  value: string,
  unit?: string,
  loq?: string,
  limit?: string,
  status?: string,
  mgG?: string,
];

/** Every row the generated Confident-LIMS-like certificate prints, as printed. */
const LIMS_ROWS: Row[] = [
  ['Cannabinoids', 'THCa', '24.10', '%', '0.2', undefined, undefined, '241.0'],
  ['Cannabinoids', 'Δ9-THC', '0.36', '%', '0.2', undefined, undefined, '3.6'],
  ['Cannabinoids', 'CBD', 'ND', '%', '0.2', undefined, undefined, 'ND'],
  ['Cannabinoids', 'CBGa', '<LOQ', '%', '0.2', undefined, undefined, '<LOQ'],
  ['Cannabinoids', 'Total Cannabinoids', '24.46', '%', undefined, undefined, undefined, '244.6'],
  ['Residual Solvents', 'Acetone', 'ND', 'PPM', '156.3', '5000.0', 'Pass'],
  ['Residual Solvents', 'n-Butane', 'ND', 'PPM', '78.1', undefined, 'Tested'],
  ['Residual Solvents', '1,1,1,2-Tetrafluoro-Ethane', 'ND', 'PPM', '156.3', '1000.0', 'Pass'],
  ['Residual Solvents', 'Butanes', 'ND', 'PPM', undefined, '5000.0', 'Pass'],
  ['Microbials', 'Aspergillus flavus', 'Absence', 'CFU/g', '1', 'Absent', 'Pass'],
  ['Microbials', 'Yeast & Mold', '1200', 'CFU/g', '10', 'N/A', 'Tested'],
  ['Mycotoxins', 'Aflatoxin B1', 'ND', 'µg/g', '0.005', '0.020', 'Pass'],
  ['Mycotoxins', 'Total Aflatoxins', 'ND', 'µg/g', undefined, '0.020', 'Pass'],
  ['Pesticides', 'Avermectin-B1a', 'ND', 'PPM', undefined, undefined, 'Tested'],
  ['Pesticides', 'Cyfluthrin', 'ND', 'PPM', '0.05', '1.00', 'Pass'],
  ['Pesticides', 'Trifloxystrobin', 'ND', 'PPM', '0.05', '0.20', 'Pass'],
  ['Terpenes', 'β-Myrcene', '0.70', '%', '0.0065', undefined, undefined, '6.97'],
  ['Terpenes', 'α-Pinene', 'ND', '%', '0.0065', undefined, undefined, 'ND'],
  // Summary tiles, in reading order.
  ['Cannabinoids', 'Total THC', '21.50%', '%'],
  ['Cannabinoids', 'Total CBD', 'ND', '%'],
  ['Terpenes', 'Total Terpenes', '1.2345%', '%'],
  ['Water Activity', 'Water Activity', '0.52 aw', 'aw', undefined, '0.65 aw', 'Pass'],
  ['Moisture', 'Moisture', '11.2%', '%', undefined, '15.0 %', 'Pass'],
];

describe('CoaSourceAdapter', () => {
  describe('detect', () => {
    it('picks the Confident LIMS layout over the generic one for a Confident LIMS certificate', async () => {
      expect(await adapter.detect(await input(limsLikeCertificate()))).toEqual([
        { template: 'coa-confident-lims', score: 90 },
        { template: 'coa-generic', score: 1 },
      ]);
    });

    it('offers only the generic layout for a certificate of no known family', async () => {
      expect(await adapter.detect(await input(genericCertificate()))).toEqual([{ template: 'coa-generic', score: 1 }]);
    });

    it('does not claim a file that is neither named nor shaped like a PDF', async () => {
      expect(await adapter.detect(await input(notAPdf(), 'results.csv', 'text/csv'))).toEqual([]);
    });

    it('claims an unreadable PDF, so that parsing it can say why', async () => {
      expect(await adapter.detect(await input(passwordProtectedPdf()))).toEqual([{ template: 'coa-generic', score: 1 }]);
    });
  });

  describe('open', () => {
    afterEach(() => jest.restoreAllMocks());

    it('starts the read that detection and parsing of the opened file then share', async () => {
      const read = jest.spyOn(pdfText, 'readPdfText');
      const file = await input(copyOfPdf(await limsLikeCertificate(), 'prefetch'));
      const opened = adapter.open(file);
      expect(read).toHaveBeenCalledTimes(1);
      const [detection] = await opened.detections();
      const batch = await opened.parse({ template: detection.template });
      expect(batch.samples[0].ref.labSampleId).toBe(LIMS_LIKE.labSampleId);
      expect(read).toHaveBeenCalledTimes(1);
    });

    it('leaves a file it cannot read for detect and parse to refuse, with nothing thrown or left unhandled', async () => {
      const unhandled = jest.fn();
      process.on('unhandledRejection', unhandled);
      try {
        const file = await input(copyOfPdf(await passwordProtectedPdf(), 'prefetch'));
        const opened = adapter.open(file);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await opened.detections()).toEqual([{ template: 'coa-generic', score: 1 }]);
        await expect(opened.parse({ template: 'coa-generic' })).rejects.toMatchObject({
          details: { code: 'password_protected' },
        });
        expect(unhandled).not.toHaveBeenCalled();
      } finally {
        process.off('unhandledRejection', unhandled);
      }
    });

    it('reads nothing that is neither named nor shaped like a PDF', async () => {
      const read = jest.spyOn(pdfText, 'readPdfText');
      adapter.open(await input(notAPdf(), 'results.csv', 'text/csv'));
      expect(read).not.toHaveBeenCalled();
    });
  });

  describe('a Confident-LIMS-like certificate (two tables side by side, lost ligatures, tiles)', () => {
    let batch: ParsedBatch;
    let file: SourceFileInput;

    beforeAll(async () => {
      file = await input(limsLikeCertificate());
      batch = await adapter.parse(file, { template: 'coa-confident-lims' });
    });

    it('is one sample referenced by its lab sample ID and batch', () => {
      expect(batch).toMatchObject({
        adapter: 'coa',
        template: 'coa-confident-lims',
        templateVersion: '1',
        qcRowsSkipped: 0,
        warnings: [],
      });
      expect(batch.samples.map((s) => s.ref)).toEqual([{ labSampleId: LIMS_LIKE.labSampleId, batch: LIMS_LIKE.batch }]);
    });

    it('reads every metadata field, dates as ISO, and the product type the matrix stands for', () => {
      expect(batch.samples[0].meta).toEqual({
        ...LIMS_LIKE,
        testedOn: '2026-01-07',
        productType: 'flower',
        route: 'inhaled',
      });
    });

    it('reads every row as printed, in its panel, and no other', () => {
      expect(batch.samples[0].rows.map(asRow)).toEqual(LIMS_ROWS);
    });

    it('records every panel status as printed, from headings and tiles', () => {
      expect(batch.samples[0].panelStatus).toEqual({
        'Residual Solvents': 'Pass',
        Microbials: 'Pass',
        Mycotoxins: 'Pass',
        Pesticides: 'Pass',
        Terpenes: 'Complete',
        Solvents: 'Not Tested',
        Metals: 'Pass',
        'Water Activity': 'Pass',
        Moisture: 'Pass',
      });
    });

    it('reports the totals the certificate prints', () => {
      expect(batch.samples[0].printedTotals?.map((t) => [t.analyte, t.valueText, t.unitText])).toEqual([
        ['total_thc', '21.50%', '%'],
        ['total_cbd', 'ND', '%'],
        ['total_cannabinoids', '24.46', '%'],
        ['total_terpenes', '1.2345%', '%'],
        ['total_aflatoxins', 'ND', 'µg/g'],
      ]);
    });

    it('points each row at its page and rebuilt line', () => {
      const row = batch.samples[0].rows.find((r) => r.name === 'Aflatoxin B1');
      expect(row?.provenance).toEqual({
        kind: 'text',
        sha256: file.sha256,
        page: 2,
        line: 27,
        context: 'Aflatoxin B1 0.005 0.020 ND Pass',
      });
    });

    it('keeps the unit printed under the LOQ when it differs from the result unit', () => {
      expect(batch.samples[0].rows.find((r) => r.name === 'THCa')?.extra).toEqual({ mgG: '241.0', loqUnit: 'mg/g' });
    });
  });

  it('finds header and footer metadata on a one-page certificate, where nothing repeats', async () => {
    const batch = await adapter.parse(await input(limsLikeSinglePage()), { template: 'coa-confident-lims' });
    expect(batch.samples[0].meta).toEqual({ ...LIMS_LIKE, testedOn: '2026-01-07', productType: 'flower', route: 'inhaled' });
    expect(batch.samples[0].rows.map(asRow)).toEqual([
      ...LIMS_ROWS.filter(([panel, name]) => panel === 'Cannabinoids' && !name.startsWith('Total ')),
      ['Cannabinoids', 'Total Cannabinoids', '24.46', '%', undefined, undefined, undefined, '244.6'],
      ['Cannabinoids', 'Total THC', '21.50%', '%'],
      ['Cannabinoids', 'Total CBD', 'ND', '%'],
      ['Moisture', 'Moisture', '11.2%', '%'],
    ]);
  });

  it('reads a certificate encrypted with permissions only', async () => {
    const batch = await adapter.parse(await input(permissionsOnlyCertificate()), { template: 'coa-confident-lims' });
    expect(batch.samples[0].rows.map(asRow)).toEqual(LIMS_ROWS);
  });

  describe('the generic layout', () => {
    it('reads tables by their header words and marks every value unsure, saying why', async () => {
      const batch = await adapter.parse(await input(genericCertificate()), { template: 'coa-generic' });
      const sample = batch.samples[0];
      expect(sample.ref).toEqual({ labSampleId: 'GEN-0001', batch: 'B-42' });
      expect(sample.panelStatus).toEqual({ 'Heavy Metals': 'Pass' });
      expect(sample.rows.map((r) => [r.panelHint, r.name, r.valueText, r.unitText, r.limitText, r.statusText, r.unsure])).toEqual(
        [
          ['Heavy Metals', 'Lead', 'ND', 'ppm', '0.5', 'Pass', GENERIC],
          ['Heavy Metals', 'Arsenic', '0.08', 'ppm', '0.2', 'Pass', GENERIC],
          [
            'Microbial Screen',
            'Salmonella',
            'see note',
            undefined,
            'Absent',
            'Pass',
            `${GENERIC}; panel taken from the line above the table ("Microbial Screen"); result "see note" is neither a number nor a known result word; no unit printed for the result`,
          ],
          [
            'Microbial Screen',
            'Aflatoxin B1',
            '3.1',
            undefined,
            '20',
            'Pass',
            `${GENERIC}; panel taken from the line above the table ("Microbial Screen"); no unit printed for the result`,
          ],
        ],
      );
    });

    it('finds the tables of a lab no layout knows by their shape, two panels side by side, every row unsure', async () => {
      const batch = await adapter.parse(await input(unseenLabCertificate()), { template: 'coa-generic' });
      const rows = batch.samples[0].rows;
      const read = rows.map((r) => [r.panelHint, r.name, r.valueText, r.unitText, r.limitText, r.statusText]);
      expect(read).toEqual(expect.arrayContaining(UNSEEN_LAB_ROWS.map((r) => [...r])));
      expect(read).toHaveLength(UNSEEN_LAB_ROWS.length);
      expect(rows.every((r) => r.unsure?.startsWith('read by the shape of the table'))).toBe(true);
    });
  });

  it('follows a table onto the next page when that page opens with its rows', async () => {
    const batch = await adapter.parse(await input(tableAcrossPagesCertificate()), { template: 'coa-generic' });
    expect(
      batch.samples[0].rows.map((r) => [r.panelHint, r.name, r.limitText, r.provenance.kind === 'text' && r.provenance.page]),
    ).toEqual([
      ['Pesticides', 'Abamectin', '0.50', 1],
      ['Pesticides', 'Acephate', '0.40', 1],
      ['Pesticides', 'Acequinocyl', '2.00', 2],
      ['Pesticides', 'Aldicarb', '0.40', 2],
    ]);
  });

  describe('an MCR-Labs-like certificate (test IDs left of the names, names around their values, a QA/QC section)', () => {
    let batch: ParsedBatch;
    beforeAll(async () => {
      const file = await input(mcrLabsLikeCertificate());
      expect((await adapter.detect(file))[0]?.template).toBe('coa-mcr-labs');
      batch = await adapter.parse(file, { template: 'coa-mcr-labs' });
    });

    it('reads every result row in its panel, names wrapped above and below their values whole, limits as powers of ten', () => {
      expect(batch.samples[0].rows.map(asMcrRow)).toEqual(MCR_LIKE_ROWS);
    });

    it('reads nothing of the QA/QC section, though it repeats the panel headings over tables of the same header', () => {
      const rows = batch.samples[0].rows;
      expect(rows.filter((r) => r.valueText === 'Detected' || r.provenance.kind !== 'text' || r.provenance.page === 6)).toEqual(
        [],
      );
    });

    it('reads the metadata and the dispositions of page 1 as panel statuses', () => {
      const sample = batch.samples[0];
      expect(sample.ref).toEqual({ labSampleId: MCR_LIKE.report, batch: MCR_LIKE.batch });
      expect(sample.meta).toMatchObject({
        lab: 'MCR Labs',
        clientName: MCR_LIKE.client,
        reportRevision: MCR_LIKE.revision,
        reportCreated: '2026-03-03',
        testedOn: '2026-03-03',
        productName: MCR_LIKE.product,
        matrix: MCR_LIKE.matrix,
        metrcSample: MCR_LIKE.metrcSample,
        metrcSource: MCR_LIKE.metrcSource,
      });
      expect(sample.panelStatus).toEqual({
        'Cannabinoid Profile': 'N/A',
        'Microbiological Screen': 'Fail',
        'Mycotoxin Screen': 'Pass',
        'Heavy Metals Screen': 'Pass',
        'Pesticides Screen': 'Pass',
      });
    });
  });

  it('lists its layouts for template pickers', () => {
    expect(adapter.listTemplates()).toEqual([
      { id: 'coa-act-laboratories', title: 'CoA: ACT Laboratories', auto: true },
      { id: 'coa-cannasafe', title: 'CoA: CannaSafe', auto: true },
      { id: 'coa-confident-cannabis', title: 'CoA: Confident Cannabis', auto: true },
      { id: 'coa-confident-lims', title: 'CoA: Confident LIMS (New York labs, e.g. DRS Testing)', auto: true },
      { id: 'coa-generic', title: 'CoA: any lab (tables headed Analyte / LOQ / Limit / Result / Status)', auto: true },
      { id: 'coa-green-leaf-lab', title: 'CoA: Green Leaf Lab (California)', auto: true },
      { id: 'coa-kaycha', title: 'CoA: Kaycha Labs', auto: true },
      { id: 'coa-mcr-labs', title: 'CoA: MCR Labs (Massachusetts)', auto: true },
      { id: 'coa-sc-labs', title: 'CoA: SC Labs (California)', auto: true },
      { id: 'coa-steep-hill', title: 'CoA: Steep Hill (Massachusetts)', auto: true },
    ]);
    expect(adapter.hasTemplate('coa-kaycha')).toBe(true);
    expect(adapter.hasTemplate('agilent-chemstation')).toBe(false);
  });

  it.each<[string, () => Buffer | Promise<Buffer>, string]>([
    ['a file that is not a PDF', notAPdf, 'not a PDF: the file has no %PDF- header: expected a PDF file'],
    [
      'a certificate no layout claims',
      limsLikeCertificate,
      'no CoA layout matches this certificate: expected a certificate in one of the layouts coa-act-laboratories, coa-cannasafe, coa-confident-cannabis, coa-confident-lims, coa-generic, coa-green-leaf-lab, coa-kaycha, coa-mcr-labs, coa-sc-labs, coa-steep-hill',
    ],
  ])('explains why it detected nothing in %s', async (_case, make, message) => {
    const rejection = await adapter.explainRejection(await input(make(), 'upload.bin', 'application/octet-stream'));
    expect(rejection.message).toBe(message);
  });

  it('takes a PDF for its kind, and no other file', async () => {
    expect(adapter.open(await input(limsLikeCertificate(), 'upload.bin', 'application/octet-stream')).ofItsKind).toBe(true);
    expect(adapter.open(await input(notAPdf(), 'upload.pdf', 'application/pdf')).ofItsKind).toBe(false);
  });

  describe('refusals', () => {
    it.each<[string, () => Promise<Buffer>, string, string]>([
      [
        'a PDF locked by a password',
        passwordProtectedPdf,
        'coa-generic',
        'the PDF is protected by a password; upload a copy without a password: expected a PDF that opens without a password',
      ],
      [
        'a PDF without any result table',
        letterPdf,
        'coa-generic',
        'template coa-generic: no result table found on the certificate: expected a table headed like Analyte … Result (… LOQ, Limit, Status)',
      ],
      [
        'an unknown layout',
        limsLikeCertificate,
        'coa-unknown',
        'unknown CoA layout "coa-unknown": expected one of coa-act-laboratories, coa-cannasafe, coa-confident-cannabis, coa-confident-lims, coa-generic, coa-green-leaf-lab, coa-kaycha, coa-mcr-labs, coa-sc-labs, coa-steep-hill',
      ],
    ])('refuses %s with a reason', async (_case, make, template, message) => {
      const error = await adapter.parse(await input(make()), { template }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportRejected);
      expect((error as ImportRejected).message).toBe(message);
    });
  });
});

async function input(
  bytes: Buffer | Promise<Buffer>,
  name = 'certificate.pdf',
  mimeType = 'application/pdf',
): Promise<SourceFileInput> {
  const data = await bytes;
  return { name, bytes: data, sha256: createHash('sha256').update(data).digest('hex'), mimeType };
}

/** Different bytes for the same document, so the adapter's cache of recent reads starts empty for it. */
function copyOfPdf(bytes: Buffer, tag: string): Buffer {
  return Buffer.concat([bytes, Buffer.from(`\n% ${tag}\n`, 'latin1')]);
}

function asRow(row: RawResultRow): Row {
  const cells: Array<string | undefined> = [
    row.panelHint,
    row.name,
    row.valueText,
    row.unitText,
    row.loqText,
    row.limitText,
    row.statusText,
    row.extra?.mgG,
  ];
  while (cells.length > 3 && cells[cells.length - 1] === undefined) cells.pop();
  return cells as Row;
}

function asMcrRow(row: RawResultRow): McrRow {
  const extra = Object.fromEntries(Object.entries(row.extra ?? {}).filter(([key]) => !key.endsWith('Unit')));
  const cells: Array<string | Record<string, string> | undefined> = [
    row.panelHint,
    row.name,
    row.valueText,
    row.unitText,
    row.loqText,
    row.lodText,
    row.limitText,
    row.statusText,
    Object.keys(extra).length > 0 ? extra : undefined,
  ];
  while (cells.length > 3 && cells[cells.length - 1] === undefined) cells.pop();
  return cells as McrRow;
}
