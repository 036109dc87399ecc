import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import { AppConfig, SIMULATOR_ENDPOINT } from '../config/app-config';
import type { Result } from '../results/result.entity';
import type { ResultSet } from '../results/result-set.entity';
import { Submission } from './submission.entity';
import { buildSubmissionPayload, reportingDeadline, type SubmissionPayload } from './submission-payload';
import type { SendabilityProblem } from './sendability';
import { STATE_SYSTEM, type SampleHolding, type StateSystem } from '../state-system/state-system.port';

@Injectable()
export class OutboxService {
  constructor(
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    @Inject(STATE_SYSTEM) private readonly stateSystem: StateSystem,
  ) {}

  /**
   * What the configured state system would refuse or drop of this result set, were it approved now; asks the
   * adapter without sending anything (see StateSystem.checkSendable).
   */
  sendability(resultSet: ResultSet, results: Result[], approvedBy: string): SendabilityProblem[] {
    return this.stateSystem.checkSendable(this.payloadFor(resultSet, results, { actor: approvedBy, releasedAt: new Date() }));
  }

  /**
   * The state system's live answer whether it holds the set's sample and the lab received it (read calls only); null
   * when not asked: the check is switched off (STATE_SYSTEM_SAMPLE_CHECK), or the sample has neither UID nor state id
   * (sendability refuses that already).
   */
  async sampleHolding(resultSet: ResultSet): Promise<SampleHolding | null> {
    const sample = resultSet.sample;
    const ref = {
      labSampleId: sample.labSampleId,
      uid: sample.uid,
      stateRef: sample.stateSampleId === null ? null : String(sample.stateSampleId),
    };
    if (!this.config.sampleHoldingCheck || (ref.uid === null && ref.stateRef === null)) return null;
    return this.stateSystem.sampleHolding(ref);
  }

  private payloadFor(resultSet: ResultSet, results: Result[], opts: { actor: string; releasedAt: Date }): SubmissionPayload {
    const sample = resultSet.sample;
    return buildSubmissionPayload({
      sample: {
        id: sample.id,
        labSampleId: sample.labSampleId,
        uid: sample.uid,
        sourceUid: sample.sourceUid,
        stateRef: sample.stateSampleId === null ? null : String(sample.stateSampleId),
        productType: sample.productType,
        clientLicense: sample.client.licenseNumber,
      },
      resultSet: {
        id: resultSet.id,
        version: resultSet.version,
        amends: resultSet.amends ? { id: resultSet.amends.id, version: resultSet.amends.version } : null,
        amendmentReason: resultSet.amendmentReason,
        origin: resultSet.origin,
        meta: resultSet.meta,
      },
      results,
      certificateUrl: `${this.config.publicUrl}/api/certificates/${resultSet.id}.pdf`,
      releasedAt: opts.releasedAt,
      approvedBy: opts.actor,
    });
  }

  /**
   * Writes the outbox row for an approved result set inside the approving transaction (`em`), so a result
   * set is approved if and only if it is queued for the state system. Derived totals are not sent: the
   * state system computes its own from the panels.
   */
  async enqueue(
    em: EntityManager,
    resultSet: ResultSet,
    results: Result[],
    opts: { actor: string; releasedAt: Date },
  ): Promise<Submission> {
    const payload = this.payloadFor(resultSet, results, opts);
    const { kind: target, endpoint } = this.config.stateSystem;
    // The amended version's submission was refused and waits for a person: this amendment is the answer, so it goes
    // in its place, as first results, and the refused one is closed.
    const replaced = resultSet.amends ? await this.replaceRefused(em, resultSet.amends.id, resultSet.id, opts.actor) : false;
    const kind = resultSet.amends && !replaced ? 'amend' : 'post';
    const submission = new Submission(resultSet, {
      target,
      endpoint,
      kind,
      payload: payload as unknown as Record<string, unknown>,
      // Keys of simulator rows keep the scope they always had.
      idempotencyKey: idempotencyKey(resultSet.id, endpoint === SIMULATOR_ENDPOINT ? SIMULATOR_ENDPOINT : target),
      deadlineAt: reportingDeadline(opts.releasedAt),
      nextAttemptAt: opts.releasedAt,
    });
    em.persist(submission);
    await this.audit.record(em, {
      actor: opts.actor,
      action: 'submission.queued',
      entityType: 'submission',
      entityId: submission.id,
      after: { resultSet: resultSet.id, target, endpoint, kind, deadlineAt: submission.deadlineAt.toISOString() },
    });
    return submission;
  }

  private async replaceRefused(em: EntityManager, amendedId: string, byResultSet: string, actor: string): Promise<boolean> {
    const { kind: target, endpoint } = this.config.stateSystem;
    const refused = await em.findOne(
      Submission,
      { resultSet: amendedId, target, endpoint, status: 'needs_action' },
      { disableIdentityMap: true },
    );
    if (!refused) return false;
    const changed = await em.nativeUpdate(
      Submission,
      { id: refused.id, status: 'needs_action' },
      { status: 'superseded', updatedAt: new Date() },
    );
    if (changed !== 1) return false;
    await this.audit.record(em, {
      actor,
      action: 'submission.superseded',
      entityType: 'submission',
      entityId: refused.id,
      before: { status: 'needs_action', action: refused.action, lastError: refused.lastError },
      after: { status: 'superseded', byResultSet },
    });
    return true;
  }
}

/** One key per (result set version, target): replays of the same row never cause a second remote effect. */
export function idempotencyKey(resultSetId: string, target: string): string {
  return createHash('sha256').update(`${target}:${resultSetId}`).digest('hex').slice(0, 40);
}
