import { Worker } from 'node:worker_threads';
import * as XLSX from 'xlsx';
import { PDF_DOCUMENT_OPTIONS, PDF_TEXT_CONTENT_OPTIONS } from '../src/ingest/coa/pdf-text.worker-source';

/** The floor for a spreadsheet or text export: SheetJS reading the same bytes into a workbook, nothing else. */
export function readWithSheetJs(bytes: Buffer): void {
  XLSX.read(bytes, { type: 'buffer', dense: true });
}

/**
 * pdf.js (through pdf-parse, with the options the service's reader uses) reading the positioned text of every
 * page, timed inside the thread that runs it. It runs in a worker thread of its own, never in the bench's main
 * thread, because loading pdf-parse installs core-js polyfills on that thread's globals — among them a
 * JavaScript `Array.prototype.push` — which would slow the service under test, whose main thread never loads it.
 */
const FLOOR_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const { PDFParse } = require(workerData.pdfParsePath);

async function extract(bytes) {
  const parser = new PDFParse({ ...workerData.documentOptions, data: bytes });
  try {
    const doc = await parser.load();
    let items = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      page.getViewport({ scale: 1 });
      items += (await page.getTextContent(workerData.textContentOptions)).items.length;
      page.cleanup();
    }
    return items;
  } finally {
    await parser.destroy();
  }
}

parentPort.on('message', ({ id, bytes }) => {
  const started = performance.now();
  extract(bytes).then(
    (items) => parentPort.postMessage({ id, ms: performance.now() - started, items }),
    (error) => parentPort.postMessage({ id, error: String((error && error.message) || error) }),
  );
});
`;

let floorWorker: Worker | undefined;
let nextJob = 0;

/** Milliseconds pdf.js takes to extract the text of every page of `bytes` (the floor for a certificate). */
export function pdfJsMs(bytes: Buffer): Promise<number> {
  floorWorker ??= startFloorWorker();
  const worker = floorWorker;
  const id = nextJob++;
  return new Promise<number>((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    const onMessage = (answer: { id: number; ms?: number; items?: number; error?: string }) => {
      if (answer.id !== id) return;
      done();
      if (answer.error !== undefined) reject(new Error(`pdf.js floor: ${answer.error}`));
      else if (!answer.items) reject(new Error('pdf.js floor: the file gave no text'));
      else resolve(answer.ms!);
    };
    // A worker that dies (pdf-parse missing, out of memory) fails the bench instead of leaving it waiting.
    const onError = (error: Error) => {
      done();
      if (floorWorker === worker) floorWorker = undefined;
      reject(new Error(`pdf.js floor: the worker stopped: ${error.message}`));
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.postMessage({ id, bytes: new Uint8Array(bytes) });
  });
}

function startFloorWorker(): Worker {
  const worker = new Worker(FLOOR_WORKER_SOURCE, {
    eval: true,
    workerData: {
      pdfParsePath: require.resolve('pdf-parse'),
      documentOptions: PDF_DOCUMENT_OPTIONS,
      textContentOptions: PDF_TEXT_CONTENT_OPTIONS,
    },
  });
  worker.unref();
  return worker;
}
