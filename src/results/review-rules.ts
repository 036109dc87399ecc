import { compareDecimals, normalizeResult, resolveAnalyte, type AnalyteCandidate, type NormalizedResult } from '../catalog';

/**
 * The review rules as plain functions: who may approve, what blocks approval, and what an amendment
 * changes. The service applies them inside its transactions.
 */

/** How a person contributed results to a version; every kind bars them from approving that version. */
export const CONTRIBUTION_KINDS = ['imported', 'entered', 'confirmed', 'corrected', 'resolved_conflict', 'amended'] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

/** One person's contribution of one kind to a version (recorded once per person and kind). */
export interface Contribution {
  by: string;
  as: ContributionKind;
}

/** The contributors with `by`'s contribution `as` added, or the same list when it is already recorded. */
export function withContribution(contributors: readonly Contribution[], by: string, as: ContributionKind): Contribution[] {
  if (contributors.some((c) => c.by === by && c.as === as)) return [...contributors];
  return [...contributors, { by, as }];
}

/** What each kind of contribution is called in a refusal: "<user> contributed to this result set (…)". */
const CONTRIBUTION_WORDS: Record<ContributionKind, string> = {
  imported: 'imported results into it',
  entered: 'entered values by hand',
  confirmed: 'confirmed pre-filled values',
  corrected: 'corrected values',
  resolved_conflict: 'resolved a conflict between sources',
  amended: 'amended the values',
};

export const describeContributions = (kinds: readonly ContributionKind[]): string =>
  kinds.map((k) => CONTRIBUTION_WORDS[k]).join(', ');

/** Why the two-person rule refuses an approver, or null when it does not. */
export type TwoPersonBlock =
  { role: 'created' } | { role: 'submitted' } | { role: 'contributed'; contributions: ContributionKind[] } | null;

/**
 * Nobody approves a version they created, submitted or contributed results to (imported into, entered,
 * confirmed, corrected, resolved a conflict of, amended), unless an admin allowed one-person approval.
 */
export function twoPersonRuleBlocks(
  approver: string,
  set: { createdBy: string; submittedBy: string | null; contributors: readonly Contribution[] },
  allowSelfApproval: boolean,
): TwoPersonBlock {
  if (allowSelfApproval) return null;
  if (set.createdBy === approver) return { role: 'created' };
  if (set.submittedBy === approver) return { role: 'submitted' };
  const mine = set.contributors.filter((c) => c.by === approver).map((c) => c.as);
  return mine.length > 0 ? { role: 'contributed', contributions: mine } : null;
}

/** One competing reading of an analyte, as the draft service records it on the existing result. */
export interface ConflictReading {
  value: string | null;
  qualifier: string | null;
  unit: string;
  reportedValue: string;
  reportedUnit: string;
  /** The reading's own LOQ and printed limit (readings stored before 2026-12 carry none). */
  loq?: string | null;
  limit?: string | null;
  limitText?: string | null;
  sha256: string | null;
  provenance: unknown;
}

/**
 * The file a conflicting reading came from: its own `sha256`, or its provenance's (readings drafted from an import
 * held only a reference to the file, so their `sha256` was stored empty).
 */
export function readingSha256(r: Pick<ConflictReading, 'sha256' | 'provenance'>): string | null {
  const fromProvenance = (r.provenance as { sha256?: unknown } | null)?.sha256;
  return r.sha256 ?? (typeof fromProvenance === 'string' ? fromProvenance : null);
}

/** The readings still waiting for a reviewer's choice; empty when there is no conflict or it was resolved. */
export function pendingReadings(conflict: Record<string, unknown> | null): ConflictReading[] {
  const values = conflict?.values;
  return Array.isArray(values) ? (values as ConflictReading[]).map((r) => ({ ...r, sha256: readingSha256(r) })) : [];
}

/** Analytes whose readings disagree and have not been resolved, in the order given. */
export function unresolvedConflicts(
  results: ReadonlyArray<{ analyte: string; conflict: Record<string, unknown> | null }>,
): string[] {
  return results.filter((r) => pendingReadings(r.conflict).length > 0).map((r) => r.analyte);
}

/**
 * Values of a manual entry that were pre-filled from a paper certificate and not yet confirmed by a person:
 * such an entry is held (cannot be submitted) until each one is confirmed.
 */
export function unconfirmedValues(set: {
  origin: string;
  results: ReadonlyArray<{ analyte: string; derived: boolean; confirmedBy: string | null }>;
}): string[] {
  if (set.origin !== 'manual') return [];
  return set.results.filter((r) => !r.derived && r.confirmedBy === null).map((r) => r.analyte);
}

/**
 * Values a reader was unsure of (a certificate row it could not read fully, a generic layout's guess) that
 * nobody confirmed, corrected or dropped: a set holding one cannot be submitted.
 */
export function unsureValues(results: ReadonlyArray<{ analyte: string; derived: boolean; unsure: string | null }>): string[] {
  return results.filter((r) => !r.derived && r.unsure !== null).map((r) => r.analyte);
}

/** A requested change of one result in an amendment, as the API receives it. */
export interface AmendmentChange {
  analyte: string;
  value?: string;
  qualifier?: string;
  unit?: string;
  /** A new LOQ, in the change's unit. */
  loq?: string;
  /** The analyte leaves the new version (reported in error). */
  remove?: boolean;
}

/** A measured result of the version being amended, in catalog terms. */
export interface CurrentReading {
  analyte: string;
  value: string | null;
  qualifier: string | null;
  unit: string;
  loq: string | null;
  derived: boolean;
}

export interface PlannedChange {
  analyte: string;
  /** The normalized new reading (canonical unit, printed text kept). */
  reading: NormalizedResult;
  /** The reading it replaces; null when the amendment adds an analyte the version did not report. */
  before: { value: string | null; qualifier: string | null; unit: string; loq?: string | null } | null;
}

export type AmendmentPlan =
  | { ok: true; changes: PlannedChange[]; removals: Array<{ analyte: string; before: NonNullable<PlannedChange['before']> }> }
  | {
      ok: false;
      index: number;
      field: 'analyte' | 'value' | 'qualifier' | 'unit' | 'loq';
      message: string;
      candidates?: AnalyteCandidate[];
    };

/**
 * Checks and normalizes an amendment's changes against the version it amends. Every value goes through
 * the catalog: the unit converts to the analyte's canonical unit (the current unit when none is given),
 * an unknown analyte is refused with candidates, a value must be a number and a qualifier a qualifier,
 * totals the catalog computes are never set by hand, and a change that changes nothing is refused.
 */
export function planAmendment(current: readonly CurrentReading[], changes: readonly AmendmentChange[]): AmendmentPlan {
  const byAnalyte = new Map(current.map((r) => [r.analyte, r]));
  const planned: PlannedChange[] = [];
  const removals: Array<{ analyte: string; before: NonNullable<PlannedChange['before']> }> = [];
  const seen = new Set<string>();
  for (const [index, change] of changes.entries()) {
    const resolved = resolveAnalyte(change.analyte);
    if (!resolved.ok) {
      return {
        ok: false,
        index,
        field: 'analyte',
        message: `"${change.analyte}" is not a known analyte${resolved.reason === 'ambiguous' ? ' (ambiguous)' : ''}`,
        candidates: resolved.candidates,
      };
    }
    const key = resolved.analyte.key;
    if (seen.has(key)) return { ok: false, index, field: 'analyte', message: `${key} is changed twice` };
    seen.add(key);
    const existing = byAnalyte.get(key) ?? null;
    if (existing?.derived || (resolved.analyte.total && !existing)) {
      return { ok: false, index, field: 'analyte', message: `${key} is computed from its constituents; amend those instead` };
    }
    if (change.remove) {
      if (!existing) return { ok: false, index, field: 'analyte', message: `${key} is not in this version; nothing to remove` };
      removals.push({
        analyte: key,
        before: { value: existing.value, qualifier: existing.qualifier, unit: existing.unit, loq: existing.loq },
      });
      continue;
    }
    const text = change.value ?? change.qualifier ?? '';
    const outcome = normalizeResult({
      name: change.analyte,
      valueText: text,
      unitText: change.unit ?? existing?.unit ?? resolved.analyte.unit,
      ...(change.loq !== undefined ? { loqText: change.loq } : {}),
    });
    if (!outcome.ok) {
      const field =
        outcome.problem === 'unknown_analyte'
          ? 'analyte'
          : outcome.problem === 'bad_value'
            ? change.value !== undefined
              ? 'value'
              : 'qualifier'
            : 'unit';
      return {
        ok: false,
        index,
        field,
        message: outcome.message,
        ...(outcome.candidates ? { candidates: outcome.candidates } : {}),
      };
    }
    const reading = outcome.result;
    if (change.value !== undefined && reading.value === null) {
      return { ok: false, index, field: 'value', message: `"${change.value}" is a qualifier; send it as qualifier` };
    }
    if (change.qualifier !== undefined && reading.qualifier === null) {
      return { ok: false, index, field: 'qualifier', message: `"${change.qualifier}" is a number; send it as value` };
    }
    if (change.loq !== undefined && reading.loq === null) {
      return { ok: false, index, field: 'loq', message: `"${change.loq}" is not an LOQ (a number in the result's unit)` };
    }
    if (reading.loq === null && existing) reading.loq = existing.loq;
    if (existing && sameReading(existing, reading) && (change.loq === undefined || existing.loq === reading.loq)) {
      return { ok: false, index, field: 'value', message: `${key} already reads ${describe(existing)}; nothing to amend` };
    }
    planned.push({
      analyte: key,
      reading,
      before: existing ? { value: existing.value, qualifier: existing.qualifier, unit: existing.unit, loq: existing.loq } : null,
    });
  }
  return { ok: true, changes: planned, removals };
}

function sameReading(a: CurrentReading, b: NormalizedResult): boolean {
  if (a.qualifier !== b.qualifier || a.unit !== b.unit) return false;
  if (a.value === null || b.value === null) return a.value === b.value && a.loq === b.loq;
  return compareDecimals(a.value, b.value) === 0;
}

function describe(r: CurrentReading): string {
  return r.value === null ? `${r.qualifier ?? 'no value'}` : `${r.value} ${r.unit}`;
}
