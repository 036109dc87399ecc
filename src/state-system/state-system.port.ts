import type { ProductType } from '../catalog';
import type { SubmissionPayload } from '../outbox/submission-payload';
import type { SendabilityProblem } from '../outbox/sendability';
import type { StateSystemName } from '../config/app-config';
import type { FailureKind } from './failure-classification';
import type { NeededAction } from './needed-action';

/** Injection token of the configured state system (see the registry in state-system.provider.ts). */
export const STATE_SYSTEM = Symbol('StateSystem');

/**
 * The state seed-to-sale system as the service needs it, whichever vendor runs it. Every identifier the state
 * issues travels as an opaque string (`stateRef`); UIDs are the state's tags in its own format. Every failure is a
 * `StateSystemFailure` that says whether trying again is safe (`retryable`), may repeat an effect that already
 * happened (`ambiguous`), or cannot help (`permanent`).
 */
export interface StateSystem {
  readonly kind: StateSystemName;
  /** `simulator` (a built-in simulator) or the live base URL: a submission is sent only where it was approved. */
  readonly endpoint: string;
  /** For logs and health: which system, where. */
  readonly description: string;
  /** Checks the credentials (BioTrack: opens a session; Metrc: the facilities probe). */
  login(): Promise<void>;
  /** Cheap read that proves the system answers with our credentials (for /health). */
  probe(): Promise<void>;
  /** Something a person must fix before anything is sent (a revoked key); null when all is well. */
  alert?(): string | null;
  /** What /health shows beyond reachability (Metrc: the mapping's mismatches with Metrc's lab test types). */
  healthDetails?(): Record<string, unknown>;
  /** Every sample transfer addressed to the lab, received or not. */
  inboundTransfers(): Promise<InboundTransfer[]>;
  /** Accepts a whole inbound transfer; null when the state system has no API for it (a person receives it there). */
  readonly receiveTransfer: ((transferId: string, idempotencyKey: string) => Promise<ReceivedTransfer>) | null;
  /** What a licensee sees for a UID it holds (its own keys): the item's QA status and lab samples with results. */
  pullResults(uid: string, account: LicenseeAccount): Promise<LicenseeView | null>;
  /**
   * "Can you send this?" without sending: what the mapping would refuse or drop (a qualifier it cannot encode, an
   * analyte with no mapping, a sample without a UID), from what the adapter already holds (mapping, cached catalogue).
   */
  checkSendable(payload: SubmissionPayload): SendabilityProblem[];
  /**
   * "Do you hold this sample, and has the lab received it?", asked live before submit and approve with read-only
   * calls (never sending results). Never rejects: a system that cannot be asked answers `unchecked` with why.
   */
  sampleHolding(sample: SampleRef): Promise<SampleHolding>;
  /** The write side: how one submission is carried out, step by step. */
  readonly reporting: ReportingProtocol;
}

/**
 * A submission as a sequence of steps the adapter owns (BioTrack: one send; Metrc: resolve, record, verify, release).
 * The outbox persists the step reached and the state each step returns, so a submission resumes at its step after
 * a crash and a completed step is never run again.
 */
export interface ReportingProtocol {
  firstStep(kind: SubmissionKind): string;
  /**
   * Runs one step. When `ctx.mayHaveApplied`, an earlier run of this step may have taken effect (it failed
   * ambiguously, or its sender died mid-step): the adapter must find out before it sends anything again.
   */
  runStep(step: string, ctx: StepContext): Promise<StepOutcome>;
}

export type SubmissionKind = 'post' | 'amend';

export interface StepContext {
  kind: SubmissionKind;
  payload: SubmissionPayload;
  idempotencyKey: string;
  /** What earlier steps of this submission returned (persisted). */
  state: Readonly<Record<string, unknown>>;
  mayHaveApplied: boolean;
  /** The certificate this service renders for the result set (PDF). */
  certificate: () => Promise<{ fileName: string; bytes: Buffer }>;
}

export type StepOutcome =
  /** Go on with `next`; `state` is merged into the submission's step state. */
  | { next: string; state?: Record<string, unknown>; audit?: Record<string, unknown> }
  /** The submission is complete. */
  | { done: true; transactionId: string | null; state?: Record<string, unknown>; audit: Record<string, unknown> }
  /** The submission stops at `status` until a person acts; `next` is where it resumes when released. */
  | { hold: HeldStatus; next: string | null; reason: string; state?: Record<string, unknown>; audit?: Record<string, unknown> };

export type HeldStatus = 'awaiting_release' | 'manual_correction_required';

export class StateSystemFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** `action`: what a person must do about a permanent refusal (see needed-action.ts); else judged from `status`. */
    readonly details: { status?: number; code?: string; retryAfterMs?: number; action?: NeededAction } = {},
  ) {
    super(message);
    this.name = 'StateSystemFailure';
  }
}

/** The sample a holding question is about: its UID (tag) and the state's id of the lab sample, when known. */
export interface SampleRef {
  labSampleId: string;
  uid: string | null;
  stateRef: string | null;
}

/**
 * The state system's answer about one sample: `held` (it exists and the lab has received it), `not_held` (the system
 * has no such sample for the lab), `not_received` (it exists but the lab has not received it), each with the reason
 * and fix in plain words; `unchecked` when the question could not be asked (unreachable, key refused, bad answer).
 */
export type SampleHolding =
  | { answer: 'held' }
  | { answer: 'not_held' | 'not_received'; reason: string; fix: string }
  | { answer: 'unchecked'; reason: string };

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
  /** The sample's own UID (tag). */
  uid: string;
  /** The lot the sample was drawn from. */
  parentUid: string | null;
  inventoryType: string;
  /** Our product type for the state's item type (mapping file), or null when the mapping has none. */
  productType: ProductType | null;
  productName: string | null;
  received: boolean;
  rejected: boolean;
  /** The state's id of the lab's sample once it was received. */
  stateRef: string | null;
}

export interface ReceivedTransfer {
  transactionId: string;
  samples: Array<{ uid: string; stateRef: string }>;
}

export interface StateSample {
  stateRef: string;
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

/** A licensee's own state-system credentials, which the service may use on its behalf (each system's kind). */
export type LicenseeAccount = BiotrackLicenseeAccount | MetrcLicenseeAccount;

export interface BiotrackLicenseeAccount {
  ubi: string;
  license: string;
  username: string;
  password: string;
}

/** Metrc: the licensee's own user key (with the integrator's vendor key) and its license number. */
export interface MetrcLicenseeAccount {
  license: string;
  userKey: string;
}

export interface LicenseeView {
  uid: string;
  qaStatus: string;
  samples: StateSample[];
}
