import * as os from 'node:os';
import { ImportRejected } from '../import-rejected.error';
import { PdfReaderPool, type WorkerAnswer } from './pdf-reader-pool';

/** Bounds for reading one PDF. */
export interface PdfLimits {
  maxBytes: number;
  maxPages: number;
  timeoutMs: number;
  /** Heap limit of the worker that parses the file, in MB. */
  maxHeapMb?: number;
  /**
   * How far the process's resident memory may grow while the file is read, in MB. The heap limit does not
   * cover the buffers pdf.js inflates streams into, so a small file with a compressed stream of gigabytes
   * would otherwise grow the whole service until it is killed.
   */
  maxGrowthMb?: number;
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
const DEFAULT_GROWTH_MB = 512;
const PDF_MAGIC = '%PDF-';
/** pdf.js accepts the header anywhere in the first KiB, as Acrobat does. */
const MAGIC_WINDOW = 1024;
const EOF_WINDOW = 2048;

/**
 * Reads the positioned text of every page. Refuses, with `ImportRejected` and a stable `code`, files
 * that are too large, not PDFs, malformed or truncated, locked by a user password, longer than the page
 * limit, without any text layer, or that take too long or too much memory to parse. Files encrypted
 * with permissions only (empty user password) open normally. `onPage` sees each page as soon as it is read,
 * in no particular order, so work on it can overlap the reading of the rest; the pages it saw may still be
 * refused as a whole.
 */
export async function readPdfText(bytes: Buffer, limits: PdfLimits, onPage?: (page: PdfPageText) => void): Promise<PdfText> {
  checkBytes(bytes, limits);
  const result = await runWorker(bytes, limits, onPage);
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

type WorkerFailed = Extract<WorkerAnswer, { ok: false }>;

/** One pool per heap limit, one reader per core. */
const pools = new Map<number, PdfReaderPool>();

function poolFor(heapMb: number): PdfReaderPool {
  let pool = pools.get(heapMb);
  if (!pool) {
    pool = new PdfReaderPool(heapMb, Math.max(1, os.availableParallelism()), require.resolve('pdf-parse'));
    pools.set(heapMb, pool);
  }
  return pool;
}

async function runWorker(bytes: Buffer, limits: PdfLimits, onPage?: (page: PdfPageText) => void): Promise<PdfText> {
  const heapMb = limits.maxHeapMb ?? DEFAULT_HEAP_MB;
  const growthMb = limits.maxGrowthMb ?? DEFAULT_GROWTH_MB;
  const outcome = await poolFor(heapMb).read({
    bytes: new Uint8Array(bytes),
    maxPages: limits.maxPages,
    timeoutMs: limits.timeoutMs,
    maxGrowthBytes: growthMb * 1024 * 1024,
    onPage,
  });
  switch (outcome.kind) {
    case 'answer':
      if (outcome.answer.ok) return { pages: outcome.answer.pages };
      // Our installation is broken, not the file: not a 422.
      if (outcome.answer.name === 'ReaderUnavailable')
        throw new Error(`the PDF reader could not be loaded: ${outcome.answer.message}`);
      throw rejectionFor(outcome.answer, limits);
    case 'timeout':
      throw new ImportRejected(`reading the PDF took longer than ${limits.timeoutMs} ms`, { code: 'timeout' });
    case 'memory':
      throw tooComplex(`reading the PDF needed more than ${growthMb} MB of memory`);
    case 'heap':
      throw tooComplex(`reading the PDF needed more than ${heapMb} MB of memory`);
    case 'crashed':
      throw new ImportRejected(`malformed PDF: ${outcome.message}`, { code: 'malformed' });
  }
}

function rejectionFor(failure: WorkerFailed, limits: PdfLimits): ImportRejected {
  // pdf.js parses nested arrays and dictionaries recursively, so a file nested deep enough exhausts the
  // stack; pdf.js passes the RangeError on under its own error name.
  if (/maximum call stack size exceeded/i.test(failure.message))
    return tooComplex('the PDF nests its objects too deeply to read');
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

function tooComplex(reason: string): ImportRejected {
  return new ImportRejected(reason, { code: 'too_complex' });
}
