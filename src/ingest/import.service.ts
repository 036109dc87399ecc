import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import { Conflict, InvalidInput, NotFound } from '../common/errors';
import { SampleService } from '../samples/sample.service';
import { ResultDraftService } from '../results/result-draft.service';
import { Sample } from '../samples/sample.entity';
import { FileStore, safeFileName } from './file-store.service';
import { ImportRecord } from './import-record.entity';
import { ImportRejected } from './import-rejected.error';
import type { AttachUnmatchedDto, ImportFieldsDto } from './import.schemas';
import { unmatchedEntry, type ImportSummary, type ImportedResultSet, type UnmatchedEntry } from './import-summary';
import { completePending } from './pending-calculations';
import { describeRef, lookupKeys, normalize, type NormalizedSample } from './pipeline';
import { SOURCE_ADAPTERS, type SourceAdapter, type SourceFileInput } from './source-adapter';
import { SourceFile } from './source-file.entity';
import type { ParsedBatch } from './parsed-batch';

export interface Upload {
  name?: string;
  bytes: Buffer;
  mimeType?: string;
}

/**
 * The only step of the pipeline with I/O: keep the file by its hash, parse it with the chosen adapter,
 * run the pure steps, and store draft results, the import record and audit events in one transaction.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly em: EntityManager,
    private readonly files: FileStore,
    @Inject(SOURCE_ADAPTERS) private readonly adapters: SourceAdapter[],
    private readonly samples: SampleService,
    private readonly drafts: ResultDraftService,
    private readonly audit: AuditService,
  ) {}

  /** Imports a file; the same bytes imported before return the existing import (`created: false`). */
  async import(actor: string, upload: Upload, fields: ImportFieldsDto): Promise<{ created: boolean; summary: ImportSummary }> {
    const file: SourceFileInput = {
      name: safeFileName(upload.name),
      bytes: upload.bytes,
      sha256: FileStore.sha256(upload.bytes),
      mimeType: upload.mimeType,
    };
    const previous = await this.importedBefore(this.em.fork(), file.sha256);
    if (previous) return { created: false, summary: previous };

    await this.files.put(file.bytes);
    try {
      if (file.bytes.length === 0) throw new ImportRejected('the file is empty', { code: 'empty_file' });
      const { adapter, template } = await this.choose(file, fields.template);
      const prep = { mass: fields.mass, volume: fields.volume, dilution: fields.dilution };
      const batch = await adapter.parse(file, { template, prep, mapping: fields.mapping });
      const normalized = normalize(batch, template);
      return await this.store(actor, file, batch, normalized);
    } catch (e) {
      if (e instanceof ImportRejected) await this.recordRejection(actor, file, e, fields.template);
      throw e;
    }
  }

  async get(id: string): Promise<ImportSummary> {
    const record = await this.em.fork().findOne(ImportRecord, { id });
    if (!record) throw new NotFound('import', id);
    return record.summary as unknown as ImportSummary;
  }

  async list(limit: number): Promise<Array<Pick<ImportSummary, 'id' | 'status' | 'template' | 'sourceFile' | 'createdBy' | 'createdAt'> & { unmatched: number }>> {
    const records = await this.em.fork().find(ImportRecord, {}, { orderBy: { createdAt: 'desc' }, limit, populate: ['sourceFile'] });
    return records.map((r) => {
      const s = r.summary as unknown as Partial<ImportSummary>;
      return {
        id: r.id,
        status: r.status,
        template: r.template ?? '',
        sourceFile: { sha256: r.sourceFile.sha256, name: r.sourceFile.name, size: r.sourceFile.size },
        createdBy: r.createdBy,
        createdAt: r.createdAt.toISOString(),
        unmatched: (s.unmatched ?? []).filter((u) => !u.attached).length,
      };
    });
  }

  templates(): Array<{ adapter: string; id: string; title: string; auto: boolean }> {
    return this.adapters.flatMap((a) => a.listTemplates().map((t) => ({ adapter: a.kind, id: t.id, title: t.title, auto: t.auto })));
  }

  /** Attaches an unmatched entry of an import to a sample a person chose, finishing pending calculations. */
  async attach(actor: string, importId: string, dto: AttachUnmatchedDto): Promise<ImportSummary> {
    return this.em.fork().transactional(async (em) => {
      const record = await em.findOne(ImportRecord, { id: importId }, { populate: ['sourceFile'] });
      if (!record) throw new NotFound('import', importId);
      const summary = structuredClone(record.summary) as unknown as ImportSummary;
      const entry = summary.unmatched?.find((u) => u.index === dto.index);
      if (!entry) throw new InvalidInput('index', `import ${importId} has no unmatched entry ${dto.index}`);
      if (entry.attached) throw new Conflict(`unmatched entry ${dto.index} was already attached to sample ${entry.attached.sampleId}`);
      const sample = await em.findOne(Sample, { id: dto.sampleId }, { populate: ['client'] });
      if (!sample) throw new InvalidInput('sampleId', `no sample ${dto.sampleId}`);
      const done = completePending(entry.pending, sample.prep, summary.template);
      if (done.stillPending.length) {
        throw new Conflict(
          `sample ${sample.labSampleId} lacks preparation data (${[...new Set(done.stillPending.flatMap((p) => p.pending.missing))].join(', ')}): set it with PATCH /api/samples/${sample.id}`,
        );
      }
      const outcome = await this.drafts.addResults(em, actor, sample, [...entry.results, ...done.results], {
        origin: 'import',
        sourceFile: record.sourceFile,
        meta: certificateMeta(entry.meta),
        testedOn: testedOn(entry.meta),
      });
      if (outcome.kind === 'blocked_by_approved') {
        throw new Conflict(`sample ${sample.labSampleId} already has approved results; amend result set ${outcome.resultSet.id} instead`);
      }
      entry.attached = { sampleId: sample.id, resultSetId: outcome.resultSet.id, by: actor, at: new Date().toISOString() };
      await em.flush();
      summary.resultSets.push(importedSet(outcome.resultSet.id, sample, outcome.resultSet.version, outcome.resultSet.verdict, [...entry.results, ...done.results], outcome));
      record.summary = summary as unknown as Record<string, unknown>;
      await this.audit.record(em, {
        actor,
        action: 'import.unmatched_attached',
        entityType: 'import',
        entityId: record.id,
        after: { index: dto.index, sample: sample.labSampleId, resultSet: outcome.resultSet.id },
      });
      return summary;
    });
  }

  private async choose(file: SourceFileInput, explicit?: string): Promise<{ adapter: SourceAdapter; template: string }> {
    if (explicit) {
      const adapter = this.adapters.find((a) => a.hasTemplate(explicit));
      if (!adapter) {
        throw new ImportRejected(`unknown template "${explicit}"`, {
          template: explicit,
          expected: `one of ${this.templates().map((t) => t.id).join(', ')}`,
          code: 'unknown_template',
        });
      }
      return { adapter, template: explicit };
    }
    const detections = (
      await Promise.all(this.adapters.map(async (adapter) => (await adapter.detect(file)).map((d) => ({ adapter, ...d }))))
    ).flat();
    detections.sort((a, b) => b.score - a.score);
    if (detections.length) return { adapter: detections[0].adapter, template: detections[0].template };
    throw await this.explainNoTemplate(file);
  }

  /** The most specific reason any adapter gives; PDFs are explained by the certificate adapter. */
  private async explainNoTemplate(file: SourceFileInput): Promise<ImportRejected> {
    const isPdf = file.bytes.subarray(0, 5).toString('latin1') === '%PDF-';
    const ordered = [...this.adapters].sort((a, b) => Number(b.kind === 'coa') - Number(a.kind === 'coa')).filter((a) => isPdf === (a.kind === 'coa'));
    for (const adapter of ordered) {
      if (adapter.explainRejection) return adapter.explainRejection(file);
    }
    return new ImportRejected('no template recognises this file', {
      expected: `an instrument export or certificate PDF matching one of ${this.templates().map((t) => t.id).join(', ')}`,
      code: 'no_template',
    });
  }

  /**
   * Writes the import in one transaction. The same bytes uploaded twice at once both parse; the second to
   * get here finds the first's import and returns it (`created: false`), so results are stored once.
   */
  private async store(actor: string, file: SourceFileInput, batch: ParsedBatch, normalized: ReturnType<typeof normalize>): Promise<{ created: boolean; summary: ImportSummary }> {
    return this.em.fork().transactional(async (em) => {
      await this.lockFile(em, file.sha256);
      const winner = await this.importedBefore(em, file.sha256);
      if (winner) return { created: false, summary: winner };
      const sourceFile = await this.sourceFile(em, actor, file);
      const record = new ImportRecord(sourceFile, 'imported', {}, actor);
      record.template = batch.template;
      record.adapter = batch.adapter;
      em.persist(record);

      const resultSets: ImportedResultSet[] = [];
      const unmatched: UnmatchedEntry[] = [];
      const warnings = [...normalized.warnings, ...normalized.samples.flatMap((s) => s.warnings)];
      // Written before the per-sample work, which runs in a short-lived fork of this transaction per sample: one
      // unit of work holding every sample's results would make each flush (the audit log flushes per event)
      // re-scan all of them, and an export of 10,000 samples would take quadratic time.
      await em.flush();
      const samples = await this.samples.findByReferences(em.fork({ keepTransactionContext: true }), normalized.samples.map((s) => lookupKeys(s.ref)));
      for (const [i, s] of normalized.samples.entries()) {
        const found = samples[i];
        if (!found) {
          unmatched.push(unmatchedEntry(unmatched.length, s, 'no_sample', `no registered sample matches ${describeRef(s.ref)}`));
          continue;
        }
        const sampleEm = em.fork({ keepTransactionContext: true });
        const sample = sampleEm.merge(found);
        const done = completePending(s.pending, sample.prep, batch.template);
        const incoming = [...s.results, ...done.results];
        if (done.stillPending.length) {
          unmatched.push(
            unmatchedEntry(unmatched.length, { ...s, results: [] }, 'missing_prep', `sample ${sample.labSampleId} lacks preparation data for ${done.stillPending.length} row(s)`, done.stillPending),
          );
        }
        if (incoming.length === 0) continue;
        const outcome = await this.drafts.addResults(sampleEm, actor, sample, incoming, {
          origin: 'import',
          sourceFile: sampleEm.getReference(SourceFile, sourceFile.id),
          meta: certificateMeta(s.meta, s.panelStatus),
          testedOn: testedOn(s.meta),
        });
        if (outcome.kind === 'blocked_by_approved') {
          unmatched.push(
            unmatchedEntry(unmatched.length, { ...s, results: incoming }, 'approved_results', `sample ${sample.labSampleId} already has approved results (result set ${outcome.resultSet.id}); amend it instead`, []),
          );
          continue;
        }
        await sampleEm.flush();
        resultSets.push(importedSet(outcome.resultSet.id, sample, outcome.resultSet.version, outcome.resultSet.verdict, incoming, outcome));
      }
      await em.flush();
      const summary: ImportSummary = {
        id: record.id,
        status: 'imported',
        adapter: batch.adapter,
        template: batch.template,
        templateVersion: batch.templateVersion,
        sourceFile: { sha256: file.sha256, name: file.name, size: file.bytes.length },
        createdBy: actor,
        createdAt: record.createdAt.toISOString(),
        resultSets,
        unmatched,
        unknownAnalytes: normalized.samples.flatMap((s) => s.unknown),
        qcRowsSkipped: batch.qcRowsSkipped + normalized.internalStandardsSkipped,
        warnings,
      };
      record.summary = summary as unknown as Record<string, unknown>;
      await this.audit.record(em, {
        actor,
        action: 'import.completed',
        entityType: 'import',
        entityId: record.id,
        after: {
          sha256: file.sha256,
          name: file.name,
          template: batch.template,
          resultSets: resultSets.map((r) => r.id),
          unmatched: unmatched.length,
        },
      });
      return { created: true, summary };
    });
  }

  private async recordRejection(actor: string, file: SourceFileInput, e: ImportRejected, explicit?: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      await this.lockFile(em, file.sha256);
      const sourceFile = await this.sourceFile(em, actor, file);
      const record = new ImportRecord(sourceFile, 'rejected', { reason: e.reason, ...e.details, message: e.message }, actor);
      record.template = e.details.template ?? explicit ?? null;
      record.error = e.message;
      em.persist(record);
      await this.audit.record(em, {
        actor,
        action: 'import.rejected',
        entityType: 'import',
        entityId: record.id,
        after: { sha256: file.sha256, name: file.name, error: e.message },
      });
    });
  }

  private async importedBefore(em: EntityManager, sha256: string): Promise<ImportSummary | null> {
    const previous = await em.findOne(ImportRecord, { sourceFile: { sha256 }, status: 'imported' }, { orderBy: { createdAt: 'asc' } });
    return previous ? (previous.summary as unknown as ImportSummary) : null;
  }

  /**
   * Serialises, until the transaction ends, the writes of uploads of the same bytes: on PostgreSQL with an
   * advisory lock keyed by the file's hash; SQLite lets one transaction write at a time anyway.
   */
  private async lockFile(em: EntityManager, sha256: string): Promise<void> {
    if (!em.getPlatform().constructor.name.startsWith('PostgreSql')) return;
    await em
      .getConnection()
      .execute(`select pg_advisory_xact_lock(('x' || substr(?, 1, 16))::bit(64)::bigint)`, [sha256], 'run', em.getTransactionContext());
  }

  private async sourceFile(em: EntityManager, actor: string, file: SourceFileInput): Promise<SourceFile> {
    const existing = await em.findOne(SourceFile, { sha256: file.sha256 });
    if (existing) return existing;
    const sf = new SourceFile(file.sha256, file.name, file.bytes.length, file.mimeType ?? null, actor);
    em.persist(sf);
    return sf;
  }
}

function importedSet(
  id: string,
  sample: Sample,
  version: number,
  verdict: string | null,
  incoming: NormalizedSample['results'],
  outcome: Awaited<ReturnType<ResultDraftService['addResults']>>,
): ImportedResultSet {
  const stored = outcome.kind === 'drafted' ? new Map(outcome.resultSet.results.getItems().map((r) => [r.analyte, r])) : new Map();
  const conflicts = new Set(outcome.kind === 'drafted' ? outcome.conflicts : []);
  return {
    id,
    sampleId: sample.id,
    labSampleId: sample.labSampleId,
    uid: sample.uid,
    version,
    verdict,
    results: incoming.map((r) => ({
      panel: r.panel,
      analyte: r.analyte,
      name: r.name,
      value: r.value === null ? null : Number(r.value),
      qualifier: r.qualifier,
      unit: r.unit,
      reportedValue: r.reportedValue,
      reportedUnit: r.reportedUnit,
      loq: r.loq,
      limit: r.limit,
      status: stored.get(r.analyte)?.status ?? 'not_tested',
      conflict: conflicts.has(r.analyte),
      provenance: r.provenance,
    })),
  };
}

function certificateMeta(meta?: Record<string, string | undefined>, panelStatus?: Record<string, string>): Record<string, unknown> | undefined {
  if (!meta && !panelStatus) return undefined;
  return { ...(meta ? { certificate: meta } : {}), ...(panelStatus ? { printedPanelStatus: panelStatus } : {}) };
}

/** The date that selects the limit table: the certificate's test or report date, else today. */
export function testedOn(meta?: Record<string, string | undefined>, today = new Date()): string {
  for (const key of ['testedOn', 'reportCreated', 'sampleReceived']) {
    const m = /^(\d{4}-\d{2}-\d{2})/.exec(meta?.[key] ?? '');
    if (m) return m[1];
  }
  return today.toISOString().slice(0, 10);
}
