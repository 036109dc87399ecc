/** Provenance: exactly where a value came from and what the service did to it. Shared by ingest/ and results/. */

/** What the service did to a printed value, for the reviewer (all optional; absent on values taken as printed). */
export interface ProvenanceNotes {
  /** The value and unit as printed in the cell, when the result is computed from it ("0.914 ppb"). */
  printed?: string;
  /** The computation from the printed value to the result ("× 102.5 mL/g ÷ 1000 = 0.0937 ug/g"). */
  computation?: string;
  /** The lab method (key and version) whose limits judged the result. */
  method?: string;
  /** The computed number of a result reported as ND / <LOQ / >ULOQ, kept for the reviewer. */
  computedValue?: string;
  below?: string;
  above?: string;
  /** The file's own final result for this row, with its unit ("<LOQ", "0.093685 ppm"), compared with the computed one. */
  printedFinal?: string;
}

/** Where one value came from. `sha256` is the content address of the stored upload. */
export type Provenance = ProvenanceNotes &
  (
    | {
        kind: 'cell';
        sha256: string;
        sheet?: string;
        /** 1-based row number as a spreadsheet shows it (for CSV/TXT: the 1-based line number). */
        row: number;
        /** Column letter as a spreadsheet shows it ("A", "AB"); for delimited text the same lettering. */
        column: string;
        /** Header of the column the value sits in, when there is one. */
        header?: string;
        /** Neighbouring cells of the same row, for the reviewer (a few, not the whole row). */
        context?: string[];
      }
    | {
        kind: 'text';
        sha256: string;
        /** 1-based page number. */
        page: number;
        /** 1-based line number on that page after lines are rebuilt from glyph positions. */
        line: number;
        /** The rebuilt line the value was read from. */
        context?: string;
        /** What the reader added that the page does not print ("unit from the layout, not printed"). */
        note?: string;
      }
    | { kind: 'field'; field: string; sha256?: string }
  );
