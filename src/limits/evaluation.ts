import type { NormalizedResult, PanelKey, ProductType, Route, TypeOfUse } from '../catalog';

/**
 * How one result stands against the table:
 * - pass / fail: compared with a numeric limit or an absence rule
 * - report_only: the table says the analyte is reported without a limit
 * - not_tested: the result says it was not tested (NT), or was not reported (NR) where a limit applies
 * - no_limit: "no limit loaded" — the table has no limit for this analyte and product (or knows one
 *   exists but not its value); never a pass
 * - indeterminate: a limit applies but the result cannot show compliance (e.g. `<LOQ` with the LOQ
 *   above the limit, `PRESENT` against a number, `TIC`, `NA`)
 */
export type ResultStatus = 'pass' | 'fail' | 'report_only' | 'not_tested' | 'no_limit' | 'indeterminate';

/** A panel is `incomplete` when any of its results is not_tested, no_limit or indeterminate (and none failed). */
export type PanelStatus = 'pass' | 'fail' | 'report_only' | 'not_tested' | 'incomplete';

export type Verdict = 'pass' | 'fail' | 'incomplete';

export interface AppliedLimit {
  kind: 'max' | 'absent' | 'not_detected' | 'report_only';
  /** Numeric maximum in `unit` (kind `max`). */
  value: string | null;
  /** The rule in words for the other kinds ("Absent", "Report only"). */
  text: string | null;
  unit: string;
  source: string;
  confidence: string;
  /** Id of the limit table the limit came from. */
  table: string;
  carriedOverFrom?: string;
}

export type EvaluatedResult = NormalizedResult & {
  status: ResultStatus;
  appliedLimit: AppliedLimit | null;
  /** Why, when the status needs explaining, and any disagreement between the printed and applied limit. */
  note?: string;
};

export type CheckKind = 'label_claim' | 'serving_cap' | 'package_cap' | 'total_mismatch';

export interface EvaluationCheck {
  kind: CheckKind;
  analyte: string;
  ok: boolean;
  /** `unchecked` when the data needed for the check is missing (ok is then false). */
  status: 'pass' | 'fail' | 'unchecked';
  message: string;
  printed?: string;
  computed?: string;
  difference?: string;
  tolerance?: string;
  measured?: string;
  claimed?: string;
  percentOfClaim?: string;
  limit?: string;
}

export interface Evaluation {
  results: EvaluatedResult[];
  panels: Record<string, PanelStatus>;
  verdict: Verdict;
  checks: EvaluationCheck[];
  /** Id of the limit table applied. */
  table: string;
  /** Panels this product needs results for (from the table). */
  requiredPanels: PanelKey[];
}

export interface LabelClaim {
  analyte: string;
  value: string;
  unit: string;
}

export interface ProductContext {
  productType: ProductType;
  route: Route;
  typeOfUse?: TypeOfUse;
  labelClaims?: LabelClaim[];
  servingsPerPackage?: string;
  /** Mass of one serving in grams. */
  unitMassGrams?: string;
}
