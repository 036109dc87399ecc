import {
  imageOnlyPdf,
  limsLikeCertificate,
  malformedPdf,
  manyPagesPdf,
  notAPdf,
  passwordProtectedPdf,
  permissionsOnlyCertificate,
  truncatedPdf,
} from '../../../test/generators/coa/make-pdfs';
import { deeplyNestedResourcesPdf, flateBombPdf } from '../../../test/generators/hostile/pdfs';
import { ImportRejected } from '../import-rejected.error';
import { readPdfText, type PdfLimits } from './pdf-text';

const LIMITS: PdfLimits = { maxBytes: 5 * 1024 * 1024, maxPages: 20, timeoutMs: 20_000 };
/** Every refusal comes back well inside this, whatever the file. */
const PROMPTLY_MS = 10_000;

describe('readPdfText', () => {
  interface Refusal {
    name: string;
    make: () => Buffer | Promise<Buffer>;
    limits?: Partial<PdfLimits>;
    code: string;
    message: string;
  }

  it.each<Refusal>([
    {
      name: 'a file that is not a PDF',
      make: notAPdf,
      code: 'not_pdf',
      message: 'not a PDF: the file has no %PDF- header: expected a PDF file',
    },
    {
      name: 'a truncated PDF',
      make: truncatedPdf,
      code: 'malformed',
      message: 'malformed PDF: the file ends without %%EOF (truncated?)',
    },
    { name: 'a PDF without structure', make: malformedPdf, code: 'malformed', message: 'malformed PDF: Invalid PDF structure.' },
    {
      name: 'a PDF locked by a password',
      make: passwordProtectedPdf,
      code: 'password_protected',
      message:
        'the PDF is protected by a password; upload a copy without a password: expected a PDF that opens without a password',
    },
    {
      name: 'a scanned certificate (image only)',
      make: imageOnlyPdf,
      code: 'no_text_layer',
      message: 'no text layer; scanned certificates are not supported: expected a PDF with a text layer',
    },
    {
      name: 'a PDF with more pages than allowed',
      make: () => manyPagesPdf(6),
      limits: { maxPages: 5 },
      code: 'too_many_pages',
      message: 'the PDF has 6 pages, over the limit of 5',
    },
    {
      name: 'a PDF that takes too long',
      make: limsLikeCertificate,
      limits: { timeoutMs: 1 },
      code: 'timeout',
      message: 'reading the PDF took longer than 1 ms',
    },
  ])('refuses $name with code $code, promptly, saying why', async ({ make, limits, code, message }) => {
    const bytes = await make();
    const started = Date.now();
    const error = await readPdfText(bytes, { ...LIMITS, ...limits }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    expect(error).toBeInstanceOf(ImportRejected);
    expect({ code: (error as ImportRejected).details.code, message: (error as ImportRejected).message }).toEqual({
      code,
      message,
    });
  });

  it('refuses a file over the size limit before reading it', async () => {
    const bytes = await limsLikeCertificate();
    const error = await readPdfText(bytes, { ...LIMITS, maxBytes: 1000 }).catch((e: unknown) => e);
    expect((error as ImportRejected).details.code).toBe('too_large');
    expect((error as ImportRejected).message).toBe(`the file is ${bytes.length} bytes, over the limit of 1000 bytes`);
  });

  it('refuses a file that needs more memory than allowed', async () => {
    const bytes = await limsLikeCertificate();
    const error = await readPdfText(bytes, { ...LIMITS, maxHeapMb: 1 }).catch((e: unknown) => e);
    expect((error as ImportRejected).details.code).toBe('too_complex');
  });

  it('refuses a small file whose content stream inflates to 1 GiB when the process grows past the memory budget', async () => {
    const started = Date.now();
    const before = process.memoryUsage.rss();
    const error = await readPdfText(flateBombPdf(1024), { ...LIMITS, maxGrowthMb: 64 }).catch((e: unknown) => e);

    expect({ code: (error as ImportRejected).details.code, message: (error as ImportRejected).message }).toEqual({
      code: 'too_complex',
      message: 'reading the PDF needed more than 64 MB of memory',
    });
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    // Settled within a watch interval of crossing the budget (the worker is gone, its buffers with it).
    expect(process.memoryUsage.rss() - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('refuses objects nested 100,000 deep (pdf.js recursion exhausts its stack) as too complex', async () => {
    const error = await readPdfText(deeplyNestedResourcesPdf(100_000), LIMITS).catch((e: unknown) => e);

    expect({ code: (error as ImportRejected).details.code, message: (error as ImportRejected).message }).toEqual({
      code: 'too_complex',
      message: 'the PDF nests its objects too deeply to read',
    });
  });

  it('reads a PDF encrypted with permissions only (empty user password) like any other', async () => {
    const text = await readPdfText(await permissionsOnlyCertificate(), LIMITS);
    expect(text.pages).toHaveLength(3);
    expect(text.pages[0].items.map((i) => i.str)).toContain('Sample: 2601TST0001-0001');
  });

  it('gives every text run its position, baseline measured from the top of the page', async () => {
    const text = await readPdfText(await limsLikeCertificate(), LIMITS);
    const sample = text.pages[0].items.find((i) => i.str === 'Sample: 2601TST0001-0001');
    expect(sample).toMatchObject({ x: 380, size: 13 });
    expect(sample?.y).toBeGreaterThan(96);
    expect(sample?.y).toBeLessThan(112);
  });

  it('keeps the characters as printed: Greek letters, the micro sign and lost ligature glyphs', async () => {
    const text = await readPdfText(await limsLikeCertificate(), LIMITS);
    const strings = text.pages.flatMap((p) => p.items.map((i) => i.str));
    expect(strings).toEqual(expect.arrayContaining(['Δ9-THC', 'β-Myrcene', 'µg/g', 'A\u0000atoxin B1']));
  });
});
