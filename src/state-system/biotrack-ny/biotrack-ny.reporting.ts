import { payloadStateRef } from '../../outbox/submission-payload';
import {
  StateSystemFailure,
  type ReportingProtocol,
  type StepContext,
  type StepOutcome,
  type SubmissionKind,
} from '../state-system.port';
import type { BiotrackNyAdapter } from './biotrack-ny.adapter';

const SEND = 'send';

/**
 * BioTrack NY writes a submission in one step: find the lab sample (when its id is not known yet, or an earlier
 * attempt may have been applied), check whether it already holds the results, and POST (first results) or PUT
 * (amendment) them with the idempotency key as ExternalID.
 */
export class BiotrackReporting implements ReportingProtocol {
  constructor(private readonly adapter: BiotrackNyAdapter) {}

  firstStep(_kind: SubmissionKind): string {
    return SEND;
  }

  async runStep(step: string, ctx: StepContext): Promise<StepOutcome> {
    if (step !== SEND) throw new StateSystemFailure('permanent', `BioTrack NY has no step "${step}"`);
    const { payload, mayHaveApplied } = ctx;
    const ref = payloadStateRef(payload);
    let stateSampleId = ref === null ? null : Number(ref);
    if (stateSampleId === null || mayHaveApplied) {
      const lookup =
        stateSampleId !== null ? { stateSampleId } : payload.sample.uid !== null ? { uid: payload.sample.uid } : null;
      if (!lookup) {
        throw new StateSystemFailure('permanent', `sample ${payload.sample.labSampleId} has no state UID`, {
          action: 'register_sample',
        });
      }
      const sample = await this.adapter.findSample(lookup);
      if (!sample) {
        throw new StateSystemFailure(
          'permanent',
          `the state system has no lab sample ${payload.sample.uid ?? stateSampleId} for this lab (was its transfer received?)`,
          { action: 'register_sample' },
        );
      }
      stateSampleId = sample.stateSampleId;
      // A first post whose results are already there, or any row whose last attempt may have been applied.
      if (ctx.kind === 'post' || mayHaveApplied) {
        const held = await this.adapter.holdsResults(sample, payload);
        if (held.held) return { done: true, transactionId: held.transactionId, audit: { alreadyHeld: true, stateSampleId } };
      }
    }
    const receipt =
      ctx.kind === 'amend'
        ? await this.adapter.amendResults(stateSampleId, payload, ctx.idempotencyKey)
        : await this.adapter.postResults(stateSampleId, payload, ctx.idempotencyKey);
    return { done: true, transactionId: receipt.transactionId, audit: { stateSampleId, skipped: receipt.skipped } };
  }
}
