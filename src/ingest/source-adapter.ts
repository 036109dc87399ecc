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

export interface SourceAdapter {
  readonly kind: 'instrument' | 'coa';
  /**
   * Starts, off the event loop, reading a file this adapter may be asked to detect or parse, while the service
   * checks whether the same bytes were imported before and keeps them. Never throws: a file it cannot read is
   * refused later, by `detect` or `parse`.
   */
  prefetch?(file: SourceFileInput): void;
  /** Templates this adapter can apply to the file, best first; empty when it cannot read it. */
  detect(file: SourceFileInput): Promise<Detection[]>;
  /** True when `template` is one of this adapter's template ids. */
  hasTemplate(template: string): boolean;
  /** Parse the whole file; throws `ImportRejected` naming the template, location and what was expected. */
  parse(file: SourceFileInput, ctx: ParseContext & { template: string }): Promise<ParsedBatch>;
  /** Why this adapter detected nothing in a file it would otherwise read (the 422 when no adapter fits). */
  explainRejection?(file: SourceFileInput): ImportRejected | Promise<ImportRejected>;
  /** Template ids and titles, for pickers. */
  listTemplates(): Array<{ id: string; title: string; auto: boolean }>;
}

export const SOURCE_ADAPTERS = Symbol('SOURCE_ADAPTERS');
