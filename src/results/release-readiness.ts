import { compareDecimals } from '../catalog';
import { pendingReadings } from './review-rules';

/**
 * What stands between a result set and its release, each item with the reason in plain words and the fix. Pure:
 * the service gives it the set as stored and the state system's answer to "can you send this?" (see
 * OutboxService.sendability), and refuses submit and approve while a blocking item remains.
 */
export type ReadinessKind =
  | 'missing_panel'
  | 'unsure_value'
  | 'indeterminate'
  | 'unconfirmed_value'
  | 'unresolved_conflict'
  | 'no_limit'
  | 'below_loq_as_number'
  | 'state_system_refuses'
  | 'state_system_drops'
  | 'sample_not_in_state_system'
  | 'sample_not_received'
  | 'state_system_unchecked';

export interface ReadinessItem {
  kind: ReadinessKind;
  panel: string | null;
  analyte: string | null;
  reason: string;
  fix: string;
  /** Blocks submit and approve. */
  blocking: boolean;
  /** A manager may release despite it, with a reason (a client ordered only some panels); only missing panels. */
  overridable: boolean;
}

export interface ReadinessSet {
  origin: string;
  /** The stored evaluation: the panels the limit table requires for the product type, and each panel's status. */
  evaluation: { requiredPanels?: unknown; panels?: unknown } | null;
  results: ReadonlyArray<{
    panel: string;
    analyte: string;
    derived: boolean;
    value: string | null;
    qualifier: string | null;
    loq: string | null;
    status: string;
    unsure: string | null;
    confirmedBy: string | null;
    conflict: Record<string, unknown> | null;
  }>;
}

/** The state system's answer, as outbox/ hands it over (an interface results/ may depend on). */
export interface StateSystemCheck {
  analyte: string | null;
  effect: 'refused' | 'dropped';
  reason: string;
  fix: string;
}

/** The state system's live answer whether it holds the sample and the lab received it (see StateSystem.sampleHolding). */
export type SampleHoldingCheck =
  | { answer: 'held' }
  | { answer: 'not_held' | 'not_received'; reason: string; fix: string }
  | { answer: 'unchecked'; reason: string };

/**
 * `holding`: null when the state system was not asked. A state system that could not be asked is a warning, not a
 * block: an outage must not hold every release hostage, and the outbox still resolves the sample before it sends.
 */
export function releaseReadiness(
  set: ReadinessSet,
  stateSystemCheck: readonly StateSystemCheck[],
  holding: SampleHoldingCheck | null = null,
): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  const add = (kind: ReadinessKind, where: { panel?: string; analyte?: string }, reason: string, fix: string, blocking = true) =>
    items.push({
      kind,
      panel: where.panel ?? null,
      analyte: where.analyte ?? null,
      reason,
      fix,
      blocking,
      overridable: kind === 'missing_panel',
    });

  for (const panel of missingPanels(set)) {
    add(
      'missing_panel',
      { panel },
      `New York requires the ${panel} panel for this product type and this set has no ${panel} results`,
      `import or enter the ${panel} results; if the client ordered only some panels, a manager releases it as a partial set with the reason`,
    );
  }
  const measured = set.results.filter((r) => !r.derived);
  for (const r of measured) {
    const at = { panel: r.panel, analyte: r.analyte };
    if (set.origin === 'manual' && r.confirmedBy === null) {
      add(
        'unconfirmed_value',
        at,
        `${r.analyte} was pre-filled from a certificate and nobody confirmed it`,
        'confirm or correct the value on the manual entry page',
      );
    }
    if (r.unsure !== null) {
      add(
        'unsure_value',
        at,
        `the reader was unsure of ${r.analyte}: ${r.unsure}`,
        'confirm, correct or drop the value against the source',
      );
    }
    if (pendingReadings(r.conflict).length > 0) {
      add(
        'unresolved_conflict',
        at,
        `sources disagree on ${r.analyte} and nobody chose a reading`,
        'resolve the conflict in the draft: keep one reading, with a reason',
      );
    }
    if (r.value !== null && r.loq !== null && isBelow(r.value, r.loq)) {
      add(
        'below_loq_as_number',
        at,
        `${r.analyte} is reported as ${r.value}, below its LOQ ${r.loq}: a number below the LOQ is not a measurement`,
        `report it as <LOQ (amend or correct the value)`,
      );
    }
  }
  for (const r of set.results) {
    const at = { panel: r.panel, analyte: r.analyte };
    if (r.status === 'indeterminate') {
      add(
        'indeterminate',
        at,
        `${r.analyte} cannot show compliance with its limit (${r.qualifier ?? r.value ?? 'no value'})`,
        'retest or report a value that can be compared with the limit',
      );
    }
    if (r.status === 'no_limit') {
      add(
        'no_limit',
        at,
        `no limit is loaded for ${r.analyte} on this product type, though one applies`,
        'load the limit (limit table) or correct the analyte or product type',
      );
    }
  }
  for (const p of stateSystemCheck) {
    const refused = p.effect === 'refused';
    add(
      refused ? 'state_system_refuses' : 'state_system_drops',
      p.analyte ? { analyte: p.analyte } : {},
      refused ? `the state system cannot take this: ${p.reason}` : `the state system would not receive this: ${p.reason}`,
      p.fix,
      refused,
    );
  }
  if (holding?.answer === 'not_held') {
    add('sample_not_in_state_system', {}, `the state system does not hold this sample: ${holding.reason}`, holding.fix);
  } else if (holding?.answer === 'not_received') {
    add('sample_not_received', {}, `the lab has not received this sample in the state system: ${holding.reason}`, holding.fix);
  } else if (holding?.answer === 'unchecked') {
    add(
      'state_system_unchecked',
      {},
      `whether the state system holds this sample could not be checked: ${holding.reason}`,
      'nothing blocks the release; check the sample in the state system, or ask again (reload) once it answers',
      false,
    );
  }
  return items;
}

/** Items that block release, after a manager's override of the missing panels when there is one. */
export function blockingItems(items: readonly ReadinessItem[], overridden: boolean): ReadinessItem[] {
  return items.filter((i) => i.blocking && !(overridden && i.overridable));
}

/** Required panels (from the limit table, via the stored evaluation) with no result other than "not tested". */
export function missingPanels(set: ReadinessSet): string[] {
  const required = set.evaluation?.requiredPanels;
  if (!Array.isArray(required)) return [];
  const tested = new Set(set.results.filter((r) => r.status !== 'not_tested').map((r) => r.panel));
  return required.filter((p): p is string => typeof p === 'string' && !tested.has(p));
}

function isBelow(value: string, loq: string): boolean {
  try {
    return compareDecimals(value, loq) < 0;
  } catch {
    return false;
  }
}
