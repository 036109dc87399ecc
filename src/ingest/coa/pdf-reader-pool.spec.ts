import { Worker } from 'node:worker_threads';
import { manyPagesPdf, passwordProtectedPdf } from '../../../test/generators/coa/make-pdfs';
import { PdfReaderPool, type ReadJob, type ReadOutcome } from './pdf-reader-pool';

const PDF_PARSE = require.resolve('pdf-parse');

function job(bytes: Buffer): ReadJob {
  return { bytes: new Uint8Array(bytes), maxPages: 50, timeoutMs: 20_000, maxGrowthBytes: 512 * 1024 * 1024 };
}

function pageTexts(outcome: ReadOutcome): string[] {
  if (outcome.kind !== 'answer' || !outcome.answer.ok) throw new Error(`read failed: ${JSON.stringify(outcome)}`);
  return outcome.answer.pages.map((p) => `${p.page}:${p.items.map((i) => i.str).join(' ')}`);
}

/** The shared page counter each job was sent with, one entry per worker the job went to. */
function countersSent(post: jest.SpyInstance): SharedArrayBuffer[] {
  return post.mock.calls.map(([message]) => (message as { nextPage: SharedArrayBuffer }).nextPage);
}

describe('PdfReaderPool', () => {
  const expected = Array.from({ length: 12 }, (_, i) => `${i + 1}:Page ${i + 1}`);
  let post: jest.SpyInstance;

  beforeEach(() => {
    post = jest.spyOn(Worker.prototype, 'postMessage');
  });
  afterEach(() => post.mockRestore());

  it('shares the pages of a file read on its own among every free reader, and returns them all in order', async () => {
    const pool = new PdfReaderPool(256, 2, PDF_PARSE);
    const outcome = await pool.read(job(await manyPagesPdf(12)));

    expect(pageTexts(outcome)).toEqual(expected);
    const counters = countersSent(post);
    expect(counters).toHaveLength(2);
    expect(counters[0]).toBe(counters[1]);
  });

  it('reads a file with one reader when it is the only one', async () => {
    const pool = new PdfReaderPool(256, 1, PDF_PARSE);
    expect(pageTexts(await pool.read(job(await manyPagesPdf(12))))).toEqual(expected);
    expect(countersSent(post)).toHaveLength(1);
  });

  it('gives files arriving together one reader each', async () => {
    const pool = new PdfReaderPool(256, 2, PDF_PARSE);
    const bytes = await manyPagesPdf(12);
    const [a, b] = await Promise.all([pool.read(job(bytes)), pool.read(job(bytes))]);

    expect(pageTexts(a)).toEqual(expected);
    expect(pageTexts(b)).toEqual(expected);
    const counters = countersSent(post);
    expect(counters).toHaveLength(2);
    expect(counters[0]).not.toBe(counters[1]);
  });

  it('answers with the failure when the readers sharing a file cannot open it', async () => {
    const pool = new PdfReaderPool(256, 2, PDF_PARSE);
    const outcome = await pool.read(job(await passwordProtectedPdf()));

    expect(countersSent(post)).toHaveLength(2);
    expect(outcome).toMatchObject({ kind: 'answer', answer: { ok: false, name: 'PasswordException' } });
  });
});

describe('PdfReaderPool page by page', () => {
  it('hands each page over as soon as it is read, and the answer still holds them all', async () => {
    const pool = new PdfReaderPool(256, 2, PDF_PARSE);
    const seen: number[] = [];
    const outcome = await pool.read({ ...job(await manyPagesPdf(12)), onPage: (page) => seen.push(page.page) });

    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(pageTexts(outcome)).toHaveLength(12);
  });

  it('stops calling a page callback that throws, and still answers with every page', async () => {
    const pool = new PdfReaderPool(256, 1, PDF_PARSE);
    let calls = 0;
    const outcome = await pool.read({
      ...job(await manyPagesPdf(5)),
      onPage: () => {
        calls++;
        throw new Error('a bug in the caller');
      },
    });

    expect(calls).toBe(1);
    expect(pageTexts(outcome)).toEqual(Array.from({ length: 5 }, (_, i) => `${i + 1}:Page ${i + 1}`));
  });
});
