import type { AnalyteCandidate } from '../catalog';
import { DomainError } from '../common/errors';
import type { ReadinessItem } from './release-readiness';
import { describeContributions, type TwoPersonBlock } from './review-rules';

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

/** The approver created, submitted or contributed results to the result set, and one-person approval is off. */
export class TwoPersonRuleViolation extends DomainError {
  readonly status = 403;
  constructor(approver: string, block: NonNullable<TwoPersonBlock>) {
    const what =
      block.role === 'contributed'
        ? `contributed to this result set (${describeContributions(block.contributions)})`
        : `${block.role} this result set`;
    super(`two-person rule: ${approver} ${what}, so someone else must approve it`, {
      rule: 'two-person',
      approver,
      role: block.role,
      ...(block.role === 'contributed' ? { contributions: block.contributions } : {}),
    });
  }
}

/** Approval of a set whose sources disagree on some analytes. */
export class UnresolvedConflicts extends DomainError {
  readonly status = 409;
  constructor(readonly analytes: string[]) {
    super(`unresolved conflicts between sources for ${analytes.join(', ')}: resolve them in the draft before approval`, {
      analytes,
    });
  }
}

/** An amendment change the catalog refuses; names the change and, for an unknown analyte, the candidates. */
export class AmendmentRefused extends DomainError {
  readonly status = 400;
  constructor(field: string, message: string, candidates?: AnalyteCandidate[]) {
    super(`${field}: ${message}`, { field, ...(candidates ? { candidates } : {}) });
  }
}

/** Submit or approve while items that block release remain; the answer lists every item with its reason and fix. */
export class ReleaseNotReady extends DomainError {
  readonly status = 409;
  override readonly body: Record<string, unknown>;
  constructor(
    id: string,
    verb: 'submitted' | 'approved',
    readonly readiness: ReadinessItem[],
    remaining: ReadinessItem[],
  ) {
    super(`result set ${id} cannot be ${verb} yet: ${remaining.map((i) => i.reason).join('; ')}`);
    this.body = { readiness };
  }
}
