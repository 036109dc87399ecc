import type { AnalyteCandidate } from '../catalog';
import { DomainError } from '../common/errors';

/** A transition asked of a result set in a state that does not allow it (or that changed meanwhile). */
export class InvalidTransition extends DomainError {
  readonly status = 409;
  constructor(id: string, current: string, verb: string, allowedFrom: readonly string[]) {
    super(`result set ${id} is ${current}; only a result set that is ${allowedFrom.join(' or ')} can be ${verb}`, {
      status: current,
      allowedFrom,
    });
  }
}

/** The approver created or submitted the result set, and one-person approval is off. */
export class TwoPersonRuleViolation extends DomainError {
  readonly status = 403;
  constructor(approver: string, role: 'created' | 'submitted') {
    super(`two-person rule: ${approver} ${role} this result set, so someone else must approve it`, { rule: 'two-person', approver, role });
  }
}

/** Approval of a set whose sources disagree on some analytes. */
export class UnresolvedConflicts extends DomainError {
  readonly status = 409;
  constructor(readonly analytes: string[]) {
    super(`unresolved conflicts between sources for ${analytes.join(', ')}: resolve them in the draft before approval`, { analytes });
  }
}

/** An amendment change the catalog refuses; names the change and, for an unknown analyte, the candidates. */
export class AmendmentRefused extends DomainError {
  readonly status = 400;
  constructor(field: string, message: string, candidates?: AnalyteCandidate[]) {
    super(`${field}: ${message}`, { field, ...(candidates ? { candidates } : {}) });
  }
}
