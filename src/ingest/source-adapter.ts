import type { ImportRejected } from './import-rejected.error';
import type { ParsedBatch, PrepData } from './parsed-batch';

/** The uploaded bytes as the pipeline sees them. */
export interface SourceFileInput {
  /** Original file name (display only; never used as a path). */
  name: string;
  bytes: Buffer;
  sha256: string;
  mimeType?: string;
}

export interface ParseContext {
  /** Explicit template / layout id chosen by the uploader; wins over detection. */
  template?: string;
  /** Preparation data sent with the upload; applies to every sample in the file unless the file says otherwise. */
  prep?: PrepData;
  /** Column mapping for the generic long / wide templates, e.g. `{ sampleId: "Sample", analyte: "Compound" }`. */
  mapping?: Record<string, string>;
  /** The unit the instrument reports in when the file states none, from the lab method of the import. */
  defaultUnit?: string;
}

/** The answer to "can this adapter read this file, and with which template?". */
export interface Detection {
  template: string;
  /** Higher wins when several templates match (e.g. a specific layout over a generic one). */
  score: number;
}

/**
 * A file opened by one adapter. It holds what the adapter read of the file (a certificate's text, a table) for the
 * detection, parse and explanation that follow, and is dropped with the import: the adapter itself keeps nothing.
 */
export interface OpenedFile {
  /** Templates the adapter can apply to the file, best first; empty when it cannot read it. */
  detections(): Promise<Detection[]>;
  /** Parses the whole file; throws `ImportRejected` naming the template, location and what was expected. */
  parse(ctx: ParseContext & { template: string }): Promise<ParsedBatch>;
  /** Why nothing was detected in a file the adapter would otherwise read (the 422 when no adapter fits). */
  explain(): Promise<ImportRejected>;
  /**
   * True when the file is of the kind this adapter reads (a certificate adapter's: a PDF), so that when no adapter
   * detects a template, its `explain` is the one the uploader reads. One adapter of those opening a file says so.
   */
  readonly ofItsKind: boolean;
}

/** One kind of source file (instrument exports, certificates). Stateless: each file is `open`ed on its own. */
export interface SourceAdapter {
  readonly kind: 'instrument' | 'coa';
  /** Opens a file; a certificate's text starts being read at once, off the event loop. Never throws. */
  open(file: SourceFileInput): OpenedFile;
  /** True when `template` is one of this adapter's template ids. */
  hasTemplate(template: string): boolean;
  /** Template ids and titles, for pickers. */
  listTemplates(): Array<{ id: string; title: string; auto: boolean }>;
}

export const SOURCE_ADAPTERS = Symbol('SOURCE_ADAPTERS');
