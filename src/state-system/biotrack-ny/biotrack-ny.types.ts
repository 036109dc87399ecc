import type { StateResult } from '../state-system.port';

/** A lab sample as BioTrack NY holds it: its LabSample ID is a number. */
export interface BiotrackSample {
  stateSampleId: number;
  uid: string;
  parentUid: string | null;
  status: string;
  certificateUrl: string | null;
  results: StateResult[];
}

export interface WriteReceipt {
  transactionId: string;
  /** Results the mapping did not send (not in the state's catalogue, or a qualifier sent as nothing), and why. */
  skipped: Array<{ analyte: string; reason: string }>;
}

export interface HeldCheck {
  held: boolean;
  /** The state's transaction that wrote the held results, when `held`. */
  transactionId: string | null;
}

export interface StateTest {
  id: number;
  name: string;
  panels: Array<{ name: string; unit: string; recordOnly: boolean; total: boolean }>;
}
