import * as path from 'node:path';
import { readPdfText } from '../ingest/coa/pdf-text';
import { CertificateLayoutSchema, loadCertificateLayout, type CertificateLayout } from './certificate-layout';
import type { CertificateView } from './certificate.view';
import { toPdf } from './pdf-export';
import { signatureLines } from './signature-lines';

const LAYOUT = loadCertificateLayout(path.resolve(__dirname, '..', '..', 'templates', 'certificate', 'certificate.json'));
const NOW = new Date('2025-03-08T17:00:00Z');

const STATUSES = ['pass', 'fail', 'report_only', 'not_tested', 'no_limit', 'indeterminate'] as const;

function view(overrides: Partial<CertificateView> = {}, results = 6): CertificateView {
  return {
    lab: { name: 'Hudson Analytical', license: 'OCM-CPL-2022-00042' },
    sample: {
      labSampleId: 'L-9001',
      uid: '4815020000009001',
      sourceUid: null,
      productName: 'Blue Dream',
      productType: 'pre_roll',
      route: 'inhaled',
      batch: null,
      client: { licenseNumber: 'OCM-CULT-24-000112', name: 'OCM-CULT-24-000112' },
    },
    resultSet: {
      id: 'x',
      version: 1,
      status: 'approved',
      verdict: 'incomplete',
      approvedAt: '2025-03-07T15:00:00.000Z',
      approvedBy: 'mia',
      origin: 'import',
      panels: { pesticides: 'incomplete', water_activity: 'not_tested' },
    },
    offlineSource: null,
    results: Array.from({ length: results }, (_, i) => ({
      panel: 'pesticides',
      analyte: `pesticide_${i}`,
      name: `Pesticide ${i}`,
      value: '0.01',
      qualifier: null,
      unit: 'ug/g',
      reportedValue: '0.01',
      reportedUnit: 'ug/g',
      loq: '0.005',
      limit: '0.1',
      status: STATUSES[i % STATUSES.length],
      derived: false,
    })),
    amendments: [],
    verificationUrl: 'https://coa.example/verify/x',
    source: 'lab',
    ...overrides,
  };
}

async function pages(pdf: Buffer): Promise<string[]> {
  const read = await readPdfText(pdf, { maxBytes: 10_000_000, maxPages: 50, timeoutMs: 20_000 });
  return read.pages.map((p) =>
    p.items
      .map((i) => i.str)
      .join(' ')
      .replace(/\s+/g, ' '),
  );
}

describe('the certificate PDF', () => {
  it('puts the UID, certificate number and "Page x of y" on every page of a long certificate', async () => {
    const text = await pages(await toPdf(view({}, 140), NOW, { layout: LAYOUT, timeZone: 'America/New_York' }));
    expect(text.length).toBeGreaterThan(2);
    text.forEach((page, i) => {
      expect(page).toContain('UID 4815020000009001');
      expect(page).toContain('Certificate L-9001-V1');
      expect(page).toContain(`Page ${i + 1} of ${text.length}`);
    });
    // The table's header is repeated where it continues.
    expect(text[1]).toContain('Analyte Result Unit LOQ Limit Status');
  });

  it('says every status in words and never prints the data model’s words or an ISO timestamp', async () => {
    const text = (await pages(await toPdf(view(), NOW, { layout: LAYOUT, timeZone: 'America/New_York' }))).join(' ');
    for (const words of [
      'Pass',
      'Fail',
      'Tested',
      'Not tested',
      'No limit on file',
      'Cannot be judged',
      'Pesticides · Incomplete',
      'Water activity: Not tested',
      'pre roll (inhaled)',
    ]) {
      expect(text).toContain(words);
    }
    expect(text).not.toMatch(/report_only|not_tested|no_limit|indeterminate|water_activity|pre_roll|\d{4}-\d{2}-\d{2}T/);
    expect(text).toContain('Released 7 Mar 2025, 10:00 EST');
    expect(text).toContain('generated 8 Mar 2025, 12:00 EST');
  });

  it('prints a client known only by its license once, with its name "not on file"', async () => {
    const first = (await pages(await toPdf(view(), NOW, { layout: LAYOUT, timeZone: 'UTC' })))[0];
    expect(first).toContain('Client Name not on file License OCM-CULT-24-000112');
    expect(first.split('OCM-CULT-24-000112')).toHaveLength(2);
  });

  it('titles what the state system holds as its record, without this lab’s signature or statement of conformity', async () => {
    const text = (await pages(await toPdf(view({ source: 'state-system' }), NOW, { layout: LAYOUT, timeZone: 'UTC' }))).join(' ');
    expect(text).toContain('Record of results held by the state system');
    expect(text).toContain('They were not released by Hudson Analytical and this is not its certificate');
    expect(text).not.toContain('Certificate of Analysis');
    expect(text).not.toContain('Statement of conformity');
    expect(text).not.toContain('Released by');
  });

  it('follows the layout file: section order, columns, titles and methods are data', async () => {
    const layout: CertificateLayout = CertificateLayoutSchema.parse({
      ...LAYOUT,
      titles: { ...LAYOUT.titles, thisLab: 'Laboratory Report' },
      sections: ['sample', 'lab', 'client', 'panels', 'signatures', 'statement'],
      columns: [
        { field: 'analyte', title: 'Compound', width: 0.5 },
        { field: 'result', title: 'Amount', width: 0.25 },
        { field: 'unit', title: 'Units', width: 0.25 },
      ],
      methods: { pesticides: 'LC-MS/MS and GC-MS/MS, SOP-PEST-03' },
      statement: 'Decision rule: simple acceptance.',
    });
    const text = (await pages(await toPdf(view(), NOW, { layout, timeZone: 'UTC' }))).join(' ');
    expect(text).toContain('Laboratory Report');
    expect(text.indexOf('Lab sample ID')).toBeLessThan(text.indexOf('OCM permit'));
    expect(text).toContain('Compound Amount Units');
    expect(text).not.toContain('LOQ Limit Status');
    expect(text).toContain('Method: LC-MS/MS and GC-MS/MS, SOP-PEST-03');
    expect(text).toContain('Decision rule: simple acceptance.');
    expect(text).not.toContain('Summary');
  });

  it('refuses a layout without the sections 9 NYCRR 130.23(e) needs, or whose columns overflow the page', () => {
    const bad = CertificateLayoutSchema.safeParse({
      ...LAYOUT,
      sections: ['lab', 'panels'],
      columns: [...LAYOUT.columns, { field: 'status', title: 'Again', width: 0.5 }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'sections: expected at least lab, client, sample, panels, signatures and statement (9 NYCRR 130.23(e))',
      'columns: expected the column widths (fractions of the page width) to add up to at most 1',
    ]);
  });

  it('prints each signature with full name, title, meaning, lab time and fingerprint; an old release without inventing one', async () => {
    const hash = 'c0ffee'.repeat(10) + 'abcd';
    const signatures: NonNullable<CertificateView['signatures']> = [
      {
        step: 'Approved',
        meaning: 'Reviewed and approved for release',
        name: 'Maria Lopez',
        title: 'Laboratory Director',
        at: '2026-12-06T20:04:00.000Z',
        fingerprint: hash,
      },
    ];
    expect(signatureLines(signatures, 'America/New_York')).toEqual([
      {
        text: 'Approved by Maria Lopez, Laboratory Director — Reviewed and approved for release — 6 Dec 2026, 15:04 EST',
        fingerprint: `Content fingerprint (sha256) ${hash}`,
      },
    ]);
    expect(
      signatureLines(
        [{ step: 'Approved', meaning: null, name: 'max', title: null, at: '2025-03-08T17:00:00.000Z', fingerprint: null }],
        'UTC',
      ),
    ).toEqual([
      {
        text: 'Approved by max — 8 Mar 2025, 17:00 UTC (released before e-signatures: no signature was recorded)',
        fingerprint: null,
      },
    ]);
    const text = (await pages(await toPdf(view({ signatures }), NOW, { layout: LAYOUT, timeZone: 'America/New_York' }))).join(
      ' ',
    );
    expect(text).toContain(
      'Approved by Maria Lopez, Laboratory Director — Reviewed and approved for release — 6 Dec 2026, 15:04 EST',
    );
    expect(text).toContain(`Content fingerprint (sha256) ${hash}`);
    expect(text).not.toContain('Released by');
  });
});
