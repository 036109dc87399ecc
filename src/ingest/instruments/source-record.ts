import type { ColumnRef } from './instrument-template.schema';

/** A cell with where it sits; `header` is the text of its column header when there is one. */
export interface LocatedCell {
  sheet?: string;
  /** 1-based row / line number. */
  row: number;
  /** 0-based column index. */
  col: number;
  text: string;
  numeric?: string;
  header?: string;
}

export type SampleField = 'labSampleId' | 'sampleName' | 'batch' | 'sampleType' | 'injection';

/**
 * One (sample, analyte, value) found by a layout, before QC rules, units and calculation are applied.
 * Every layout capability produces these; everything after is shared.
 */
export interface SourceRecord {
  sample: Partial<Record<SampleField, LocatedCell>>;
  analyte: { name: string; cell?: LocatedCell };
  /** Unit split off the analyte header or group label (wide / two-header layouts). */
  headerUnit?: string;
  value: LocatedCell;
  loq?: LocatedCell;
  lod?: LocatedCell;
  flags: LocatedCell[];
  extra: LocatedCell[];
  /** Sample-level values kept in `extra` (block labels, workbook keys). */
  sampleExtra: Array<{ name: string; text: string }>;
  /** Another cell of the record's row, by column (calculation inputs, marker columns). */
  column(ref: ColumnRef): LocatedCell | undefined;
  /** A workbook key (key/value layouts only). */
  key(key: string, sheet?: string): LocatedCell | undefined;
  /** A labelled value of the record's block (sample-block layouts only). */
  label(labels: string[]): LocatedCell | undefined;
}

export interface LayoutOutput {
  records: SourceRecord[];
  warnings: string[];
}
