import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParsedSample, RawResultRow } from '../../../src/ingest/parsed-batch';
import { CoaSourceAdapter } from '../../../src/ingest/coa/coa.adapter';
import { loadCoaLayouts } from '../../../src/ingest/coa/coa-layout.loader';

/**
 * Every field and result of the eight DRS Testing (New York, Confident LIMS) certificates, read off the
 * PDFs into `expected/*.json`, must come out of the CoA adapter as raw rows: same printed name, value,
 * unit, LOQ, limit, status and mg/g value, in the right panel, with no row missing and none extra.
 */
const SAMPLES = path.resolve(__dirname, '../../../../shared/samples');
const NY = path.join(SAMPLES, 'coa/drs-testing-ny');
const present = fs.existsSync(NY);
if (!present) console.warn(`SKIPPED: ../shared/samples not found at ${SAMPLES}; the NY certificate regression did not run`);
const describeIfSamples = present ? describe : describe.skip;

/** Printed panel names (section headings and summary tiles) and the canonical panel of the expected files. */
const PANELS: Record<string, string> = {
  cannabinoids: 'cannabinoids',
  terpenes: 'terpenes',
  'residual solvents': 'solvents',
  solvents: 'solvents',
  microbials: 'microbials',
  'heavy metals': 'metals',
  metals: 'metals',
  mycotoxins: 'mycotoxins',
  pesticides: 'pesticides',
  'foreign matter': 'foreign_matter',
  moisture: 'moisture',
  'water activity': 'water_activity',
};

const META_FIELDS = [
  'lab',
  'labLicense',
  'labSampleId',
  'batch',
  'batchSize',
  'clientName',
  'clientLicense',
  'productName',
  'strain',
  'matrix',
  'typeOfUse',
  'sampleReceived',
  'reportCreated',
  'sampleCollected',
  'parentLot',
] as const;

interface ExpectedResult {
  panel: string;
  name: string;
  reportedValue: string;
  reportedUnit: string | null;
  reportedLoq: string | null;
  reportedLimit: string | null;
  reportedStatus: string | null;
  reportedValueMgG?: string;
}

interface ExpectedCertificate {
  file: string;
  panelStatus: Record<string, string>;
  checks: { total_thc: { printed: number } };
  results: ExpectedResult[];
  [field: string]: unknown;
}

const files = present
  ? fs
      .readdirSync(NY)
      .filter((f) => f.endsWith('.pdf'))
      .sort()
  : [];

describeIfSamples('New York certificates (DRS Testing, Confident LIMS) through the CoA adapter', () => {
  const adapter = new CoaSourceAdapter(loadCoaLayouts(path.resolve(__dirname, '../../../templates/coa')), {
    maxBytes: 20 * 1024 * 1024,
    maxPages: 50,
    timeoutMs: 30_000,
  });
  const parsed = new Map<string, ParsedSample>();

  beforeAll(async () => {
    for (const file of files) parsed.set(file, await parseCertificate(adapter, file));
  }, 120_000);

  it('finds all eight certificates', () => {
    expect(files).toHaveLength(8);
  });

  it.each(files)('%s is detected as a Confident LIMS certificate', async (file) => {
    const detections = await adapter.detect(input(file));
    expect(detections[0]?.template).toBe('coa-confident-lims');
  });

  it.each(files)('%s: every metadata field equals the expected file', (file) => {
    const expected = expectedFor(file);
    const meta = parsed.get(file)?.meta ?? {};
    for (const field of META_FIELDS) {
      expect({ field, value: meta[field] ?? null }).toEqual({ field, value: expected[field] ?? null });
    }
  });

  it.each(files)('%s: the sample reference is the lab sample ID and batch', (file) => {
    const expected = expectedFor(file);
    expect(parsed.get(file)?.ref).toEqual({ labSampleId: expected.labSampleId, batch: expected.batch });
  });

  it.each(files)('%s: every panel status is printed as expected', (file) => {
    const statuses: Record<string, string> = {};
    for (const [printed, status] of Object.entries(parsed.get(file)?.panelStatus ?? {})) {
      const panel = PANELS[printed.toLowerCase()];
      expect({ printed, panel }).toEqual({ printed, panel: expect.any(String) });
      const canonical = status.toLowerCase().replace(/\s+/g, '_');
      // A panel printed twice (tile and heading) must say the same thing both times.
      expect({ panel, status: statuses[panel] ?? canonical }).toEqual({ panel, status: canonical });
      statuses[panel] = canonical;
    }
    expect(statuses).toEqual(expectedFor(file).panelStatus);
  });

  it.each(files)('%s: every result row, and no other, is read as printed', (file) => {
    const actual = (parsed.get(file)?.rows ?? []).map(asExpectedShape).sort(byPanelAndName);
    const expected = expectedFor(file).results.map(asComparable).sort(byPanelAndName);
    expect(actual).toEqual(expected);
  });

  it.each(files)('%s: the printed total THC is reported', (file) => {
    const total = parsed.get(file)?.printedTotals?.find((t) => t.analyte === 'total_thc');
    expect(total?.valueText.replace('%', '')).toBe(expectedFor(file).checks.total_thc.printed.toFixed(2));
  });

  it.each(files)('%s: every row points at its page and line', (file) => {
    for (const row of parsed.get(file)?.rows ?? []) {
      expect(row.provenance).toMatchObject({ kind: 'text', page: expect.any(Number), line: expect.any(Number) });
      expect(row.provenance.kind === 'text' && row.provenance.context).toContain(row.valueText.split(' ')[0]);
    }
  });
});

async function parseCertificate(adapter: CoaSourceAdapter, file: string): Promise<ParsedSample> {
  const batch = await adapter.parse(input(file), { template: 'coa-confident-lims' });
  expect(batch.samples).toHaveLength(1);
  return batch.samples[0];
}

function input(file: string) {
  const bytes = fs.readFileSync(path.join(NY, file));
  return { name: file, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), mimeType: 'application/pdf' };
}

function expectedFor(file: string): ExpectedCertificate {
  const json = fs.readFileSync(path.join(NY, 'expected', file.replace(/\.pdf$/, '.json')), 'utf8');
  return JSON.parse(json) as ExpectedCertificate;
}

function asExpectedShape(row: RawResultRow): ExpectedResult {
  const panel = PANELS[(row.panelHint ?? '').toLowerCase()] ?? `unknown panel "${row.panelHint}"`;
  return {
    panel,
    name: row.name,
    reportedValue: row.valueText,
    reportedUnit: row.unitText ?? null,
    reportedLoq: row.loqText ?? null,
    reportedLimit: row.limitText ?? null,
    reportedStatus: row.statusText ?? null,
    ...(row.extra?.mgG !== undefined ? { reportedValueMgG: row.extra.mgG } : {}),
  };
}

function asComparable(result: ExpectedResult): ExpectedResult {
  return {
    panel: result.panel,
    name: result.name,
    reportedValue: result.reportedValue,
    reportedUnit: result.reportedUnit,
    reportedLoq: result.reportedLoq,
    reportedLimit: result.reportedLimit,
    reportedStatus: result.reportedStatus,
    ...(result.reportedValueMgG !== undefined ? { reportedValueMgG: result.reportedValueMgG } : {}),
  };
}

function byPanelAndName(a: ExpectedResult, b: ExpectedResult): number {
  return a.panel.localeCompare(b.panel) || a.name.localeCompare(b.name) || a.reportedValue.localeCompare(b.reportedValue);
}
