export {
  LimitEntrySchema,
  LimitTableError,
  LimitTableSchema,
  parseLimitTable,
  type AppliesTo,
  type Confidence,
  type LimitEntry,
  type LimitTable,
  type LimitTableIssue,
} from './limit-table.schemas';
export { selectLimitTable } from './select-limit-table';
export { appliesTo, findLimitEntry, requiredPanelsFor, type ProductScope } from './find-limit';
export { evaluateResult } from './evaluate-result';
export { evaluate, panelStatus } from './evaluate';
export { totalMismatchChecks } from './total-checks';
export { doseCapChecks, labelClaimChecks } from './product-checks';
export type {
  AppliedLimit,
  CheckKind,
  EvaluatedResult,
  Evaluation,
  EvaluationCheck,
  LabelClaim,
  PanelStatus,
  ProductContext,
  ResultStatus,
  Verdict,
} from './evaluation';
