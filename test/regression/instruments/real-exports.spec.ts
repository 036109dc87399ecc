import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Decimal from 'decimal.js';
import { ImportRejected } from '../../../src/ingest/import-rejected.error';
import { detectTemplates, parseWithTemplateDetailed, type QcRecord } from '../../../src/ingest/instruments/instrument-engine';
import { InstrumentSourceAdapter } from '../../../src/ingest/instruments/instrument.adapter';
import { significantDigits } from '../../../src/ingest/instruments/number-text';
import { DEFAULT_READ_LIMITS } from '../../../src/ingest/instruments/table-file';
import type { ParsedSample, Provenance, RawResultRow } from '../../../src/ingest/parsed-batch';
import type { SourceFileInput } from '../../../src/ingest/source-adapter';
import { instrumentTemplate, instrumentTemplates } from '../../generators/instruments/instrument-templates';

/**
 * Every real export in ../shared/samples/instruments, auto-detected and parsed, against the results
 * derived by hand from the raw file (expected/<file>.json, each with its `derivation`).
 */
const SAMPLES = path.resolve(__dirname, '../../../../shared/samples');
const INSTRUMENTS = path.join(SAMPLES, 'instruments');
const EXPECTED = path.join(__dirname, 'expected');

interface ExpectedRow {
  name: string;
  /** Canonical analyte key from analyte-keys.md (null where the list has none); checked against the catalog elsewhere. */
  analyte: string | null;
  valueText: string;
  unitText?: string;
  loqText?: string;
  lodText?: string;
  /** "Sheet!E564" for workbooks, "O7" (column + line) for text files. */
  cell: string;
  pending?: string[];
  measuredValue?: string;
  measuredUnit?: string;
  injection?: string;
  flag?: string;
  well?: string;
  dye?: string;
  dilutionRatio?: string;
  labFinalPpm?: string;
}

interface ExpectedFile {
  file: string;
  template: string;
  derivation: string[];
  qcRowsSkipped: number;
  /** Fragments each found in some warning; `[]` means no warnings at all. */
  warnings: string[];
  samples: Array<{ ref: ParsedSample['ref']; prep?: ParsedSample['prep']; rows: ExpectedRow[] }>;
  qc?: Array<{ labSampleId: string; name: string; valueText: string; reason: string; cell: string; analyte: string | null }>;
  /** A file that fits its template but cannot produce results: the refusal derived by hand (code, reason, cell). */
  refused?: { code: string; reason: string; cell?: string };
}

const available = fs.existsSync(INSTRUMENTS);
if (!available) console.warn(`SKIPPED: ../shared/samples not found at ${SAMPLES}; the real-export regression suite did not run`);
const d = available ? describe : describe.skip;
const expectations: ExpectedFile[] = fs
  .readdirSync(EXPECTED)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(EXPECTED, f), 'utf8')) as ExpectedFile);

/**
 * Real files added to ../shared without their hand-derived expectation yet. Each is printed as SKIPPED on every
 * run; a new real file is listed here until its expectation is written.
 */
const PENDING_EXPECTATION: readonly string[] = [];
for (const file of available ? PENDING_EXPECTATION : []) {
  console.warn(`SKIPPED: real instrument export ${file} has no hand-derived expectation yet (pending, see PENDING_EXPECTATION)`);
}

d('real instrument exports (../shared/samples/instruments)', () => {
  it('has a hand-derived expectation for every real file, except those listed as pending', () => {
    const expected = expectations.map((e) => e.file);
    expect(
      fs
        .readdirSync(INSTRUMENTS)
        .filter((f) => !PENDING_EXPECTATION.includes(f))
        .sort(),
    ).toEqual(expected.sort());
  });

  it('lists as pending only files that exist and still lack an expectation', () => {
    const present = fs.readdirSync(INSTRUMENTS);
    expect(PENDING_EXPECTATION.filter((f) => !present.includes(f) || expectations.some((e) => e.file === f))).toEqual([]);
  });

  describe.each(expectations.filter((e) => e.refused).map((e) => [e.file, e] as const))(
    '%s (cannot produce results)',
    (_file, expected) => {
      const upload = () => readUpload(expected.file);
      const refused = expected.refused as NonNullable<ExpectedFile['refused']>;

      it(`is recognised by ${expected.template} and by no other template`, () => {
        expect(detectTemplates(upload(), instrumentTemplates()).map((t) => t.template)).toEqual([expected.template]);
      });

      it('is refused with the reason and the place derived by hand', () => {
        const error = refusal(() => parseWithTemplateDetailed(upload(), instrumentTemplate(expected.template), {}));

        expect(error.details.code).toBe(refused.code);
        expect(error.message).toContain(refused.reason);
        const at = error.details.location;
        expect(at ? `${at.sheet ? `${at.sheet}!` : ''}${at.column ?? ''}${at.row ?? ''}` : undefined).toBe(refused.cell);
      });
    },
  );

  describe.each(expectations.filter((e) => !e.refused).map((e) => [e.file, e] as const))('%s', (_file, expected) => {
    const upload = () => readUpload(expected.file);
    const parse = () => parseWithTemplateDetailed(upload(), instrumentTemplate(expected.template), {});

    it(`is recognised by ${expected.template} and by no other template`, () => {
      expect(detectTemplates(upload(), instrumentTemplates()).map((t) => t.template)).toEqual([expected.template]);
    });

    it('yields the samples, in order, derived by hand', () => {
      const { batch } = parse();

      expect(batch.samples.map((s) => s.ref)).toEqual(expected.samples.map((s) => s.ref));
      expect(batch.samples.map((s) => s.prep)).toEqual(expected.samples.map((s) => s.prep));
    });

    it('yields the analyte names, values, units, limits and cells derived by hand', () => {
      const { batch } = parse();

      batch.samples.forEach((sample, i) => {
        const wanted = expected.samples[i].rows;
        expect(sample.rows.map((row, j) => project(row, wanted[j]))).toEqual(
          wanted.map(({ analyte: _analyte, ...rest }) => rest),
        );
      });
    });

    it('names a canonical analyte key (or null) for every printed name', () => {
      const rows = [...expected.samples.flatMap((s) => s.rows), ...(expected.qc ?? [])];

      expect(rows.filter((r) => r.analyte !== null && !/^[a-z0-9_]+$/.test(r.analyte))).toEqual([]);
      expect(rows.every((r) => 'analyte' in r)).toBe(true);
    });

    it('skips the QC rows and says what it could not do', () => {
      const { batch, qcRecords } = parse();

      expect(batch.qcRowsSkipped).toBe(expected.qcRowsSkipped);
      if (expected.qc) expect(qcRecords.map(projectQc)).toEqual(expected.qc.map(({ analyte: _analyte, ...rest }) => rest));
      if (expected.warnings.length === 0) expect(batch.warnings).toEqual([]);
      for (const fragment of expected.warnings) expect(batch.warnings.join('\n')).toContain(fragment);
    });
  });

  it('parses every real file the same way through the adapter (detect, then parse)', async () => {
    const adapter = new InstrumentSourceAdapter(instrumentTemplates(), DEFAULT_READ_LIMITS);
    for (const expected of expectations.filter((e) => !e.refused)) {
      const file = readUpload(expected.file);
      const [best] = await adapter.detect(file);
      const batch = await adapter.parse(file, { template: best.template });
      expect([expected.file, batch.template, batch.samples.length]).toEqual([
        expected.file,
        expected.template,
        expected.samples.length,
      ]);
    }
  });

  it("agrees with the lab's own final NexION column wherever the lab printed a number", () => {
    const nexion = expectations.find((e) => e.template === 'perkinelmer-syngistix-summary-report');
    const rows = (nexion?.samples ?? [])
      .flatMap((s) => s.rows)
      .filter((r) => r.labFinalPpm !== undefined && /^-?\d/.test(r.labFinalPpm));

    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const lab = new Decimal(row.labFinalPpm as string).toSignificantDigits(
        significantDigits(row.measuredValue as string),
        Decimal.ROUND_HALF_UP,
      );
      expect([row.cell, new Decimal(row.valueText).equals(lab)]).toEqual([row.cell, true]);
    }
  });
});

function refusal(run: () => unknown): ImportRejected {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportRejected) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

function readUpload(name: string): SourceFileInput {
  const bytes = fs.readFileSync(path.join(INSTRUMENTS, name));
  return { name, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function cellOf(provenance: Provenance): string {
  if (provenance.kind !== 'cell') return `${provenance.kind}?`;
  return `${provenance.sheet !== undefined ? `${provenance.sheet}!` : ''}${provenance.column}${provenance.row}`;
}

/** The row in the expectation's shape: core fields always, extra fields where the expectation names them. */
function project(row: RawResultRow, wanted: ExpectedRow | undefined): Omit<ExpectedRow, 'analyte'> {
  const out: Omit<ExpectedRow, 'analyte'> = { name: row.name, valueText: row.valueText, cell: cellOf(row.provenance) };
  if (row.unitText !== undefined) out.unitText = row.unitText;
  if (row.loqText !== undefined) out.loqText = row.loqText;
  if (row.lodText !== undefined) out.lodText = row.lodText;
  if (row.pendingCalculation) out.pending = row.pendingCalculation.missing;
  const extra = row.extra ?? {};
  const optional: Array<[keyof ExpectedRow, string | undefined]> = [
    ['measuredValue', extra.measuredValue],
    ['measuredUnit', extra.measuredUnit],
    ['injection', extra.injection],
    ['flag', extra['QC Check Results']],
    ['well', extra.Well],
    ['dye', extra.Dye],
    ['dilutionRatio', extra['Sample Dilution Ratio']],
    ['labFinalPpm', extra['Final Sample Concentration (ppm)']],
  ];
  for (const [key, value] of optional) if (wanted && key in wanted && value !== undefined) Object.assign(out, { [key]: value });
  return out;
}

function projectQc(record: QcRecord) {
  return {
    labSampleId: record.labSampleId,
    name: record.name,
    valueText: record.valueText,
    reason: record.reason,
    cell: cellOf(record.provenance),
  };
}
