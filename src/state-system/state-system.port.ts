import type { ProductType } from '../catalog';
import type { FailureKind } from './failure-classification';
import type { SubmissionPayload } from './submission-payload';

/** Injection token of the configured state system (BioTrack NY or the built-in simulator; later Metrc). */
export const STATE_SYSTEM = Symbol('StateSystem');

/**
 * The state seed-to-sale system as the service needs it. Identifiers are strings or plain integers exactly as the
 * state issues them; UIDs are always 16-digit strings. Every failure is a `StateSystemFailure` that says whether
 * trying again is safe (`retryable`), may repeat an effect that already happened (`ambiguous`), or cannot help
 * (`permanent`).
 */
export interface StateSystem {
  /** For logs and health: which system, where. */
  readonly description: string;
  /** Opens a session (also done on demand, and again once when the state system answers 401). */
  login(): Promise<void>;
  /** Every sample transfer addressed to the lab, received or not. */
  inboundTransfers(): Promise<InboundTransfer[]>;
  /** Accepts a whole inbound transfer; the key makes a repeated call harmless. */
  receiveTransfer(transferId: string, idempotencyKey: string): Promise<ReceivedTransfer>;
  /** One of the lab's samples by its UID or the state's sample id; null when the lab has no such sample. */
  findSample(ref: { uid: string } | { stateSampleId: number }): Promise<StateSample | null>;
  postResults(stateSampleId: number, payload: SubmissionPayload, idempotencyKey: string): Promise<WriteReceipt>;
  amendResults(stateSampleId: number, payload: SubmissionPayload, idempotencyKey: string): Promise<WriteReceipt>;
  /**
   * Whether `sample` already holds every result `payload` would send, with the same values: after an ambiguous
   * attempt this decides between "it was applied" and "send again".
   */
  holdsResults(sample: StateSample, payload: SubmissionPayload): Promise<HeldCheck>;
  /** What a licensee sees for a UID it holds (its own login): the item's QA status and lab samples with results. */
  pullResults(uid: string, account: LicenseeAccount): Promise<LicenseeView | null>;
  testCatalogue(): Promise<StateTest[]>;
}

export class StateSystemFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly details: { status?: number; code?: string; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'StateSystemFailure';
  }
}

export interface InboundTransfer {
  id: string;
  manifestId: string;
  fromLicense: string;
  toLicense: string;
  received: boolean;
  rejected: boolean;
  items: InboundItem[];
}

export interface InboundItem {
  itemId: string;
  /** The sample's own UID. */
  uid: string;
  /** The lot the sample was drawn from. */
  parentUid: string | null;
  inventoryType: string;
  /** Our product type for the state's InventoryType (mapping file), or null when the mapping has none. */
  productType: ProductType | null;
  productName: string | null;
  received: boolean;
  rejected: boolean;
  /** The state's sample id once the transfer was received. */
  stateSampleId: number | null;
}

export interface ReceivedTransfer {
  transactionId: string;
  samples: Array<{ uid: string; stateSampleId: number }>;
}

export interface StateSample {
  stateSampleId: number;
  uid: string;
  parentUid: string | null;
  status: string;
  certificateUrl: string | null;
  results: StateResult[];
}

export interface StateResult {
  testId: number;
  panel: string;
  value: number;
  pass: boolean;
  labProvided: boolean;
  note: string | null;
  transactionId: string;
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

export interface LicenseeAccount {
  ubi: string;
  license: string;
  username: string;
  password: string;
}

export interface LicenseeView {
  uid: string;
  qaStatus: string;
  samples: StateSample[];
}

export interface StateTest {
  id: number;
  name: string;
  panels: Array<{ name: string; unit: string; recordOnly: boolean; total: boolean }>;
}
