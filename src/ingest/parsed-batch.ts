/**
 * What every source adapter (instrument export, CoA PDF) produces before anything is
 * normalized, matched, evaluated or stored. Raw text only: names, values and units exactly as the source
 * printed them, with provenance precise enough to point a reviewer at the cell or line.
 */

import type { Provenance } from '../files/provenance';

export type { Provenance, ProvenanceNotes } from '../files/provenance';

/** Preparation data that turns a concentration measured in solution into a result in the sample. */
export interface PrepData {
  /** Sample mass in grams. */
  mass?: string;
  /** Extraction / final volume in millilitres. */
  volume?: string;
  /** Dilution factor (dimensionless). */
  dilution?: string;
}

/** A final-result calculation the adapter could not finish because an input was not in the file. */
export interface PendingCalculation {
  /** Operation id from the template, e.g. `concentration_to_mass_fraction`. */
  operation: string;
  /** The measured concentration text and its unit, as read. */
  measured: string;
  measuredUnit: string;
  /** Inputs found so far (from the file or the upload); missing ones are absent. */
  inputs: PrepData;
  /** Unit of the final result once computed. */
  resultUnit: string;
  /** Inputs still needed; `unit` when neither the file, the upload nor a lab method gives the measured unit. */
  missing: Array<keyof PrepData | 'unit'>;
}

export interface RawResultRow {
  /** Analyte name as printed (ligatures repaired, Greek letters kept). */
  name: string;
  /** Canonical analyte key when the source format itself says what the name means (a template's analyte map). */
  analyteKey?: string;
  /** Value text as printed: "26.82", "ND", "<LOQ", "-----", "No Cq", "Absent", "1,250". */
  valueText: string;
  unitText?: string;
  /**
   * The unit a certificate layout declares for rows of this panel that print none (microbials CFU/g, water
   * activity aw; "" for a presence test, which has none). Used only when `unitText` is absent.
   */
  unitFromLayout?: string;
  loqText?: string;
  lodText?: string;
  limitText?: string;
  /** Printed pass/fail/status text ("Pass", "Fail", "Tested", "Complete"). */
  statusText?: string;
  /** Panel named by the source section ("Heavy Metals", "Cannabinoids"), if any. */
  panelHint?: string;
  /** Extra printed columns worth keeping (e.g. the mg/g column beside %). */
  extra?: Record<string, string>;
  /** Set when an extractor is not sure it read this value right (generic layouts). */
  unsure?: string;
  /** Final-result calculation still waiting for preparation data. */
  pendingCalculation?: PendingCalculation;
  provenance: Provenance;
}

/** How the source names the sample; any of the fields may be absent. */
export interface SampleReference {
  labSampleId?: string;
  uid?: string;
  batch?: string;
  /** Whatever the source called the sample when it is none of the above (e.g. an instrument "Sample Name"). */
  sampleName?: string;
}

/** A total the source printed itself (compared with the computed one downstream). */
export interface PrintedTotal {
  /** Canonical key of the total, e.g. `total_thc`. */
  analyte: string;
  valueText: string;
  unitText?: string;
  provenance: Provenance;
}

export interface ParsedSample {
  ref: SampleReference;
  rows: RawResultRow[];
  /** Certificate-level facts (lab, client, dates, matrix...) keyed by the names in `CertificateMeta`. */
  meta?: CertificateMeta;
  /** Panel status as printed, keyed by the printed panel name. */
  panelStatus?: Record<string, string>;
  printedTotals?: PrintedTotal[];
  /** Preparation data found in the file for this sample (digestion log, Sheet1 keys...). */
  prep?: PrepData;
}

export interface CertificateMeta {
  lab?: string;
  labLicense?: string;
  labSampleId?: string;
  batch?: string;
  batchSize?: string;
  clientName?: string;
  clientLicense?: string;
  productName?: string;
  strain?: string;
  matrix?: string;
  typeOfUse?: string;
  sampleReceived?: string;
  sampleCollected?: string;
  testedOn?: string;
  reportCreated?: string;
  parentLot?: string;
  certificateNumber?: string;
  [key: string]: string | undefined;
}

export interface QcRow {
  /** blank, calibration, check, spike, duplicate, control, qc, reference_material, sample_type, internal_standard. */
  kind: string;
  sample: string;
  name: string;
  value: string;
  /** "Sheet!E564" or "O7". */
  cell: string;
}

export interface ParsedBatch {
  /** Which adapter produced this (`instrument`, `coa`); manual entry joins later, as `IncomingResult`s. */
  adapter: string;
  /** Template / layout id and version that parsed the file. */
  template: string;
  templateVersion: string;
  samples: ParsedSample[];
  /** Rows recognised as QC (blanks, calibration checks, spikes, duplicates, internal standards). */
  qcRowsSkipped: number;
  /** The QC rows themselves, for the reviewer (instrument exports): kind, sample, analyte, value and cell. */
  qcRows?: QcRow[];
  warnings: string[];
}
