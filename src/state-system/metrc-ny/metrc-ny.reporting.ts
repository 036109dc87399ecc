import {
  StateSystemFailure,
  type ReportingProtocol,
  type StepContext,
  type StepOutcome,
  type SubmissionKind,
} from '../state-system.port';
import type { MetrcNyAdapter } from './metrc-ny.adapter';
import { WAITING_TO_BE_RECEIVED } from '../failure-classification';
import { metrcDate } from './metrc-ny.adapter';
import type { ResultRow } from './metrc.schemas';
import { planRecord, UnmappableForMetrc, type MetrcResultRow } from './record-body';

/**
 * One submission in Metrc (docs/metrc-ny.md, write protocol), each step persisted by the outbox:
 * resolve (tag → package Id, at the lab) → check (what Metrc already holds; an amendment stops here unless it may be
 * recorded again) → record (with the certificate inline) → verify (read back) → document (only if it did not travel
 * inline) → release (held at awaiting_release until a manager releases, unless METRC_RELEASE=auto) → confirm.
 * Metrc has no idempotency key: a record whose answer was lost is read back before it is ever sent again.
 */
export class MetrcReporting implements ReportingProtocol {
  constructor(private readonly metrc: MetrcNyAdapter) {}

  firstStep(_kind: SubmissionKind): string {
    return 'resolve';
  }

  async runStep(step: string, ctx: StepContext): Promise<StepOutcome> {
    switch (step) {
      case 'resolve':
        return this.resolve(ctx);
      case 'check':
        return this.check(ctx);
      case 'record':
        return this.record(ctx);
      case 'verify':
        return this.verify(ctx);
      case 'document':
        return this.document(ctx);
      case 'release':
        return this.release(ctx);
      case 'confirm':
        return this.confirm(ctx);
      default:
        throw new StateSystemFailure('permanent', `Metrc NY has no step "${step}"`);
    }
  }

  private label(ctx: StepContext): string {
    const uid = ctx.payload.sample.uid;
    if (!uid) {
      throw new StateSystemFailure('permanent', `sample ${ctx.payload.sample.labSampleId} has no Metrc tag`, {
        action: 'register_sample',
      });
    }
    return uid;
  }

  private async resolve(ctx: StepContext): Promise<StepOutcome> {
    const label = this.label(ctx);
    const pkg = await this.metrc.packageAtLab(label);
    if (!pkg) {
      throw new StateSystemFailure(
        'retryable',
        `waiting to be received in Metrc: package ${label} is not at ${this.metrc.license} yet (receive its manifest in Metrc's web UI)`,
        {
          code: WAITING_TO_BE_RECEIVED,
        },
      );
    }
    return { next: 'check', state: { packageId: pkg.id } };
  }

  private async check(ctx: StepContext): Promise<StepOutcome> {
    const rows = await this.planned(ctx);
    const held = await this.metrc.results(packageId(ctx));
    if (ctx.kind === 'amend') {
      const summary = changeSummary(rows, held);
      const released = held.some((r) => r.ResultReleased);
      if (summary.length === 0 && holds(held, rows)) return { next: released ? 'confirm' : 'verify', state: { recordedIds: [] } };
      if (released || !this.metrc.settings.allowRerecord) {
        const why = released ? 'its results were already released in Metrc' : 'METRC_ALLOW_RERECORD is off';
        return {
          hold: 'manual_correction_required',
          next: null,
          reason: `Metrc has no amend call and ${why}: correct it with Metrc support / OCM. Changes: ${summary.join('; ') || 'none in values'}`,
          state: { correction: summary },
          audit: { correction: summary },
        };
      }
      return { next: 'record' };
    }
    return holds(held, rows) ? { next: 'verify', audit: { alreadyHeld: true } } : { next: 'record' };
  }

  private async record(ctx: StepContext): Promise<StepOutcome> {
    const rows = await this.planned(ctx);
    if (ctx.mayHaveApplied) {
      // The last record may have been applied: read back (a few times, Metrc may show it late) before sending again.
      const { verifyAttempts, verifyDelayMs } = this.metrc.settings;
      for (let i = 0; i < verifyAttempts; i += 1) {
        if (holds(await this.metrc.results(packageId(ctx)), rows)) return { next: 'verify', audit: { alreadyHeld: true } };
        if (i + 1 < verifyAttempts) await sleep(verifyDelayMs * (i + 1));
      }
    }
    const document = await this.certificate(ctx);
    const ids = await this.metrc.record([
      {
        Label: this.label(ctx),
        ResultDate: metrcDate(Date.parse(ctx.payload.releasedAt)),
        DocumentFileName: document?.fileName ?? null,
        DocumentFileBase64: document ? document.bytes.toString('base64') : null,
        Results: rows,
      },
    ]);
    return { next: 'verify', state: { recordedIds: ids, documentInline: document !== null } };
  }

  private async verify(ctx: StepContext): Promise<StepOutcome> {
    const rows = await this.planned(ctx);
    const held = await this.metrc.results(packageId(ctx));
    const ours = latestMatching(held, rows);
    if (!ours) throw new StateSystemFailure('retryable', `Metrc does not show the recorded results of ${this.label(ctx)} yet`);
    const resultIds = ours.map((r) => r.LabTestResultId);
    const needsDocument = ours.some((r) => r.LabTestResultDocumentFileId === null || r.LabTestResultDocumentFileId === undefined);
    return { next: needsDocument ? 'document' : 'release', state: { resultIds } };
  }

  private async document(ctx: StepContext): Promise<StepOutcome> {
    const document = await this.certificate(ctx);
    if (!document)
      throw new StateSystemFailure(
        'permanent',
        `the certificate of ${this.label(ctx)} is larger than METRC_MAX_DOCUMENT_BYTES (${this.metrc.settings.maxDocumentBytes}); attach it in Metrc by hand`,
        { action: 'fix_setup' },
      );
    const ids = (ctx.state.resultIds as number[] | undefined) ?? [];
    // PUT is idempotent [known]: attaching again after a lost answer changes nothing.
    for (let i = 0; i < ids.length; i += 10) {
      await this.metrc.attachDocument(
        ids.slice(i, i + 10).map((LabTestResultId) => ({
          LabTestResultId,
          DocumentFileName: document.fileName,
          DocumentFileBase64: document.bytes.toString('base64'),
        })),
      );
    }
    return { next: 'release' };
  }

  private async release(ctx: StepContext): Promise<StepOutcome> {
    if (this.metrc.settings.release === 'manual' && typeof ctx.state.releaseApprovedBy !== 'string') {
      return {
        hold: 'awaiting_release',
        next: 'release',
        reason: 'recorded and verified in Metrc; waiting for a manager to release (METRC_RELEASE=manual)',
      };
    }
    // PUT is idempotent: releasing released results changes nothing.
    await this.metrc.release([this.label(ctx)]);
    return { next: 'confirm' };
  }

  private async confirm(ctx: StepContext): Promise<StepOutcome> {
    const held = await this.metrc.results(packageId(ctx));
    const ids = new Set((ctx.state.resultIds as number[] | undefined) ?? []);
    const ours = held.filter((r) => ids.has(r.LabTestResultId));
    if (ours.length === 0 || !ours.every((r) => r.ResultReleased))
      throw new StateSystemFailure('retryable', `Metrc does not show the results of ${this.label(ctx)} as released yet`);
    return {
      done: true,
      transactionId: String(Math.min(...ours.map((r) => r.LabTestResultId))),
      audit: { packageId: packageId(ctx), resultIds: [...ids], released: true },
    };
  }

  private async planned(ctx: StepContext): Promise<MetrcResultRow[]> {
    try {
      const plan = planRecord(ctx.payload, this.metrc.mapping, await this.metrc.typeNames());
      if (plan.rows.length === 0) {
        throw new StateSystemFailure('permanent', 'no result of this set can be written to Metrc', { action: 'fix_setup' });
      }
      return plan.rows;
    } catch (e) {
      if (e instanceof UnmappableForMetrc) throw new StateSystemFailure('permanent', e.message, { action: 'fix_setup' });
      throw e;
    }
  }

  /** The certificate this service renders, inline when it fits Metrc's limit; null when it is too large. */
  private async certificate(ctx: StepContext): Promise<{ fileName: string; bytes: Buffer } | null> {
    const document = await ctx.certificate();
    return document.bytes.length <= this.metrc.settings.maxDocumentBytes ? document : null;
  }
}

function packageId(ctx: StepContext): number {
  const id = ctx.state.packageId;
  if (typeof id !== 'number') throw new StateSystemFailure('permanent', 'the package Id was not resolved');
  return id;
}

/** The latest row Metrc holds per type name, unrevoked. */
function latestByType(held: ResultRow[]): Map<string, ResultRow> {
  const latest = new Map<string, ResultRow>();
  for (const r of held) {
    if (r.RevokedDate || r.LabTestDetailRevokedDate) continue;
    const seen = latest.get(r.TestTypeName);
    if (!seen || seen.LabTestResultId < r.LabTestResultId) latest.set(r.TestTypeName, r);
  }
  return latest;
}

/** Levels equal within rounding (12 significant digits) and the same verdict [assumed]. */
function same(r: ResultRow, row: MetrcResultRow): boolean {
  return r.TestPassed === row.Passed && Math.abs(r.TestResultLevel - row.Quantity) <= 1e-9 * Math.max(1, Math.abs(row.Quantity));
}

function latestMatching(held: ResultRow[], rows: MetrcResultRow[]): ResultRow[] | null {
  const latest = latestByType(held);
  const ours: ResultRow[] = [];
  for (const row of rows) {
    const r = latest.get(row.LabTestTypeName);
    if (!r || !same(r, row)) return null;
    ours.push(r);
  }
  return ours;
}

function holds(held: ResultRow[], rows: MetrcResultRow[]): boolean {
  return latestMatching(held, rows) !== null;
}

/** What an amendment changes against what Metrc holds, for the person who corrects it there. */
function changeSummary(rows: MetrcResultRow[], held: ResultRow[]): string[] {
  const latest = latestByType(held);
  const changes: string[] = [];
  for (const row of rows) {
    const r = latest.get(row.LabTestTypeName);
    if (!r) changes.push(`${row.LabTestTypeName}: not in Metrc, now ${row.Quantity}${row.Passed ? '' : ' (failed)'}`);
    else if (!same(r, row))
      changes.push(
        `${row.LabTestTypeName}: ${r.TestResultLevel}${r.TestPassed ? '' : ' (failed)'} → ${row.Quantity}${row.Passed ? '' : ' (failed)'}`,
      );
  }
  return changes;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
