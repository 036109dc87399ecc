import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { resolveAnalyte } from '../catalog';
import { MANAGERS } from '../auth/role';
import { Conflict, DomainError, Forbidden, InvalidInput, NotFound } from '../common/errors';
import { SourceFile } from '../files/source-file.entity';
import type { Provenance } from '../files/provenance';
import { isPostgres } from '../db/platform';
import { OutboxService } from '../outbox/outbox.service';
import {
  SignatureService,
  signatureRef,
  toSignatureView,
  type SignatureView,
  type Signer,
} from '../signatures/signature.service';
import type { ConfirmValuesDto } from './confirm-values.schemas';
import { isUnlisted } from './incoming-result';
import { readManualResult } from './manual-result.rules';
import {
  AmendmentRefused,
  InvalidTransition,
  ReleaseNotReady,
  TwoPersonRuleViolation,
  UnresolvedConflicts,
} from './result-set.errors';
import { ResultDraftService } from './result-draft.service';
import { Result } from './result.entity';
import { ResultSet, type ResultSetStatus } from './result-set.entity';
import { toResultSetSummaryView, toResultSetView, type ResultSetSummaryView, type ResultSetView } from './result-set.mapper';
import type {
  AmendResultSetDto,
  BulkApproveRequest,
  ListResultSetsDto,
  RejectResultSetDto,
  ReleaseRequest,
  ResolveConflictDto,
  ResolveConflictsDto,
} from './result-set.schemas';
import { blockingItems, releaseReadiness, type ReadinessItem, type SampleHoldingCheck } from './release-readiness';
import {
  missingPanelsOf,
  recordedPartial,
  releaseOf,
  sameSet,
  withoutPartial,
  withoutRelease,
  type PartialRelease,
} from './partial-release';
import { ReviewSettingsService } from './review-settings.service';
import {
  pendingReadings,
  planAmendment,
  readingSha256,
  twoPersonRuleBlocks,
  unresolvedConflicts,
  withContribution,
  type ConflictReading,
  type PlannedChange,
} from './review-rules';

/** A result set with the values that wait for a person to confirm, correct or drop. */
export interface ConfirmationView extends ResultSetView {
  pendingConfirmation: string[];
}

export interface ApprovedResultSetView extends ResultSetView {
  /** The outbox row written in the approving transaction, with its reporting deadline. */
  submission: { id: string; target: string; kind: string; status: string; deadlineAt: string };
  /** The approver's e-signature, written in the approving transaction. */
  signature: SignatureView;
}

/** One set of a bulk approval: approved (with its signature and outbox row), or refused with the reason. */
export type BulkApprovalOutcome =
  | {
      id: string;
      outcome: 'approved';
      version: number;
      signature: SignatureView;
      submission: ApprovedResultSetView['submission'];
    }
  | {
      id: string;
      outcome: 'refused';
      /** The status approving this set alone would have answered (404, 403 two-person rule, 409 not ready…). */
      statusCode: number;
      message: string;
      details?: unknown;
      /** When the readiness check refused it: every item, as GET :id/readiness lists them. */
      readiness?: unknown;
    };

export interface BulkApprovalView {
  approved: number;
  refused: number;
  outcomes: BulkApprovalOutcome[];
}

const POPULATE = ['sample', 'sample.client', 'sample.retestOf', 'results', 'results.sourceFile', 'amends'] as const;

/**
 * The review workflow: draft → in_review → approved (→ superseded by an approved amendment); a rejection
 * returns the set to draft with a reason. Every transition starts with a compare-and-set on the status,
 * so of two concurrent requests exactly one wins; the checks then run on the row as locked, and the
 * change, its audit events and (on approval) the outbox row commit together or not at all.
 */
@Injectable()
export class ResultSetService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly drafts: ResultDraftService,
    private readonly settings: ReviewSettingsService,
    private readonly signatures: SignatureService,
  ) {}

  async get(id: string): Promise<ResultSetView> {
    const em = this.em.fork();
    const set = await this.load(em, id);
    const amendedBy = await em.findOne(ResultSet, { amends: set });
    const history = await this.audit.list({ entityType: 'result_set', entityId: id, limit: 1000 });
    // Files that added results, and readings set aside when a conflict was resolved, are named in the history too.
    const historyFiles = history.flatMap((e) => {
      const source = e.action === 'result_set.results_added' ? e.after?.source : e.after?.sha256;
      return typeof source === 'string' && /^[0-9a-f]{64}$/.test(source) ? [source] : [];
    });
    return toResultSetView(set, {
      amendedBy,
      history,
      sourceFiles: await this.sourceFileNames(em, set, historyFiles),
      signatures: await this.signatures.ofResultSet(id),
    });
  }

  /** How many result sets are in each state; `rejected` counts drafts sent back from review. */
  async countByStatus(): Promise<Record<'draft' | 'rejected' | 'in_review' | 'approved' | 'superseded', number>> {
    const em = this.em.fork();
    const [draft, rejected, inReview, approved, superseded] = await Promise.all([
      em.count(ResultSet, { status: 'draft', rejectionReason: null }),
      em.count(ResultSet, { status: 'draft', rejectionReason: { $ne: null } }),
      em.count(ResultSet, { status: 'in_review' }),
      em.count(ResultSet, { status: 'approved' }),
      em.count(ResultSet, { status: 'superseded' }),
    ]);
    return { draft, rejected, in_review: inReview, approved, superseded };
  }

  /** sha256 → upload name of every file a value or a conflicting reading of this set came from. */
  private async sourceFileNames(em: EntityManager, set: ResultSet, more: string[] = []): Promise<Record<string, string>> {
    const shas = new Set<string>(more);
    for (const r of set.results.getItems()) {
      if (r.sourceFile) shas.add(r.sourceFile.sha256);
      for (const reading of pendingReadings(r.conflict)) if (reading.sha256) shas.add(reading.sha256);
      const resolved = (r.conflict?.resolved ?? null) as { discarded?: ConflictReading[] } | null;
      for (const reading of resolved?.discarded ?? []) {
        const sha = readingSha256(reading);
        if (sha) shas.add(sha);
      }
    }
    if (shas.size === 0) return {};
    const files = await em.find(SourceFile, { sha256: { $in: [...shas] } }, { fields: ['sha256', 'name'] });
    return Object.fromEntries(files.map((f) => [f.sha256, f.name]));
  }

  async list(q: ListResultSetsDto): Promise<ResultSetSummaryView[]> {
    const where: Record<string, unknown> = {};
    if (q.status === 'rejected') Object.assign(where, { status: 'draft', rejectionReason: { $ne: null } });
    else if (q.status) where.status = q.status;
    const sample: Record<string, unknown> = {};
    if (q.clientLicense) sample.client = { licenseNumber: q.clientLicense };
    if (q.sampleId) sample.id = q.sampleId;
    if (q.productType) sample.productType = q.productType;
    if (q.q) {
      const has = isPostgres(this.em) ? { $ilike: `%${q.q}%` } : { $like: `%${q.q}%` };
      sample.$or = [{ labSampleId: has }, { uid: q.q }, { productName: has }, { batch: has }, { client: { name: has } }];
    }
    if (Object.keys(sample).length) where.sample = sample;
    if (q.verdict) where.verdict = q.verdict;
    if (q.from || q.to) {
      where.createdAt = {
        ...(q.from ? { $gte: new Date(`${q.from}T00:00:00.000Z`) } : {}),
        ...(q.to ? { $lt: new Date(new Date(`${q.to}T00:00:00.000Z`).getTime() + 86_400_000) } : {}),
      };
    }
    const sets = await this.em.fork().find(ResultSet, where, {
      populate: ['sample', 'sample.client', 'sample.retestOf', 'results', 'amends'],
      orderBy: q.sort === 'oldest' ? { createdAt: 'asc', version: 'asc' } : { createdAt: 'desc', version: 'desc' },
      limit: q.limit,
      offset: q.offset,
    });
    return sets.map(toResultSetSummaryView);
  }

  /** What stands between the set and its release: each item with its reason and fix (see release-readiness.ts). */
  async readiness(id: string): Promise<ReadinessItem[]> {
    const set = await this.load(this.em.fork(), id);
    return this.readinessOf(set, await this.outbox.sampleHolding(set));
  }

  /** Asks the state system about the set's sample before a step's transaction, so no transaction waits on it. */
  private async sampleHolding(id: string): Promise<SampleHoldingCheck | null> {
    return this.outbox.sampleHolding(await this.load(this.em.fork(), id));
  }

  private readinessOf(set: ResultSet, holding: SampleHoldingCheck | null): ReadinessItem[] {
    const results = set.results.getItems();
    return releaseReadiness(
      { origin: set.origin, evaluation: set.evaluation, results },
      this.outbox.sendability(set, results, set.approvedBy ?? set.createdBy),
      holding,
    );
  }

  /**
   * Draft → in review, refused (409, every blocking item with its reason and fix) while anything stands between the set
   * and its release. A manager may submit a deliberately partial set with `override.reason`: it covers missing panels only.
   */
  async submit(actor: Actor, id: string, request: ReleaseRequest = {}): Promise<ResultSetView> {
    const holding = await this.sampleHolding(id);
    await this.em.fork().transactional(async (em) => {
      await this.transition(em, id, 'submitted', ['draft'], {
        status: 'in_review',
        submittedBy: actor.username,
        rejectionReason: null,
      });
      const set = await this.load(em, id);
      if (set.results.length === 0) throw new Conflict(`result set ${id} has no results to submit`);
      const partial = this.checkReady(actor, set, 'submitted', request.override, holding);
      await this.record(
        em,
        actor,
        set,
        'result_set.submitted',
        { status: 'draft' },
        { status: 'in_review', submittedBy: actor.username, ...(partial ? { partial } : {}) },
      );
    });
    return this.get(id);
  }

  /**
   * Refuses the step while blocking items remain. An override (managers only) covers the missing panels and is written
   * to `meta.release.partial`, which the certificate prints and the submission carries; an override recorded earlier
   * (at submit) still holds at approval while the same panels are missing.
   */
  private checkReady(
    actor: Actor,
    set: ResultSet,
    verb: 'submitted' | 'approved',
    override: ReleaseRequest['override'],
    holding: SampleHoldingCheck | null,
  ): PartialRelease | null {
    if (override && !MANAGERS.includes(actor.role)) {
      throw new Forbidden(`only a manager may release a partial set; ${actor.username} is a ${actor.role}`);
    }
    const items = this.readinessOf(set, holding);
    const missing = missingPanelsOf(items);
    const recorded = recordedPartial(set.meta);
    const carried = !override && recorded !== null && sameSet(recorded.missingPanels, missing) ? recorded : null;
    const overridden = Boolean(override) || carried !== null;
    const remaining = blockingItems(items, overridden);
    if (remaining.length > 0) throw new ReleaseNotReady(set.id, verb, items, remaining);
    if (override && missing.length === 0) {
      throw new InvalidInput('override', 'this set misses no panel New York requires: there is nothing to override');
    }
    if (missing.length === 0) {
      if (recorded) set.meta = withoutPartial(set.meta);
      return null;
    }
    const partial: PartialRelease = override
      ? { reason: override.reason, missingPanels: missing, by: actor.username, at: new Date().toISOString() }
      : carried!;
    set.meta = { ...(set.meta ?? {}), release: { ...releaseOf(set.meta), partial } };
    return partial;
  }

  /**
   * In review → approved, signed: the signer's password is checked first (400 without a signature, 401 for a wrong
   * password: nothing changes), then the set is approved, signed and queued for the state system in one transaction.
   */
  async approve(actor: Actor, id: string, request: ReleaseRequest = {}): Promise<ApprovedResultSetView> {
    const signer = await this.signatures.verify(actor, request.signature, 'approve', [id]);
    return this.approveSigned(actor, signer, id, request.override);
  }

  /**
   * Several sets under one signature: one password check, then each set approved in its own transaction with its own
   * signature record. A set that cannot be approved is refused with the reason approving it alone would give; the
   * others go on. The answer lists every set's outcome, in the order asked.
   */
  async approveMany(actor: Actor, request: BulkApproveRequest): Promise<BulkApprovalView> {
    const signer = await this.signatures.verify(actor, request.signature, 'approve', request.ids);
    const outcomes: BulkApprovalOutcome[] = [];
    for (const id of request.ids) {
      try {
        const approved = await this.approveSigned(actor, signer, id, request.override);
        outcomes.push({
          id,
          outcome: 'approved',
          version: approved.version,
          signature: approved.signature,
          submission: approved.submission,
        });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        outcomes.push({
          id,
          outcome: 'refused',
          statusCode: e.status,
          message: e.message,
          ...(e.details !== undefined ? { details: e.answerDetails() } : {}),
          ...(e.body ?? {}),
        });
      }
    }
    const approved = outcomes.filter((o) => o.outcome === 'approved').length;
    return { approved, refused: outcomes.length - approved, outcomes };
  }

  private async approveSigned(
    actor: Actor,
    signer: Signer,
    id: string,
    override: ReleaseRequest['override'],
  ): Promise<ApprovedResultSetView> {
    const holding = await this.sampleHolding(id);
    const done = await this.em.fork().transactional(async (em) => {
      const releasedAt = new Date();
      await this.transition(em, id, 'approved', ['in_review'], {
        status: 'approved',
        approvedBy: actor.username,
        approvedAt: releasedAt,
      });
      const set = await this.load(em, id);
      const blocked = twoPersonRuleBlocks(actor.username, set, await this.settings.allowSelfApproval(em));
      if (blocked) throw new TwoPersonRuleViolation(actor.username, blocked);
      const conflicts = unresolvedConflicts(set.results.getItems());
      if (conflicts.length > 0) throw new UnresolvedConflicts(conflicts);
      const partial = this.checkReady(actor, set, 'approved', override, holding);
      const signature = this.signatures.sign(em, signer, 'approve', set);
      set.meta = withReleaseSignature(set.meta, signature);

      const amended = set.amends;
      if (amended) await this.transition(em, amended.id, 'superseded', ['approved'], { status: 'superseded' });
      const queued = await this.outbox.enqueue(em, set, set.results.getItems(), { actor: actor.username, releasedAt });
      await this.record(
        em,
        actor,
        set,
        'result_set.approved',
        { status: 'in_review' },
        {
          status: 'approved',
          approvedAt: releasedAt.toISOString(),
          createdBy: set.createdBy,
          submittedBy: set.submittedBy,
          verdict: set.verdict,
          submission: queued.id,
          deadlineAt: queued.deadlineAt.toISOString(),
          ...(partial ? { partial } : {}),
          ...(amended ? { supersedes: { id: amended.id, version: amended.version } } : {}),
          signature: signatureRef(signature),
        },
      );
      if (amended) {
        await this.record(
          em,
          actor,
          amended,
          'result_set.superseded',
          { status: 'approved' },
          {
            status: 'superseded',
            supersededBy: { id: set.id, version: set.version },
            reason: set.amendmentReason,
          },
        );
      }
      const submission = {
        id: queued.id,
        target: queued.target,
        kind: queued.kind,
        status: queued.status,
        deadlineAt: queued.deadlineAt.toISOString(),
      };
      return { submission, signature };
    });
    return { ...(await this.get(id)), submission: done.submission, signature: toSignatureView(done.signature) };
  }

  /** In review → draft with the reason, signed (the signature covers the content as it was rejected). */
  async reject(actor: Actor, id: string, dto: RejectResultSetDto): Promise<ResultSetView> {
    const signer = await this.signatures.verify(actor, dto.signature, 'reject', [id]);
    await this.em.fork().transactional(async (em) => {
      await this.transition(em, id, 'rejected', ['in_review'], { status: 'draft', rejectionReason: dto.reason });
      const set = await this.load(em, id);
      const signature = this.signatures.sign(em, signer, 'reject', set);
      await this.record(
        em,
        actor,
        set,
        'result_set.rejected',
        { status: 'in_review', submittedBy: set.submittedBy },
        { status: 'draft', reason: dto.reason, signature: signatureRef(signature) },
      );
    });
    return this.get(id);
  }

  /**
   * A new draft version of an approved set: every measured result copied, the changes applied through
   * the catalog, the whole set re-evaluated. The approved version stays as it is until the amendment is
   * approved, which supersedes it. One amendment per version (a unique key backs the check).
   */
  async amend(actor: Actor, id: string, dto: AmendResultSetDto): Promise<ResultSetView> {
    const signer = await this.signatures.verify(actor, dto.signature, 'amend', [id]);
    const amendmentId = await this.em.fork().transactional(async (em) => {
      // Takes the row lock without changing the approved row, so concurrent amendments queue here.
      await this.transition(em, id, 'amended', ['approved'], { status: 'approved' }, { touch: false });
      const old = await this.load(em, id);
      const open = await em.findOne(ResultSet, { amends: old });
      if (open) throw new Conflict(`result set ${id} already has amendment ${open.id} (version ${open.version}, ${open.status})`);

      const measured = old.results.getItems().filter((r) => !r.derived);
      const plan = planAmendment(old.results.getItems(), dto.changes);
      if (!plan.ok) throw new AmendmentRefused(`changes[${plan.index}].${plan.field}`, plan.message, plan.candidates);

      const next = new ResultSet(old.sample, 'amendment', actor.username);
      next.version = old.version + 1;
      next.amends = old;
      next.amendmentReason = dto.reason;
      // The new version carries the values of the one it amends, and its amender's changes.
      next.contributors = withContribution(old.contributors, actor.username, 'amended');
      const changes = [
        ...plan.changes.map(changeSummary),
        ...plan.removals.map((r) => ({ analyte: r.analyte, before: r.before, after: null })),
      ];
      const removed = new Set(plan.removals.map((r) => r.analyte));
      // A release record (override, signatures) belongs to the version released; the amendment gets its own.
      next.meta = {
        ...withoutRelease(old.meta),
        amendment: { of: { id: old.id, version: old.version }, reason: dto.reason, changes },
      };
      const planned = new Map(plan.changes.map((c) => [c.analyte, c]));
      for (const r of measured.filter((m) => !removed.has(m.analyte)))
        copyResult(next, r, planned.get(r.analyte), actor.username);
      for (const c of plan.changes.filter((x) => x.before === null)) addResult(next, c, actor.username);
      em.persist(next);
      this.drafts.reevaluate(em, next, old.sample, testedOn(old));
      try {
        await em.flush();
      } catch (e) {
        if (e instanceof UniqueConstraintViolationException) throw new Conflict(`result set ${id} was amended concurrently`);
        throw e;
      }
      await this.record(em, actor, next, 'result_set.created', null, {
        sample: old.sample.labSampleId,
        version: next.version,
        origin: 'amendment',
        amends: { id: old.id, version: old.version },
        reason: dto.reason,
        changes,
        verdict: next.verdict,
      });
      // The amender signs the approved version they amend (its content is fixed); the reason and changes go with it.
      const signature = this.signatures.sign(em, signer, 'amend', old);
      await this.record(em, actor, old, 'result_set.amended', null, {
        amendment: { id: next.id, version: next.version },
        reason: dto.reason,
        changes,
        signature: signatureRef(signature),
      });
      return next.id;
    });
    return this.get(amendmentId);
  }

  /** Keeps the reading on the result, or takes one of the conflicting readings, with a reason (drafts only). */
  async resolveConflict(actor: Actor, id: string, dto: ResolveConflictDto): Promise<ResultSetView> {
    await this.em.fork().transactional(async (em) => {
      await this.transition(em, id, 'changed', ['draft'], { status: 'draft' });
      const set = await this.load(em, id);
      const resolved = resolveAnalyte(dto.analyte);
      const key = resolved.ok ? resolved.analyte.key : dto.analyte;
      const result = set.results.getItems().find((r) => r.analyte === key && !r.derived);
      if (!result) throw new NotFound(`result for ${dto.analyte} in result set`, id);
      const readings = pendingReadings(result.conflict);
      if (readings.length === 0) throw new Conflict(`${key} has no unresolved conflict in result set ${id}`);
      if (dto.choose !== 'existing' && dto.choose >= readings.length) {
        throw new InvalidInput('choose', `expected 'existing' or an index from 0 to ${readings.length - 1}`);
      }
      await this.resolveOne(em, actor, set, result, dto.choose, dto.reason);
    });
    return this.get(id);
  }

  /**
   * Resolves every open conflict of a draft where one source reported a reading ("take all from this source"), or
   * keeps every reading already on the results, with one reason, in one transaction. Conflicts the source took no
   * part in stay open and are named in the answer.
   */
  async resolveConflictsBySource(
    actor: Actor,
    id: string,
    dto: ResolveConflictsDto,
  ): Promise<{ set: ResultSetView; resolved: string[]; untouched: string[] }> {
    const outcome = await this.em.fork().transactional(async (em) => {
      await this.transition(em, id, 'changed', ['draft'], { status: 'draft' });
      const set = await this.load(em, id);
      const resolved: string[] = [];
      const untouched: string[] = [];
      for (const result of set.results.getItems().filter((r) => !r.derived)) {
        const readings = pendingReadings(result.conflict);
        if (readings.length === 0) continue;
        const index = readings.findIndex((r) => r.sha256 === dto.take);
        const choice: 'existing' | number | null =
          dto.take === 'existing' || result.sourceFile?.sha256 === dto.take ? 'existing' : index >= 0 ? index : null;
        if (choice === null) {
          untouched.push(result.analyte);
          continue;
        }
        await this.resolveOne(em, actor, set, result, choice, dto.reason);
        resolved.push(result.analyte);
      }
      if (resolved.length === 0) throw new Conflict(`no open conflict of result set ${id} has a reading from that source`);
      return { resolved, untouched };
    });
    return { set: await this.get(id), ...outcome };
  }

  /**
   * One conflict resolved: the chosen reading goes on the result with its own LOQ and printed limit; a reading
   * that carries none keeps the result's (never silently dropped), and the audit event says which was kept.
   */
  private async resolveOne(
    em: EntityManager,
    actor: Actor,
    set: ResultSet,
    result: Result,
    choose: 'existing' | number,
    reason: string,
  ): Promise<void> {
    const readings = pendingReadings(result.conflict);
    const existing = readingOf(result);
    const chosen = choose === 'existing' ? existing : readings[choose];
    const discarded = choose === 'existing' ? readings : [existing, ...readings.filter((_, i) => i !== choose)];
    const kept: string[] = [];
    if (choose !== 'existing') {
      result.value = chosen.value;
      result.qualifier = chosen.qualifier;
      result.unit = chosen.unit;
      result.reportedValue = chosen.reportedValue;
      result.reportedUnit = chosen.reportedUnit;
      if (chosen.loq) result.loq = chosen.loq;
      else if (result.loq) kept.push(`LOQ ${result.loq}`);
      if (chosen.limit || chosen.limitText) {
        result.limit = chosen.limit ?? null;
        result.limitText = chosen.limitText ?? null;
      } else if (result.limit || result.limitText) kept.push(`limit ${result.limit ?? result.limitText}`);
      result.provenance = chosen.provenance as Provenance;
      result.sourceFile = chosen.sha256 ? await em.findOne(SourceFile, { sha256: chosen.sha256 }) : null;
    }
    const at = new Date().toISOString();
    result.conflict = {
      resolved: { choice: choose, reason, by: actor.username, at, kept: readingOf(result), discarded, keptFromBefore: kept },
    };
    set.contributors = withContribution(set.contributors, actor.username, 'resolved_conflict');
    this.drafts.reevaluate(em, set, set.sample, testedOn(set));
    await this.record(
      em,
      actor,
      set,
      'result_set.conflict_resolved',
      { analyte: result.analyte, ...readingFields(existing), conflicting: readings.map(readingFields) },
      {
        analyte: result.analyte,
        choice: choose,
        reason,
        ...readingFields(readingOf(result)),
        ...(kept.length ? { keptFromBefore: kept } : {}),
        verdict: set.verdict,
      },
    );
  }

  /**
   * Compare-and-set on the status: moves the row only if it is still in one of `from`. On PostgreSQL the
   * UPDATE takes the row lock, so a concurrent transition waits and then finds the status changed.
   */
  private async transition(
    em: EntityManager,
    id: string,
    verb: string,
    from: readonly ResultSetStatus[],
    to: Partial<Pick<ResultSet, 'status' | 'submittedBy' | 'approvedBy' | 'approvedAt' | 'rejectionReason'>>,
    opts: { touch: boolean } = { touch: true },
  ): Promise<void> {
    const affected = await em.nativeUpdate(
      ResultSet,
      { id, status: { $in: [...from] } },
      { ...to, ...(opts.touch ? { updatedAt: new Date() } : {}) },
    );
    if (affected === 1) return;
    const current = await em.findOne(ResultSet, { id }, { fields: ['status'] });
    if (!current) throw new NotFound('result set', id);
    throw new InvalidTransition(id, current.status, verb, from);
  }

  /**
   * Confirms, corrects or drops, one by one, the values a person must look at before the set is submitted: a
   * manual entry's values pre-filled from its certificate, and in any draft the rows a reader was unsure of. A
   * row the reader could not read fully (no value, or a name not in the catalog) cannot be confirmed as read.
   */
  async confirmValues(actor: Actor, resultSetId: string, dto: ConfirmValuesDto): Promise<ConfirmationView> {
    await this.em.fork().transactional(async (em) => {
      // A compare-and-set on the status takes the row lock first, so a confirmation (a contribution, for the
      // two-person rule) never lands on a set that was submitted or approved meanwhile.
      const locked = await em.nativeUpdate(ResultSet, { id: resultSetId, status: 'draft' }, { updatedAt: new Date() });
      const set = await em.findOne(
        ResultSet,
        { id: resultSetId },
        { populate: ['results', 'sample', 'sample.client'], refresh: true },
      );
      if (!set) throw new NotFound('result set', resultSetId);
      if (locked !== 1)
        throw new Conflict(`result set ${resultSetId} is ${set.status}; values are confirmed while it is a draft`);
      const now = new Date();
      const manual = set.origin === 'manual';
      for (const [i, v] of dto.values.entries()) {
        const r = set.results.getItems().find((x) => x.analyte === v.analyte && !x.derived && (manual || x.unsure !== null));
        if (!r)
          throw new InvalidInput(`values.${i}.analyte`, `result set ${resultSetId} has no ${v.analyte} waiting for confirmation`);
        const before = {
          analyte: r.analyte,
          value: r.value,
          qualifier: r.qualifier,
          unit: r.unit,
          unsure: r.unsure,
          confirmedBy: r.confirmedBy,
        };
        const corrected = v.value !== undefined || v.qualifier !== undefined || v.as !== undefined;
        const prefix = manual ? 'manual_entry' : 'result_set';
        if (v.drop) {
          set.results.remove(r);
          em.remove(r);
          set.contributors = withContribution(set.contributors, actor.username, 'corrected');
          await this.audit.record(em, {
            actor: actor.username,
            action: `${prefix}.value_dropped`,
            entityType: 'result_set',
            entityId: set.id,
            before,
            after: { analyte: r.analyte, dropped: true },
          });
          continue;
        }
        if (corrected) {
          const target = v.as ?? r.analyte;
          if (isUnlisted(target))
            throw new InvalidInput(
              `values.${i}.as`,
              `"${r.name}" is not in the analyte catalog: name the catalog analyte it is, or drop it`,
            );
          const reading = readManualResult(
            { analyte: target, value: v.value, qualifier: v.qualifier, unit: v.unit ?? r.unit },
            `values.${i}`,
          );
          const taken = set.results.getItems().find((x) => x !== r && !x.derived && x.analyte === reading.analyte);
          if (taken) throw new InvalidInput(`values.${i}.as`, `result set ${resultSetId} already has ${reading.analyte}`);
          correct(r, reading);
        } else if (r.unsure !== null && (isUnlisted(r.analyte) || (r.value === null && r.qualifier === null))) {
          throw new InvalidInput(`values.${i}`, `"${r.name}" was not read fully (${r.unsure}): correct it or drop it`);
        }
        r.unsure = null;
        r.confirmedBy = actor.username;
        r.confirmedAt = now;
        set.contributors = withContribution(set.contributors, actor.username, corrected ? 'corrected' : 'confirmed');
        await this.audit.record(em, {
          actor: actor.username,
          action: corrected ? `${prefix}.value_corrected` : `${prefix}.value_confirmed`,
          entityType: 'result_set',
          entityId: set.id,
          before,
          after: { analyte: r.analyte, value: r.value, qualifier: r.qualifier, unit: r.unit, confirmedBy: r.confirmedBy },
        });
      }
      this.drafts.reevaluate(em, set, set.sample, testedOn(set));
    });
    return this.forConfirmation(resultSetId);
  }

  /** The set with the values that still wait for a person (a manual entry's answer). */
  async forConfirmation(id: string): Promise<ConfirmationView> {
    const view = await this.get(id);
    const manual = view.origin === 'manual';
    const pending = view.results
      .filter((r) => !r.derived && (r.unsure !== null || (manual && r.confirmedBy === null)))
      .map((r) => r.analyte);
    return { ...view, pendingConfirmation: pending };
  }

  private async load(em: EntityManager, id: string): Promise<ResultSet> {
    const set = await em.findOne(ResultSet, { id }, { populate: [...POPULATE], refresh: true });
    if (!set) throw new NotFound('result set', id);
    return set;
  }

  private async record(
    em: EntityManager,
    actor: Actor,
    set: ResultSet,
    action: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(em, { actor: actor.username, action, entityType: 'result_set', entityId: set.id, before, after });
  }
}

/** The certificate prints the release's signatures from `meta.release.signatures` (see licensee/release-record.ts). */
function withReleaseSignature(
  meta: Record<string, unknown> | null,
  s: { username: string; fullName: string; title: string | null; meaning: string; signedAt: Date },
): Record<string, unknown> {
  const release = releaseOf(meta);
  const earlier = Array.isArray(release.signatures) ? (release.signatures as unknown[]) : [];
  const signed = { username: s.username, fullName: s.fullName, title: s.title, meaning: s.meaning, at: s.signedAt.toISOString() };
  return { ...(meta ?? {}), release: { ...release, signatures: [...earlier, signed] } };
}

/** The date the results were tested (selects the limit table): as recorded at import, else the day the set was made. */
function testedOn(set: ResultSet): string {
  const recorded = set.meta?.testedOn;
  return typeof recorded === 'string' ? recorded : set.createdAt.toISOString().slice(0, 10);
}

function readingOf(r: Result): ConflictReading {
  return {
    value: r.value,
    qualifier: r.qualifier,
    unit: r.unit,
    reportedValue: r.reportedValue,
    reportedUnit: r.reportedUnit,
    loq: r.loq,
    limit: r.limit,
    limitText: r.limitText,
    sha256: r.sourceFile?.sha256 ?? null,
    provenance: r.provenance,
  };
}

const readingFields = (r: ConflictReading) => ({
  value: r.value,
  qualifier: r.qualifier,
  unit: r.unit,
  reportedValue: r.reportedValue,
  reportedUnit: r.reportedUnit,
  loq: r.loq ?? null,
  limit: r.limit ?? r.limitText ?? null,
  sha256: r.sha256,
});

function changeSummary(c: PlannedChange) {
  return {
    analyte: c.analyte,
    before: c.before,
    after: {
      value: c.reading.value,
      qualifier: c.reading.qualifier,
      unit: c.reading.unit,
      reportedValue: c.reading.reportedValue,
      reportedUnit: c.reading.reportedUnit,
      loq: c.reading.loq,
    },
  };
}

/** Copies a measured result into the new version, with its change applied when it has one. */
function copyResult(next: ResultSet, from: Result, change: PlannedChange | undefined, actor: string): void {
  const r = new Result(next, from);
  if (change) applyChange(r, change, actor, next.version);
  next.results.add(r);
}

/** An analyte the amended version did not report. */
function addResult(next: ResultSet, change: PlannedChange, actor: string): void {
  const { reading } = change;
  const r = new Result(next, {
    panel: reading.panel,
    analyte: reading.analyte,
    name: reading.name,
    unit: reading.unit,
    reportedValue: reading.reportedValue,
    reportedUnit: reading.reportedUnit,
    status: 'not_tested',
    provenance: amendmentProvenance(actor, next.version),
  });
  applyChange(r, change, actor, next.version);
  next.results.add(r);
}

/** The amended reading replaces the copied one; the value now comes from the person who amended it. */
function applyChange(r: Result, { reading }: PlannedChange, actor: string, version: number): void {
  r.value = reading.value;
  r.qualifier = reading.qualifier;
  r.unit = reading.unit;
  r.reportedValue = reading.reportedValue;
  r.reportedUnit = reading.reportedUnit;
  r.loq = reading.loq;
  r.limit = reading.limit ?? r.limit;
  r.limitText = reading.limitText ?? r.limitText;
  r.provenance = amendmentProvenance(actor, version);
  r.sourceFile = null;
  r.conflict = null;
  r.unsure = null;
  r.confirmedBy = actor;
  r.confirmedAt = new Date();
}

const amendmentProvenance = (actor: string, version: number): Provenance => ({
  kind: 'field',
  field: `amendment v${version} by ${actor}`,
});

function correct(r: Result, reading: ReturnType<typeof readManualResult>): void {
  r.analyte = reading.analyte;
  r.panel = reading.panel;
  r.value = reading.value;
  r.qualifier = reading.qualifier;
  r.unit = reading.unit;
  r.reportedValue = reading.reportedValue;
  r.reportedUnit = reading.reportedUnit;
}
