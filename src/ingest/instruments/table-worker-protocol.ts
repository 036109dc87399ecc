import { ImportRejected } from '../import-rejected.error';
import type { ParsedBatch } from '../parsed-batch';
import type { Detection, ParseContext } from '../source-adapter';
import type { InstrumentTemplate } from './instrument-template.schema';
import type { ReadLimits } from './table-file';

/** What the table worker is started with. */
export interface TableWorkerData {
  templates: InstrumentTemplate[];
  limits: ReadLimits;
}

/** The file as it crosses into the worker (a Buffer arrives as a plain Uint8Array). */
export interface JobFile {
  name: string;
  bytes: Uint8Array;
  sha256: string;
  mimeType?: string;
}

export type TableJob =
  | { id: number; op: 'detect'; file: JobFile }
  | { id: number; op: 'parse'; file: JobFile; ctx: ParseContext & { template: string } };

/** An error as it crosses back: `ImportRejected` keeps its reason and details, anything else its name and message. */
export type SentError =
  | { name: 'ImportRejected'; reason: string; details: ImportRejected['details'] }
  | { name: string; message: string; stack?: string };

export type TableAnswer =
  | { id: number; ok: true; op: 'detect'; detections: Detection[]; rejection?: SentError }
  | { id: number; ok: true; op: 'parse'; batch: ParsedBatch }
  | { id: number; ok: false; error: SentError };

export function sendError(error: unknown): SentError {
  if (error instanceof ImportRejected) return { name: 'ImportRejected', reason: error.reason, details: error.details };
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/** The same class and message the in-thread code would have thrown. */
export function receiveError(sent: SentError): Error {
  if ('reason' in sent) return new ImportRejected(sent.reason, sent.details);
  const error = new Error(sent.message);
  error.name = sent.name;
  if (sent.stack) error.stack = sent.stack;
  return error;
}
