import { PDFParse } from 'pdf-parse';
import * as XLSX from 'xlsx';
import { PDF_DOCUMENT_OPTIONS, PDF_TEXT_CONTENT_OPTIONS } from '../src/ingest/coa/pdf-text.worker-source';

/** The floor for a spreadsheet or text export: SheetJS reading the same bytes into a workbook, nothing else. */
export function readWithSheetJs(bytes: Buffer): void {
  XLSX.read(bytes, { type: 'buffer', dense: true });
}

interface TextContentPage {
  getViewport(options: { scale: number }): unknown;
  getTextContent(options: typeof PDF_TEXT_CONTENT_OPTIONS): Promise<{ items: unknown[] }>;
  cleanup(): void;
}

interface LoadedDocument {
  numPages: number;
  getPage(n: number): Promise<TextContentPage>;
}

/**
 * The floor for a certificate: pdf.js (through pdf-parse, with the options the service's reader uses)
 * reading the positioned text of every page, in this thread, with no worker to start and nothing after.
 */
export async function extractWithPdfJs(bytes: Buffer): Promise<number> {
  const parser = new PDFParse({ ...PDF_DOCUMENT_OPTIONS, data: new Uint8Array(bytes) });
  try {
    // pdf-parse keeps the pdf.js document behind load(), as the service's reader does.
    const doc = await (parser as unknown as { load(): Promise<LoadedDocument> }).load();
    let items = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      page.getViewport({ scale: 1 });
      items += (await page.getTextContent(PDF_TEXT_CONTENT_OPTIONS)).items.length;
      page.cleanup();
    }
    return items;
  } finally {
    await parser.destroy();
  }
}
