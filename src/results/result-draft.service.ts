import { Injectable } from '@nestjs/common';
import { type EntityManager, LockMode } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import { compareDecimals, type NormalizedResult } from '../catalog';
import type { Provenance } from '../ingest/parsed-batch';
import type { SourceFile } from '../ingest/source-file.entity';
import type { Sample } from '../samples/sample.entity';
import { evaluateResultSet } from './evaluate-result-set';
import { LimitTableStore } from './limit-table.store';
import { Result } from './result.entity';
import { ResultSet } from './result-set.entity';
import { toNormalized } from './result.mapper';

export interface IncomingResult extends NormalizedResult {
  provenance: Provenance;
  unsure?: string;
}

export interface DraftSource {
  origin: 'import' | 'manual';
  sourceFile: SourceFile | null;
  /** Certificate / source facts merged into the result set's meta. */
  meta?: Record<string, unknown>;
  /** Date the results were tested (YYYY-MM-DD): selects the limit table. */
  testedOn: string;
}

export type DraftOutcome =
  | { kind: 'drafted'; resultSet: ResultSet; added: number; duplicates: number; conflicts: string[] }
  | { kind: 'blocked_by_approved'; resultSet: ResultSet };

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

  async addResults(em: EntityManager, actor: string, sample: Sample, incoming: IncomingResult[], source: DraftSource): Promise<DraftOutcome> {
    // On PostgreSQL the row is locked so an import and a workflow transition of the same set take turns
    // (SQLite runs one write transaction at a time anyway).
    const locking = em.getPlatform().constructor.name.startsWith('PostgreSql');
    const latest = await em.findOne(
      ResultSet,
      { sample, status: { $ne: 'superseded' } },
      { orderBy: { version: 'desc', createdAt: 'desc' }, ...(locking ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}) },
    );
    if (latest) await em.populate(latest, ['results']);
    if (latest?.status === 'approved') return { kind: 'blocked_by_approved', resultSet: latest };

    const set = latest ?? (await this.newDraft(em, actor, sample, source.origin));
    if (set.status === 'in_review') {
      set.status = 'draft';
      await this.audit.record(em, {
        actor,
        action: 'result_set.returned_to_draft',
        entityType: 'result_set',
        entityId: set.id,
        before: { status: 'in_review' },
        after: { status: 'draft', reason: 'new results arrived from another source' },
      });
    }

    const byAnalyte = new Map(set.results.getItems().filter((r) => !r.derived).map((r) => [r.analyte, r]));
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
              sha256: source.sourceFile?.sha256 ?? null,
              provenance: inc.provenance,
            },
          ],
        };
        conflicts.push(inc.analyte);
      }
    }
    set.meta = { ...(set.meta ?? {}), ...(source.meta ?? {}), testedOn: source.testedOn };
    this.reevaluate(em, set, sample, source.testedOn);
    await this.audit.record(em, {
      actor,
      action: 'result_set.results_added',
      entityType: 'result_set',
      entityId: set.id,
      after: { source: source.sourceFile?.sha256 ?? source.origin, added, duplicates, conflicts, verdict: set.verdict },
    });
    return { kind: 'drafted', resultSet: set, added, duplicates, conflicts };
  }

  /**
   * Recomputes the derived totals and every status against the limit table in force on `testedOn`.
   * The set's results must be loaded.
   */
  reevaluate(em: EntityManager, set: ResultSet, sample: Sample, testedOn: string): void {
    for (const r of set.results.getItems().filter((x) => x.derived)) set.results.remove(r);
    const measured = set.results.getItems();
    const { results, evaluation } = evaluateResultSet(measured.map(toNormalized), sample, this.limits.tableFor(testedOn));
    evaluation.results.forEach((ev, i) => {
      const r = i < measured.length ? measured[i] : this.derivedResult(set, results[i]);
      r.status = ev.status;
      r.appliedLimit = ev.appliedLimit ? { ...ev.appliedLimit, ...(ev.note ? { note: ev.note } : {}) } : ev.note ? { note: ev.note } : null;
    });
    const { results: _omit, ...summary } = evaluation;
    set.evaluation = summary as unknown as Record<string, unknown>;
    set.verdict = evaluation.verdict;
    em.persist(set);
  }

  private async newDraft(em: EntityManager, actor: string, sample: Sample, origin: string): Promise<ResultSet> {
    const set = new ResultSet(sample, origin, actor);
    em.persist(set);
    await this.audit.record(em, {
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
      panel: inc.panel,
      analyte: inc.analyte,
      name: inc.name,
      unit: inc.unit,
      reportedValue: inc.reportedValue,
      reportedUnit: inc.reportedUnit,
      status: 'not_tested',
      provenance: inc.provenance,
    });
    r.value = inc.value;
    r.qualifier = inc.qualifier;
    r.loq = inc.loq;
    r.limit = inc.limit;
    r.limitText = inc.limitText;
    r.unsure = inc.unsure ?? null;
    r.sourceFile = sourceFile;
    set.results.add(r);
    return r;
  }

  private derivedResult(set: ResultSet, total: NormalizedResult): Result {
    const r = this.newResult(set, { ...total, provenance: { kind: 'field', field: 'computed by the catalog' } }, null);
    r.derived = true;
    return r;
  }
}

/** Same qualifier and unit, and numerically equal values ("0.30" and "0.3" are one reading). */
function sameReading(r: Result, inc: NormalizedResult): boolean {
  if (r.qualifier !== inc.qualifier || r.unit !== inc.unit) return false;
  if (r.value === null || inc.value === null) return r.value === inc.value;
  return compareDecimals(r.value, inc.value) === 0;
}
