import {
  imageOnlyPdf,
  LIMS_LIKE,
  malformedPdf,
  passwordProtectedPdf,
  permissionsOnlyCertificate,
  truncatedPdf,
} from '../../generators/coa/make-pdfs';
import {
  deeplyNestedArrayPdf,
  deeplyNestedResourcesPdf,
  flateBombPdf,
  loopingPageTreePdf,
  slowContentPdf,
  thousandsOfPagesPdf,
} from '../../generators/hostile/pdfs';
import { registerSamples, upload } from '../../support/lab-setup';
import { startTestApp, type TestApp } from '../../support/test-app';
import { RssSampler, storedCounts } from './hostile-support';

const TIMEOUT_MS = 3000;
const MEMORY_MB = 256;
const MAX_PAGES = 100;

/**
 * Every refusal comes back within the reader's time limit plus the worker's start and teardown, and the
 * process grows by at most the reader's memory budget plus what one request costs besides (the upload
 * in memory, the worker's own start, the last watch interval): 64 MB.
 */
const WITHIN_MS = TIMEOUT_MS + 2000;
const WITHIN_MB = MEMORY_MB + 64;

describe('hostile PDFs', () => {
  let t: TestApp;
  let tech: string;
  let rss: RssSampler;
  beforeAll(async () => {
    t = await startTestApp({
      PDF_TIMEOUT_MS: String(TIMEOUT_MS),
      PDF_MAX_MEMORY_MB: String(MEMORY_MB),
      PDF_MAX_PAGES: String(MAX_PAGES),
    });
    tech = await t.userToken('tara.tech', 'technician');
    await registerSamples(t.http, tech, [{ labSampleId: LIMS_LIKE.labSampleId }], LIMS_LIKE.clientLicense);
    rss = RssSampler.start();
  });
  afterAll(async () => {
    await rss.stop();
    await t.close();
  });

  interface Refusal {
    name: string;
    file: () => Buffer | Promise<Buffer>;
    code: string;
    message: string;
    /** A second refusal as good as the first: which of two limits a file reaches first depends on the machine. */
    orElse?: { code: string; message: string };
  }

  const REFUSALS: Refusal[] = [
    {
      name: 'a certificate locked with a user password',
      file: passwordProtectedPdf,
      code: 'password_protected',
      message:
        'the PDF is protected by a password; upload a copy without a password: expected a PDF that opens without a password',
    },
    {
      name: 'a scanned certificate (one image, no text)',
      file: imageOnlyPdf,
      code: 'no_text_layer',
      message: 'no text layer; scanned certificates are not supported: expected a PDF with a text layer',
    },
    { name: 'a PDF without structure', file: malformedPdf, code: 'malformed', message: 'malformed PDF: Invalid PDF structure.' },
    {
      name: 'the first half of a certificate',
      file: truncatedPdf,
      code: 'malformed',
      message: 'malformed PDF: the file ends without %%EOF (truncated?)',
    },
    {
      name: 'a page tree that contains itself',
      file: loopingPageTreePdf,
      code: 'malformed',
      message: 'malformed PDF: Pages tree contains circular reference.',
    },
    {
      name: 'a 5,000-page PDF of 800 KB',
      file: () => thousandsOfPagesPdf(5000),
      code: 'too_many_pages',
      message: `the PDF has 5000 pages, over the limit of ${MAX_PAGES}`,
    },
    {
      name: 'page resources nested 100,000 dictionaries deep',
      file: () => deeplyNestedResourcesPdf(100_000),
      code: 'too_complex',
      message: 'the PDF nests its objects too deeply to read',
    },
    {
      name: 'a catalog holding an array nested 1,000,000 deep (pdf.js gives up on the catalog)',
      file: () => deeplyNestedArrayPdf(1_000_000),
      code: 'malformed',
      message: 'malformed PDF: Invalid Root reference.',
    },
    {
      name: 'a 1 MB PDF whose content stream inflates to 1 GiB',
      file: () => flateBombPdf(1024),
      code: 'too_complex',
      message: `reading the PDF needed more than ${MEMORY_MB} MB of memory`,
      // Inflating it is slow as well as large: on a loaded machine the time limit can stop it first.
      orElse: { code: 'timeout', message: `reading the PDF took longer than ${TIMEOUT_MS} ms` },
    },
    {
      name: 'a page of 12 million no-op operators',
      file: () => slowContentPdf(12_000_000),
      code: 'timeout',
      message: `reading the PDF took longer than ${TIMEOUT_MS} ms`,
    },
  ];

  it.each(REFUSALS)('refuses $name with 422 $code within bounded time and memory, keeping only the rejection', async (c) => {
    const bytes = await c.file();
    const before = await storedCounts(t);
    const { value: res, ms, rssGrowthMb } = await rss.measure(() => upload(t.http, tech, { name: 'certificate.pdf', bytes }));

    expect(res.status).toBe(422);
    expect([{ code: c.code, message: c.message }, ...(c.orElse ? [c.orElse] : [])]).toContainEqual({
      code: res.body.details.code,
      message: res.body.message,
    });
    expect(ms).toBeLessThan(WITHIN_MS);
    expect(rssGrowthMb).toBeLessThan(WITHIN_MB);
    expect(await storedCounts(t)).toEqual({ ...before, rejected: before.rejected + 1, sourceFiles: before.sourceFiles + 1 });
  });

  it('reads a certificate encrypted with permissions only (no user password), as real certificates are', async () => {
    const before = await storedCounts(t);
    const res = await upload(t.http, tech, { name: 'permissions-only.pdf', bytes: await permissionsOnlyCertificate() }).expect(
      201,
    );

    expect(res.body).toMatchObject({ adapter: 'coa', unmatched: [] });
    expect(res.body.resultSets).toHaveLength(1);
    expect(res.body.resultSets[0].labSampleId).toBe(LIMS_LIKE.labSampleId);
    expect(res.body.resultSets[0].read).toBeGreaterThan(10);
    const after = await storedCounts(t);
    expect(after.results - before.results).toBeGreaterThan(10);
    expect(after.imported).toBe(before.imported + 1);
  });

  it('still reads a long certificate under the page limit (50 pages of one shared content stream)', async () => {
    const res = await upload(t.http, tech, { name: 'fifty-pages.pdf', bytes: thousandsOfPagesPdf(50) });

    // A valid PDF whose pages hold only a table header: read in full, then refused for what it lacks, not for its length.
    expect(res.status).toBe(422);
    expect({ code: res.body.details.code, message: res.body.message }).toEqual({
      code: 'no_results',
      message:
        'template coa-generic: no result table found on the certificate: expected a table headed like Analyte … Result (… LOQ, Limit, Status)',
    });
  });
});
