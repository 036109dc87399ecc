import { Worker } from 'node:worker_threads';
import { ImportRejected } from '../import-rejected.error';
import { PDF_TEXT_WORKER_SOURCE } from './pdf-text.worker-source';

/** Bounds for reading one PDF. */
export interface PdfLimits {
  maxBytes: number;
  maxPages: number;
  timeoutMs: number;
  /** Heap limit of the worker that parses the file, in MB. */
  maxHeapMb?: number;
}

/** One positioned run of text as pdf.js reports it; `y` is the baseline, measured from the page top. */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size in points (vertical scale of the text matrix). */
  size: number;
  font?: string;
}

export interface PdfPageText {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  items: PdfTextItem[];
}

export interface PdfText {
  pages: PdfPageText[];
}

const DEFAULT_HEAP_MB = 256;
const PDF_MAGIC = '%PDF-';
/** pdf.js accepts the header anywhere in the first KiB, as Acrobat does. */
const MAGIC_WINDOW = 1024;
const EOF_WINDOW = 2048;

/**
 * Reads the positioned text of every page. Refuses, with `ImportRejected` and a stable `code`, files
 * that are too large, not PDFs, malformed or truncated, locked by a user password, longer than the page
 * limit, without any text layer, or that take too long or too much memory to parse. Files encrypted
 * with permissions only (empty user password) open normally.
 */
export async function readPdfText(bytes: Buffer, limits: PdfLimits): Promise<PdfText> {
  checkBytes(bytes, limits);
  const result = await runWorker(bytes, limits);
  const text = result.pages.reduce((n, p) => n + p.items.filter((i) => i.str.trim() !== '').length, 0);
  if (text === 0) {
    throw new ImportRejected('no text layer; scanned certificates are not supported', {
      code: 'no_text_layer',
      expected: 'a PDF with a text layer',
    });
  }
  return result;
}

function checkBytes(bytes: Buffer, limits: PdfLimits): void {
  if (bytes.length > limits.maxBytes) {
    throw new ImportRejected(`the file is ${bytes.length} bytes, over the limit of ${limits.maxBytes} bytes`, {
      code: 'too_large',
    });
  }
  if (!bytes.subarray(0, MAGIC_WINDOW).includes(PDF_MAGIC, 0, 'latin1')) {
    throw new ImportRejected('not a PDF: the file has no %PDF- header', { code: 'not_pdf', expected: 'a PDF file' });
  }
  if (!bytes.subarray(Math.max(0, bytes.length - EOF_WINDOW)).includes('%%EOF', 0, 'latin1')) {
    throw new ImportRejected('malformed PDF: the file ends without %%EOF (truncated?)', { code: 'malformed' });
  }
}

interface WorkerOk {
  ok: true;
  pages: PdfPageText[];
}
interface WorkerFailed {
  ok: false;
  name: string;
  message: string;
}

function runWorker(bytes: Buffer, limits: PdfLimits): Promise<PdfText> {
  return new Promise<PdfText>((resolve, reject) => {
    const worker = new Worker(PDF_TEXT_WORKER_SOURCE, {
      eval: true,
      workerData: {
        bytes: new Uint8Array(bytes),
        pdfParsePath: require.resolve('pdf-parse'),
        maxPages: limits.maxPages,
      },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb ?? DEFAULT_HEAP_MB },
    });
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new ImportRejected(`reading the PDF took longer than ${limits.timeoutMs} ms`, {
              code: 'timeout',
            }),
          ),
        ),
      limits.timeoutMs,
    );
    worker.once('message', (message: WorkerOk | WorkerFailed) =>
      finish(() => {
        if (message.ok) resolve({ pages: message.pages });
        // Our installation is broken, not the file: not a 422.
        else if (message.name === 'ReaderUnavailable') reject(new Error(`the PDF reader could not be loaded: ${message.message}`));
        else reject(rejectionFor(message, limits));
      }),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      finish(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ImportRejected(
                `reading the PDF needed more than ${limits.maxHeapMb ?? DEFAULT_HEAP_MB} MB of memory`,
                { code: 'too_complex' },
              )
            : new ImportRejected(`malformed PDF: ${error.message}`, { code: 'malformed' }),
        ),
      ),
    );
    worker.once('exit', (code) =>
      finish(() => reject(new ImportRejected(`malformed PDF: the reader stopped (exit ${code})`, { code: 'malformed' }))),
    );
  });
}

function rejectionFor(failure: WorkerFailed, limits: PdfLimits): ImportRejected {
  switch (failure.name) {
    case 'TooManyPages':
      return new ImportRejected(`the PDF has ${failure.message} pages, over the limit of ${limits.maxPages}`, {
        code: 'too_many_pages',
      });
    case 'PasswordException':
      return new ImportRejected('the PDF is protected by a password; upload a copy without a password', {
        code: 'password_protected',
        expected: 'a PDF that opens without a password',
      });
    default:
      return new ImportRejected(`malformed PDF: ${failure.message}`, { code: 'malformed' });
  }
}
