/**
 * Source of a worker thread that runs pdf.js (through pdf-parse) on PDFs, one at a time.
 *
 * Why a worker thread: pdf.js parses on the thread that calls it, so a hostile or broken file can
 * keep the event loop busy past any timer and grow the heap without bound. A worker can be
 * terminated on timeout and runs under its own heap limit. It also loads pdf.js's own worker module
 * with Node's native `import()`, which Jest's sandbox does not offer to code running inside it.
 * The worker stays up between files (see `PdfReaderPool`): loading pdf.js costs several times what
 * reading a certificate does.
 *
 * The worker gets `{ pdfParsePath, documentOptions, textContentOptions }` as workerData, then messages
 * `{ id, bytes, maxPages, nextPage }`, reads the pages it claims from `nextPage` (a counter in shared memory that
 * other workers reading the same file claim pages from too), sends each page as `{ id, page }` as soon as it is
 * read, and ends each job with `{ id, ok: true }` or `{ id, ok: false, name, message }`.
 * It never touches the network: the data is passed in memory, no font/CMap/wasm URLs are given
 * (pdf.js then uses built-in metrics for the 14 standard fonts) and eval is disabled. Unicode
 * normalisation is off so the text stays as printed (pdf.js would turn the micro sign into a Greek mu).
 */
export const PDF_DOCUMENT_OPTIONS = {
  verbosity: 0,
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  useWorkerFetch: false,
  disableAutoFetch: true,
  disableStream: true,
  disableRange: true,
  stopAtErrors: false,
} as const;

export const PDF_TEXT_CONTENT_OPTIONS = { includeMarkedContent: false, disableNormalization: true } as const;

/** The worker gets the options above in workerData, so the bench's pdf.js floor reads with exactly the same ones. */
export const PDF_TEXT_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');

let PDFParse;
let loadError;
try {
  PDFParse = require(workerData.pdfParsePath).PDFParse;
} catch (error) {
  loadError = error;
}

async function read(job) {
  const parser = new PDFParse({ ...workerData.documentOptions, data: job.bytes });
  try {
    // pdf-parse keeps the pdf.js document behind load(); its public getText() drops positions.
    const doc = await parser.load();
    if (doc.numPages > job.maxPages) {
      return { ok: false, name: 'TooManyPages', message: String(doc.numPages) };
    }
    const next = new Int32Array(job.nextPage);
    for (let n = Atomics.add(next, 0, 1) + 1; n <= doc.numPages; n = Atomics.add(next, 0, 1) + 1) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent(workerData.textContentOptions);
      const items = [];
      for (const item of content.items) {
        if (typeof item.str !== 'string' || item.str.length === 0) continue;
        const t = item.transform;
        // Rotated or skewed runs (stamps, vertical margin text) are not part of the tables.
        if (Math.abs(t[1]) > 0.01 || Math.abs(t[2]) > 0.01) continue;
        const p = viewport.convertToViewportPoint(t[4], t[5]);
        const size = Math.abs(t[3]) || item.height || 0;
        items.push({ str: item.str, x: p[0], y: p[1], width: item.width, size, font: item.fontName });
      }
      parentPort.postMessage({ id: job.id, page: { page: n, width: viewport.width, height: viewport.height, items } });
      page.cleanup();
    }
    return { ok: true };
  } finally {
    await parser.destroy();
  }
}

parentPort.on('message', (job) => {
  if (!PDFParse) {
    parentPort.postMessage({ id: job.id, ok: false, name: 'ReaderUnavailable', message: String(loadError && loadError.message) });
    return;
  }
  read(job).then(
    (result) => parentPort.postMessage({ id: job.id, ...result }),
    (error) => parentPort.postMessage({
      id: job.id,
      ok: false,
      name: (error && error.name) || 'Error',
      message: (error && error.message) || String(error),
    }),
  );
});
`;
