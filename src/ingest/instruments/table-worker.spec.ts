import { truncatedXlsx } from '../../../test/generators/instruments/bad-fixtures';
import { genericLongText, GENERIC_LONG_MAPPING } from '../../../test/generators/instruments/encoding-fixtures';
import { asUpload } from '../../../test/generators/instruments/fixture-file';
import { instrumentTemplates } from '../../../test/generators/instruments/instrument-templates';
import { qpcrWorkbook, winlab32Csv } from '../../../test/generators/instruments/layout-fixtures';
import { ImportRejected } from '../import-rejected.error';
import { InstrumentSourceAdapter } from './instrument.adapter';

/** The same adapter with every file read in the worker thread, and with none. */
const limits = { maxRows: 10_000, maxCells: 500_000 };
const inWorker = new InstrumentSourceAdapter(instrumentTemplates(), limits, 0);
const inThread = new InstrumentSourceAdapter(instrumentTemplates(), limits, Number.POSITIVE_INFINITY);

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('InstrumentSourceAdapter in its worker thread', () => {
  it.each([
    ['an XLSX workbook', () => asUpload(qpcrWorkbook())],
    ['a CSV export', () => asUpload(winlab32Csv())],
  ])('detects and parses %s exactly as in-thread', async (_name, make) => {
    const file = make();

    const detections = await inWorker.detect(file);
    const batch = await inWorker.parse(file, { template: detections[0].template });

    expect(detections).toEqual(await inThread.detect(file));
    expect(batch).toEqual(await inThread.parse(file, { template: detections[0].template }));
    expect(batch.samples.length).toBeGreaterThan(0);
  });

  it('parses with a chosen template and mapping exactly as in-thread', async () => {
    const file = asUpload(genericLongText());
    const ctx = { template: 'generic-long', mapping: GENERIC_LONG_MAPPING };

    expect(await inWorker.parse(file, ctx)).toEqual(await inThread.parse(file, ctx));
  });

  it('explains a file no template fits with the reason the worker found', async () => {
    const corrupt = asUpload(truncatedXlsx());
    const unmatched = asUpload(genericLongText());

    await expect(inWorker.detect(corrupt)).resolves.toEqual([]);
    const fromWorker = await inWorker.explainRejection(corrupt);
    await inWorker.detect(unmatched);

    expect(fromWorker).toBeInstanceOf(ImportRejected);
    expect(fromWorker).toEqual(await inThread.explainRejection(corrupt));
    expect(fromWorker.details.code).toBe('corrupt_workbook');
    expect((await inWorker.explainRejection(unmatched)).message).toBe((await inThread.explainRejection(unmatched)).message);
  });

  it('refuses with the same error class, message and details', async () => {
    const small = (min: number) => new InstrumentSourceAdapter(instrumentTemplates(), { maxRows: 2, maxCells: 100 }, min);
    const file = asUpload(winlab32Csv());
    const ctx = { template: 'perkinelmer-winlab32-csv' };

    const fromWorker = await failure(() => small(0).parse(file, ctx));
    const fromThread = await failure(() => small(Number.POSITIVE_INFINITY).parse(file, ctx));

    expect(fromWorker).toBeInstanceOf(ImportRejected);
    expect(fromWorker).toEqual(fromThread);
    expect((fromWorker as ImportRejected).message).toBe((fromThread as ImportRejected).message);
    expect((fromWorker as ImportRejected).details).toEqual({ ...(fromThread as ImportRejected).details, code: 'file_too_large' });
  });
});
