import { applyMethod, compareWithPrintedFinal } from '../methods/apply-method';
import type { MethodDefinition } from '../methods/method-definition.schema';
import type { IncomingResult } from '../results/incoming-result';
import type { UnmatchedReason } from './import-summary';
import type { CertificateMeta, PrepData } from './parsed-batch';
import { completePending } from './pending-calculations';
import { describeRef, type NormalizedSample, type PendingRow, type UnknownAnalyte } from './pipeline';

/**
 * The pipeline's middle step, pure: normalized samples and the registered samples they matched become the drafts
 * to write, the samples a person must attach or complete, and the unknown analytes that rows waiting for prep
 * data revealed once completed. The import service loads the samples, calls this and writes what it returns.
 */

/** The lab method an import applies: its calculation defaults complete prep data, its LOD / LOQ / ULOQ judge results. */
export interface ImportMethod {
  key: string;
  version: number;
  definition: MethodDefinition;
}

/** What the plan needs of a registered sample. */
export interface MatchedSample {
  labSampleId: string;
  prep: PrepData | null;
}

/** What the draft records of where its results came from, and the date that selects the limit table. */
export interface DraftOrigin {
  meta?: Record<string, unknown>;
  testedOn: string;
}

export interface PlannedDraft<S extends MatchedSample> extends DraftOrigin {
  parsed: NormalizedSample;
  sample: S;
  incoming: IncomingResult[];
}

/** A sample of the file a person must attach (`no_sample`) or complete (`missing_unit`, `missing_prep`). */
export interface PlannedUnmatched {
  parsed: NormalizedSample;
  reason: UnmatchedReason;
  message: string;
  pending: PendingRow[];
}

export interface DraftPlan<S extends MatchedSample> {
  drafts: PlannedDraft<S>[];
  unmatched: PlannedUnmatched[];
  unknownAnalytes: UnknownAnalyte[];
}

export interface PlanContext {
  template: string;
  method?: ImportMethod;
  /** The day results without a printed test date are tested on. */
  today?: Date;
}

/** `samples[i]` is the registered sample `normalized[i]` matched, if any. */
export function planDrafts<S extends MatchedSample>(
  normalized: readonly NormalizedSample[],
  samples: ReadonlyArray<S | null | undefined>,
  ctx: PlanContext,
): DraftPlan<S> {
  const plan: DraftPlan<S> = { drafts: [], unmatched: [], unknownAnalytes: [] };
  normalized.forEach((s, i) => {
    const sample = samples[i];
    if (!sample) {
      plan.unmatched.push({
        parsed: s,
        reason: 'no_sample',
        message: `no registered sample matches ${describeRef(s.ref)}`,
        pending: s.pending,
      });
      return;
    }
    const done = completeSample(s, sample.prep, ctx);
    plan.unknownAnalytes.push(...done.unknown);
    if (done.stillPending.length) plan.unmatched.push(waiting(s, sample, done.stillPending));
    if (done.incoming.length === 0) return;
    plan.drafts.push({ parsed: s, sample, incoming: done.incoming, ...draftOrigin(s.meta, s.panelStatus, ctx.today) });
  });
  return plan;
}

/**
 * One sample's rows made results: rows waiting for prep data completed with the sample's (and the method's
 * defaults), every result judged by the method. Rows still missing an input stay pending.
 */
export function completeSample(
  s: Pick<NormalizedSample, 'results' | 'pending'>,
  prep: PrepData | null,
  ctx: Pick<PlanContext, 'template' | 'method'>,
): { incoming: IncomingResult[]; stillPending: PendingRow[]; unknown: UnknownAnalyte[] } {
  const done = completePending(s.pending, withDefaults(prep, ctx.method), ctx.template);
  return { incoming: judge([...s.results, ...done.results], ctx.method), stillPending: done.stillPending, unknown: done.unknown };
}

/** The certificate's facts for the result set's meta, and the date that selects the limit table. */
export function draftOrigin(meta?: CertificateMeta, panelStatus?: Record<string, string>, today = new Date()): DraftOrigin {
  const certificate =
    meta || panelStatus
      ? { ...(meta ? { certificate: meta } : {}), ...(panelStatus ? { printedPanelStatus: panelStatus } : {}) }
      : undefined;
  return { ...(certificate ? { meta: certificate } : {}), testedOn: testedOn(meta, today) };
}

/** The date that selects the limit table: the certificate's test or report date, else today. */
export function testedOn(meta?: Record<string, string | undefined>, today = new Date()): string {
  for (const key of ['testedOn', 'reportCreated', 'sampleReceived']) {
    const m = /^(\d{4}-\d{2}-\d{2})/.exec(meta?.[key] ?? '');
    if (m) return m[1];
  }
  return today.toISOString().slice(0, 10);
}

function waiting(s: NormalizedSample, sample: MatchedSample, stillPending: PendingRow[]): PlannedUnmatched {
  const noUnit = stillPending.filter((p) => p.pending.missing.includes('unit')).length;
  const parsed = { ...s, results: [] };
  return noUnit > 0
    ? {
        parsed,
        reason: 'missing_unit',
        message: `${noUnit} row(s) of sample ${sample.labSampleId} wait for the unit the instrument reports in: the file prints none and no lab method gives it`,
        pending: stillPending,
      }
    : {
        parsed,
        reason: 'missing_prep',
        message: `sample ${sample.labSampleId} lacks preparation data for ${stillPending.length} row(s)`,
        pending: stillPending,
      };
}

/** Prep data registered on the sample, completed by the method's calculation defaults. */
function withDefaults(prep: PrepData | null, method: ImportMethod | undefined): PrepData | null {
  if (!method) return prep;
  return { ...method.definition.calculationDefaults, ...(prep ?? {}) };
}

/**
 * Results judged by the method's LOD / LOQ / ULOQ (method-less imports keep what was read), then compared
 * with the file's own final result where it prints one.
 */
function judge(results: IncomingResult[], method: ImportMethod | undefined): IncomingResult[] {
  return results.map((r) =>
    compareWithPrintedFinal(method ? applyMethod(r, method.definition, { key: method.key, version: method.version }) : r),
  );
}
