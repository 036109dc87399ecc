import type { Provenance } from '../files/provenance';
import { Injectable } from '@nestjs/common';
import { type EntityManager, LockMode } from '@mikro-orm/core';
import { type AuditEntry, AuditService } from '../audit/audit.service';
import { sameJson } from '../common/canonical-json';
import { bulkInsert } from '../db/bulk-insert';
import { isPostgres } from '../db/platform';
import { compareDecimals, type NormalizedResult } from '../catalog';
import type { SourceFile } from '../files/source-file.entity';
import type { Sample } from '../samples/sample.entity';
import type { DraftOutcome, DraftRequest, DraftSource } from './draft-request';
import { evaluateResultSet } from './evaluate-result-set';
import type { IncomingResult } from './incoming-result';
import { LimitTableStore } from './limit-table.store';
import { Result } from './result.entity';
import { ResultSet } from './result-set.entity';
import { withContribution } from './review-rules';
import { toNormalized } from './result.mapper';

/**
 * Puts results from one source into the sample's current draft. Results from several sources combine
 * into one result set per sample; a value that arrives again with a different reading is recorded as a
 * conflict on the existing result for the reviewer, never overwritten.
 */
@Injectable()
export class ResultDraftService {
  constructor(
    private readonly audit: AuditService,
    private readonly limits: LimitTableStore,
  ) {}

  async addResults(
    em: EntityManager,
    actor: string,
    sample: Sample,
    incoming: IncomingResult[],
    source: DraftSource,
  ): Promise<DraftOutcome> {
    const [outcome] = await this.addResultsToMany(em, actor, [{ sample, incoming, source }]);
    return outcome;
  }

  /**
   * `addResults` for many samples at once, with the database work batched: one query for the samples' current
   * sets and their results, multi-row inserts for new sets, results and audit events. Changes to sets that
   * already existed are left to the caller's flush. With `pendingEvents` the audit events are appended there,
   * for the caller to record later in the same transaction together with its own.
   */
  async addResultsToMany(
    em: EntityManager,
    actor: string,
    requests: DraftRequest[],
    pendingEvents?: AuditEntry[],
  ): Promise<DraftOutcome[]> {
    if (requests.length === 0) return [];
    const latest = await this.currentSets(
      em,
      requests.map((r) => r.sample),
    );
    const events: AuditEntry[] = [];
    const created: ResultSet[] = [];
    const outcomes = requests.map((request) => {
      const outcome = this.draft(actor, request, latest.get(request.sample.id) ?? null, events, created);
      latest.set(request.sample.id, outcome.resultSet);
      return outcome;
    });
    await this.insertCreated(em, created);
    if (pendingEvents) pendingEvents.push(...events);
    else await this.audit.recordMany(em, events);
    return outcomes;
  }

  /**
   * New sets and their results are inserted in batches and come back detached: the unit of work would spend
   * seconds tracking the entities of a 10,000-sample export. Callers read them; nothing changes them afterwards
   * (a value confirmed at entry arrives already confirmed, see `IncomingResult.confirmed`).
   */
  private async insertCreated(em: EntityManager, sets: ResultSet[]): Promise<void> {
    if (sets.length === 0) return;
    await em.flush(); // what the new rows refer to (a sample registered in this transaction) goes first
    await bulkInsert(em, sets);
    await bulkInsert(
      em,
      sets.flatMap((s) => s.results.getItems()),
    );
  }

  /**
   * Each sample's newest set that is not superseded, with its results. On PostgreSQL the rows are locked so an
   * import and a workflow transition of the same set take turns (SQLite runs one write transaction at a time).
   */
  private async currentSets(em: EntityManager, samples: Sample[]): Promise<Map<string, ResultSet>> {
    const locking = isPostgres(em);
    const sets = await em.find(
      ResultSet,
      { sample: { $in: [...new Set(samples.map((s) => s.id))] }, status: { $ne: 'superseded' } },
      { orderBy: { version: 'desc', createdAt: 'desc' }, ...(locking ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}) },
    );
    const current = new Map<string, ResultSet>();
    for (const set of sets) if (!current.has(set.sample.id)) current.set(set.sample.id, set);
    await em.populate([...current.values()], ['results']);
    return current;
  }

  private draft(
    actor: string,
    request: DraftRequest,
    latest: ResultSet | null,
    events: AuditEntry[],
    created: ResultSet[],
  ): DraftOutcome {
    const { sample, incoming, source } = request;
    if (latest?.status === 'approved') return { kind: 'blocked_by_approved', resultSet: latest };

    const set = latest ?? this.newDraft(actor, sample, source.origin, events, created);
    if (set.status === 'in_review') {
      set.status = 'draft';
      events.push({
        actor,
        action: 'result_set.returned_to_draft',
        entityType: 'result_set',
        entityId: set.id,
        before: { status: 'in_review' },
        after: { status: 'draft', reason: 'new results arrived from another source' },
      });
    }

    const byAnalyte = new Map(
      set.results
        .getItems()
        .filter((r) => !r.derived)
        .map((r) => [r.analyte, r]),
    );
    let added = 0;
    let duplicates = 0;
    const conflicts: string[] = [];
    for (const inc of incoming) {
      const existing = byAnalyte.get(inc.analyte);
      if (!existing) {
        const r = this.newResult(set, inc, source.sourceFile);
        byAnalyte.set(inc.analyte, r);
        added++;
      } else if (sameReading(existing, inc)) {
        duplicates++;
      } else {
        existing.conflict = {
          values: [
            ...(((existing.conflict?.values as unknown[]) ?? []) as unknown[]),
            {
              value: inc.value,
              qualifier: inc.qualifier,
              unit: inc.unit,
              reportedValue: inc.reportedValue,
              reportedUnit: inc.reportedUnit,
              loq: inc.loq,
              limit: inc.limit,
              limitText: inc.limitText,
              sha256: source.sourceFile?.sha256 ?? provenanceSha256(inc.provenance),
              provenance: inc.provenance,
            },
          ],
        };
        conflicts.push(inc.analyte);
      }
    }
    // Every import into the version makes its importer a contributor, even one that only repeated values.
    const contributors = withContribution(set.contributors, actor, source.origin === 'manual' ? 'entered' : 'imported');
    if (contributors.length !== set.contributors.length) set.contributors = contributors;
    const meta = { ...(set.meta ?? {}), ...(source.meta ?? {}), testedOn: source.testedOn };
    if (!sameJson(set.meta, meta)) set.meta = meta;
    this.evaluate(set, sample, source.testedOn);
    events.push({
      actor,
      action: 'result_set.results_added',
      entityType: 'result_set',
      entityId: set.id,
      // An import passes its file as a reference (sha256 not loaded): its results' provenance names the file.
      after: {
        source: source.sourceFile?.sha256 ?? provenanceSha256(incoming[0]?.provenance) ?? source.origin,
        added,
        duplicates,
        conflicts,
        verdict: set.verdict,
      },
    });
    return { kind: 'drafted', resultSet: set, added, duplicates, conflicts };
  }

  /**
   * Recomputes the derived totals and every status against the limit table in force on `testedOn`.
   * The set's results must be loaded.
   */
  reevaluate(em: EntityManager, set: ResultSet, sample: Sample, testedOn: string): void {
    this.evaluate(set, sample, testedOn);
    em.persist(set);
  }

  private evaluate(set: ResultSet, sample: Sample, testedOn: string): void {
    const measured = set.results.getItems().filter((x) => !x.derived);
    const { results, evaluation } = evaluateResultSet(measured.map(toNormalized), sample, this.limits.tableFor(testedOn));
    const derived = this.updateDerived(set, results.slice(measured.length));
    evaluation.results.forEach((ev, i) => {
      const r = i < measured.length ? measured[i] : derived[i - measured.length];
      r.status = ev.status;
      const applied = ev.appliedLimit
        ? { ...ev.appliedLimit, ...(ev.note ? { note: ev.note } : {}) }
        : ev.note
          ? { note: ev.note }
          : null;
      // Assigned only when it changed, so an unchanged result is not written back (see `sameJson`).
      if (!sameJson(r.appliedLimit, applied)) r.appliedLimit = applied;
    });
    const { results: _omit, ...summary } = evaluation;
    if (!sameJson(set.evaluation, summary)) set.evaluation = summary as unknown as Record<string, unknown>;
    set.verdict = evaluation.verdict;
  }

  private newDraft(actor: string, sample: Sample, origin: string, events: AuditEntry[], created: ResultSet[]): ResultSet {
    const set = new ResultSet(sample, origin, actor);
    created.push(set);
    events.push({
      actor,
      action: 'result_set.created',
      entityType: 'result_set',
      entityId: set.id,
      after: { sample: sample.labSampleId, version: set.version, origin },
    });
    return set;
  }

  private newResult(set: ResultSet, inc: IncomingResult, sourceFile: SourceFile | null): Result {
    const r = new Result(set, {
      ...inc,
      status: 'not_tested',
      sourceFile,
      unsure: inc.unsure ?? null,
      confirmedBy: inc.confirmed?.by ?? null,
      confirmedAt: inc.confirmed?.at ?? null,
    });
    set.results.add(r);
    return r;
  }

  /**
   * The set's derived totals made to match `totals`: a total it already has keeps its row and changes only
   * where it differs, so re-evaluating a set whose totals stand writes nothing; totals no longer computed go.
   */
  private updateDerived(set: ResultSet, totals: NormalizedResult[]): Result[] {
    const existing = new Map(
      set.results
        .getItems()
        .filter((r) => r.derived)
        .map((r) => [r.analyte, r]),
    );
    const kept = totals.map((total) => {
      const r = existing.get(total.analyte);
      if (!r) return this.derivedResult(set, total);
      existing.delete(total.analyte);
      for (const key of DERIVED_FIELDS)
        if (r[key] !== (total[key] ?? null)) (r as unknown as Record<string, unknown>)[key] = total[key] ?? null;
      return r;
    });
    for (const gone of existing.values()) set.results.remove(gone);
    return kept;
  }

  private derivedResult(set: ResultSet, total: NormalizedResult): Result {
    const r = this.newResult(set, { ...total, provenance: { kind: 'field', field: 'computed by the catalog' } }, null);
    r.derived = true;
    return r;
  }
}

/** What a computed total is made of; the rest of a derived result (provenance, source) never changes. */
const DERIVED_FIELDS = [
  'panel',
  'name',
  'value',
  'qualifier',
  'unit',
  'reportedValue',
  'reportedUnit',
  'loq',
  'limit',
  'limitText',
] as const;

/** Same qualifier and unit, and numerically equal values ("0.30" and "0.3" are one reading). */
function sameReading(r: Result, inc: NormalizedResult): boolean {
  if (r.qualifier !== inc.qualifier || r.unit !== inc.unit) return false;
  if (r.value === null || inc.value === null) return r.value === inc.value;
  return compareDecimals(r.value, inc.value) === 0;
}

/** The file a reading's provenance names, when it came from one. */
function provenanceSha256(p: Provenance | undefined): string | null {
  const sha = (p as { sha256?: unknown } | undefined)?.sha256;
  return typeof sha === 'string' ? sha : null;
}
