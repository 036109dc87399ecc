import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { type AuditEntry, AuditService } from '../audit/audit.service';
import { Conflict, InvalidInput, NotFound } from '../common/errors';
import { bulkInsert } from '../db/bulk-insert';
import { isPostgres } from '../db/platform';
import { type MethodView, MethodsService } from '../methods/methods.service';
import { SampleService } from '../samples/sample.service';
import type { DraftOutcome, DraftRequest } from '../results/draft-request';
import { ResultDraftService } from '../results/result-draft.service';
import { Sample } from '../samples/sample.entity';
import { FileStore, safeFileName } from '../files/file-store.service';
import { ImportRecord } from './import-record.entity';
import { ImportRejected } from './import-rejected.error';
import type { AttachUnmatchedDto, ImportFieldsDto, UnmatchedPageRequest } from './import.schemas';
import {
  qcSummary,
  unmatchedEntry,
  type ImportSummary,
  type ImportedResultSet,
  type StoredImportSummary,
  type UnmatchedEntry,
} from './import-summary';
import {
  FIRST_UNMATCHED_PAGE,
  countOpenUnmatched,
  findUnmatched,
  insertUnmatched,
  withUnmatchedPage,
} from './import-unmatched.store';
import { completeSample, draftOrigin, planDrafts, type PlannedDraft, type PlannedUnmatched } from './plan-drafts';
import { lookupKeys, normalize, type NormalizedBatch, type UnknownAnalyte } from './pipeline';
import { withUnknownAnalytes } from './unknown-analytes';
import { SOURCE_ADAPTERS, type OpenedFile, type SourceAdapter, type SourceFileInput } from './source-adapter';
import { SourceFile } from '../files/source-file.entity';
import { findOrCreateSourceFile } from '../files/source-files';
import type { ParsedBatch } from './parsed-batch';

/** A file opened by one adapter. */
export interface OpenedWith {
  adapter: SourceAdapter;
  handle: OpenedFile;
}

/**
 * Samples drafted per database round: large enough to amortise the queries (a 10,000-sample export took 8 %
 * longer in rounds of 500), small enough that one round's entities stay a small part of the import's memory.
 */
export const DRAFT_CHUNK = 2000;
/** Audit events held back before they are written; a certificate's are written once, with the import's own. */
const AUDIT_BATCH = 1000;

/** A row of the import lists (`GET /api/imports`, the upload page and the dashboard). */
export interface ImportListItem extends Pick<
  ImportSummary,
  'id' | 'status' | 'template' | 'sourceFile' | 'createdBy' | 'createdAt'
> {
  resultSets: number;
  /** Unmatched samples nobody attached yet. */
  unmatched: number;
  /** Distinct analyte names the catalog did not know. */
  unknownAnalytes: number;
}

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
    private readonly methods: MethodsService,
  ) {}

  /** Imports a file; the same bytes imported before return the existing import (`created: false`). */
  async import(actor: string, upload: Upload, fields: ImportFieldsDto): Promise<{ created: boolean; summary: ImportSummary }> {
    const file: SourceFileInput = {
      name: safeFileName(upload.name),
      bytes: upload.bytes,
      sha256: FileStore.sha256(upload.bytes),
      mimeType: upload.mimeType,
    };
    // A certificate's text takes longer to read than these checks: its reader starts first.
    const opened = this.open(file);
    // Keeping the bytes of a file imported before changes nothing (they are stored by their hash).
    const [previous] = await Promise.all([
      this.importedBefore(this.em.fork(), file.sha256),
      this.files.put(file.bytes, file.sha256),
    ]);
    if (previous) return { created: false, summary: previous };

    try {
      if (file.bytes.length === 0) throw new ImportRejected('the file is empty', { code: 'empty_file' });
      const { batch, normalized, method } = await this.read(file, fields, opened);
      return await this.store(actor, file, batch, normalized, method);
    } catch (e) {
      if (e instanceof ImportRejected) await this.recordRejection(actor, file, e, fields.template);
      throw e;
    }
  }

  /**
   * Reads a file as every import does, storing nothing: the adapter and template (named or detected), the lab
   * method, the normalized rows. Opened with one kind of adapter, it is read only as that kind (a manual entry's
   * certificate is read as a certificate).
   */
  async read(
    file: SourceFileInput,
    fields: ImportFieldsDto,
    opened: OpenedWith[] = this.open(file),
  ): Promise<{ batch: Omit<ParsedBatch, 'samples'>; normalized: NormalizedBatch; method: MethodView | undefined }> {
    const { handle, template } = await this.choose(opened, fields.template);
    const method = await this.methods.forImport(template, fields.method);
    return { ...(await this.parse(handle, template, fields, method)), method };
  }

  /** The file opened by every adapter (or those of one kind): each holds what it reads of the file. */
  open(file: SourceFileInput, kind?: SourceAdapter['kind']): OpenedWith[] {
    return this.adapters.filter((a) => !kind || a.kind === kind).map((adapter) => ({ adapter, handle: adapter.open(file) }));
  }

  /** Only the normalized rows are returned: the raw rows of a 100,000-row export become garbage here. */
  private async parse(
    handle: OpenedFile,
    template: string,
    fields: ImportFieldsDto,
    method: MethodView | undefined,
  ): Promise<{ batch: Omit<ParsedBatch, 'samples'>; normalized: NormalizedBatch }> {
    const prep = { mass: fields.mass, volume: fields.volume, dilution: fields.dilution };
    const defaultUnit = fields.unit ?? method?.definition.reportedUnit;
    const { samples, ...batch } = await handle.parse({
      template,
      prep,
      mapping: fields.mapping,
      ...(defaultUnit ? { defaultUnit } : {}),
    });
    return { batch, normalized: await normalize({ samples, ...batch }, template, { pause: letOthersRun }) };
  }

  /**
   * Processes the stored bytes of an import again with what the first pass lacked (the unit, prep data, a
   * method): a new import linked to the first (`reprocessOf`) and audited, instead of "imported before".
   */
  async reprocess(actor: string, importId: string, fields: ImportFieldsDto): Promise<ImportSummary> {
    const record = await this.em.fork().findOne(ImportRecord, { id: importId }, { populate: ['sourceFile', 'summary'] });
    if (!record) throw new NotFound('import', importId);
    if (record.status !== 'imported') throw new Conflict(`import ${importId} was refused; upload the file again`);
    const first = record.summary as unknown as ImportSummary;
    const file: SourceFileInput = {
      name: record.sourceFile.name,
      bytes: await this.files.get(record.sourceFile.sha256),
      sha256: record.sourceFile.sha256,
    };
    const { batch, normalized, method } = await this.read(file, {
      ...fields,
      template: fields.template ?? first.template,
      method: fields.method ?? first.method?.key,
    });
    return (await this.store(actor, file, batch, normalized, method, importId)).summary;
  }

  /** The summary with one page of its unmatched samples (the first unless asked). */
  async get(id: string, page: UnmatchedPageRequest = FIRST_UNMATCHED_PAGE): Promise<ImportSummary> {
    const em = this.em.fork();
    const record = await em.findOne(ImportRecord, { id }, { populate: ['summary'] });
    if (!record) throw new NotFound('import', id);
    return withUnmatchedPage(em, record, record.summary as unknown as StoredImportSummary, page);
  }

  /** Recent imports from their list columns: a list never loads a summary. */
  async list(limit: number): Promise<ImportListItem[]> {
    const records = await this.em
      .fork()
      .find(ImportRecord, {}, { orderBy: { createdAt: 'desc' }, limit, populate: ['sourceFile'] });
    return records.map((r) => ({
      id: r.id,
      status: r.status,
      template: r.template ?? '',
      sourceFile: { sha256: r.sourceFile.sha256, name: r.sourceFile.name, size: r.sourceFile.size },
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
      resultSets: r.resultSetCount,
      unmatched: r.openUnmatchedCount,
      unknownAnalytes: r.unknownAnalyteCount,
    }));
  }

  templates(): Array<{ adapter: string; id: string; title: string; auto: boolean }> {
    return this.adapters.flatMap((a) =>
      a.listTemplates().map((t) => ({ adapter: a.kind, id: t.id, title: t.title, auto: t.auto })),
    );
  }

  /**
   * Attaches an unmatched entry of an import to a sample a person chose, finishing pending calculations; answers
   * the summary (with the first page of unmatched samples), the entry and the result set it went into.
   */
  async attach(
    actor: string,
    importId: string,
    dto: AttachUnmatchedDto,
  ): Promise<{ summary: ImportSummary; entry: UnmatchedEntry; resultSet: ImportedResultSet }> {
    return this.em.fork().transactional(async (em) => {
      const record = await em.findOne(ImportRecord, { id: importId }, { populate: ['sourceFile', 'summary'] });
      if (!record) throw new NotFound('import', importId);
      const summary = structuredClone(record.summary) as unknown as StoredImportSummary;
      const found = await findUnmatched(em, record, dto.index);
      if (!found) throw new InvalidInput('index', `import ${importId} has no unmatched entry ${dto.index}`);
      const { row, entry } = found;
      if (entry.attached)
        throw new Conflict(`unmatched entry ${dto.index} was already attached to sample ${entry.attached.sampleId}`);
      if (entry.discarded)
        throw new Conflict(`unmatched entry ${dto.index} was discarded by ${entry.discarded.by}: ${entry.discarded.reason}`);
      const sample = await em.findOne(Sample, { id: dto.sampleId }, { populate: ['client'] });
      if (!sample) throw new InvalidInput('sampleId', `no sample ${dto.sampleId}`);
      const method = summary.method ? await this.methods.get(summary.method.key, summary.method.version) : undefined;
      const done = completeSample(entry, sample.prep, { template: summary.template, method });
      if (done.stillPending.some((p) => p.pending.missing.includes('unit'))) {
        throw new Conflict(
          `the rows wait for the unit the instrument reports in: process the file again with it (POST /api/imports/${importId}/reprocess)`,
        );
      }
      if (done.stillPending.length) {
        throw new Conflict(
          `sample ${sample.labSampleId} lacks preparation data (${[...new Set(done.stillPending.flatMap((p) => p.pending.missing))].join(', ')}): set it with PATCH /api/samples/${sample.id}`,
        );
      }
      const judged = done.incoming;
      const outcome = await this.drafts.addResults(em, actor, sample, judged, {
        origin: 'import',
        sourceFile: record.sourceFile,
        ...draftOrigin(entry.meta),
      });
      if (outcome.kind === 'blocked_by_approved') {
        throw new Conflict(
          `sample ${sample.labSampleId} already has approved results; amend result set ${outcome.resultSet.id} instead`,
        );
      }
      entry.attached = { sampleId: sample.id, resultSetId: outcome.resultSet.id, by: actor, at: new Date().toISOString() };
      row.attached = entry.attached;
      await em.flush();
      const resultSet = importedSet(sample, judged, outcome);
      summary.resultSets.push(resultSet);
      const unknown = withUnknownAnalytes(summary, done.unknown);
      Object.assign(summary, unknown);
      record.unknownAnalyteCount = unknown.unknownAnalyteCounts.distinct;
      record.summary = summary as unknown as Record<string, unknown>;
      record.resultSetCount = summary.resultSets.length;
      record.openUnmatchedCount = await countOpenUnmatched(em, record);
      await this.audit.record(em, {
        actor,
        action: 'import.unmatched_attached',
        entityType: 'import',
        entityId: record.id,
        after: { index: dto.index, sample: sample.labSampleId, resultSet: outcome.resultSet.id },
      });
      await em.flush();
      return { summary: await withUnmatchedPage(em, record, summary, FIRST_UNMATCHED_PAGE), entry, resultSet };
    });
  }

  private async choose(opened: OpenedWith[], explicit?: string): Promise<{ handle: OpenedFile; template: string }> {
    if (explicit) {
      const chosen = opened.find((o) => o.adapter.hasTemplate(explicit));
      if (!chosen) {
        throw new ImportRejected(`unknown template "${explicit}"`, {
          template: explicit,
          expected: `one of ${this.templates()
            .map((t) => t.id)
            .join(', ')}`,
          code: 'unknown_template',
        });
      }
      return { handle: chosen.handle, template: explicit };
    }
    const detections = (
      await Promise.all(opened.map(async ({ handle }) => (await handle.detections()).map((d) => ({ handle, ...d }))))
    ).flat();
    detections.sort((a, b) => b.score - a.score);
    if (detections.length) return { handle: detections[0].handle, template: detections[0].template };
    throw await this.explainNoTemplate(opened);
  }

  /** The reason the adapter whose kind the file is gives (a file opened by one kind of adapter only, that kind's). */
  private async explainNoTemplate(opened: OpenedWith[]): Promise<ImportRejected> {
    const oneKind = new Set(opened.map((o) => o.adapter.kind)).size === 1;
    const explaining = opened.find((o) => oneKind || o.handle.ofItsKind);
    if (explaining) return explaining.handle.explain();
    return new ImportRejected('no template recognises this file', {
      expected: `an instrument export or certificate PDF matching one of ${this.templates()
        .map((t) => t.id)
        .join(', ')}`,
      code: 'no_template',
    });
  }

  /**
   * Writes the import in one transaction. The same bytes uploaded twice at once both parse; the second to
   * get here finds the first's import and returns it (`created: false`), so results are stored once.
   */
  private async store(
    actor: string,
    file: SourceFileInput,
    batch: Omit<ParsedBatch, 'samples'>,
    normalized: NormalizedBatch,
    method: MethodView | undefined,
    reprocessOf?: string,
  ): Promise<{ created: boolean; summary: ImportSummary }> {
    return this.em.fork().transactional(async (em) => {
      await this.lockFile(em, file.sha256);
      const winner = reprocessOf ? null : await this.importedBefore(em, file.sha256);
      if (winner) return { created: false, summary: winner };
      const sourceFile = await findOrCreateSourceFile(em, actor, { ...file, size: file.bytes.length });
      // Inserted last, with its summary, as bound values: written through the unit of work, a summary listing
      // 100,000 unmatched results would be escaped into the SQL text of an UPDATE.
      const record = new ImportRecord(sourceFile, 'imported', {}, actor);
      record.template = batch.template;
      record.adapter = batch.adapter;
      // The source file is written before the per-sample work, which runs a chunk of samples at a time in a short-lived
      // fork of this transaction: one unit of work holding every sample's results would make each flush re-scan all of them.
      await em.flush();
      const samples = await this.samples.findByReferences(
        em.fork({ keepTransactionContext: true }),
        normalized.samples.map((s) => lookupKeys(s.ref)),
      );

      const resultSets: ImportedResultSet[] = [];
      const unmatched: UnmatchedEntry[] = [];
      const events: AuditEntry[] = [];
      const lateUnknown: UnknownAnalyte[] = [];
      const ctx = { template: batch.template, method };
      for (let from = 0; from < normalized.samples.length; from += DRAFT_CHUNK) {
        const to = from + DRAFT_CHUNK;
        const plan = planDrafts(normalized.samples.slice(from, to), samples.slice(from, to), ctx);
        lateUnknown.push(...plan.unknownAnalytes);
        const written = await this.writeDrafts(em, actor, sourceFile, plan.drafts, events);
        resultSets.push(...written.resultSets);
        for (const u of [...plan.unmatched, ...written.blocked])
          unmatched.push(unmatchedEntry(unmatched.length, u.parsed, u.reason, u.message, u.pending));
      }
      await em.flush();

      const unknown = withUnknownAnalytes(normalized, lateUnknown);
      const summary: StoredImportSummary = {
        id: record.id,
        status: 'imported',
        adapter: batch.adapter,
        template: batch.template,
        templateVersion: batch.templateVersion,
        sourceFile: { sha256: file.sha256, name: file.name, size: file.bytes.length },
        createdBy: actor,
        createdAt: record.createdAt.toISOString(),
        resultSets,
        ...unknown,
        qcRowsSkipped: batch.qcRowsSkipped + normalized.internalStandardsSkipped,
        warnings: [...normalized.warnings, ...normalized.samples.flatMap((s) => s.warnings)],
        ...(method ? { method: { key: method.key, version: method.version } } : {}),
        ...(awaitingUnit(normalized) > 0 ? { awaitingUnit: awaitingUnit(normalized) } : {}),
        ...(batch.qcRows?.length ? { qc: qcSummary(batch.qcRows) } : {}),
        ...(reprocessOf ? { reprocessOf } : {}),
      };
      record.summary = summary as unknown as Record<string, unknown>;
      record.resultSetCount = resultSets.length;
      record.unmatchedCount = record.openUnmatchedCount = unmatched.length;
      record.unknownAnalyteCount = unknown.unknownAnalyteCounts.distinct;
      await bulkInsert(em, [record]);
      await insertUnmatched(em, record, unmatched);
      events.push({
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
          ...(reprocessOf ? { reprocessOf } : {}),
        },
      });
      await this.audit.recordMany(em, events);
      const page = unmatched.slice(FIRST_UNMATCHED_PAGE.offset, FIRST_UNMATCHED_PAGE.limit);
      const unmatchedPage = { ...FIRST_UNMATCHED_PAGE, total: unmatched.length, open: unmatched.length };
      return { created: true, summary: { ...summary, unmatched: page, unmatchedPage } };
    });
  }

  /**
   * Writes one chunk of planned drafts in a short-lived fork of the transaction; a sample whose results are
   * approved already comes back unmatched, for a person to amend.
   */
  private async writeDrafts(
    em: EntityManager,
    actor: string,
    sourceFile: SourceFile,
    drafts: PlannedDraft<Sample>[],
    events: AuditEntry[],
  ): Promise<{ resultSets: ImportedResultSet[]; blocked: PlannedUnmatched[] }> {
    const chunkEm = em.fork({ keepTransactionContext: true });
    const requests: DraftRequest[] = drafts.map((d) => ({
      sample: chunkEm.merge(d.sample),
      incoming: d.incoming,
      source: {
        origin: 'import',
        sourceFile: chunkEm.getReference(SourceFile, sourceFile.id),
        meta: d.meta,
        testedOn: d.testedOn,
      },
    }));
    const outcomes = await this.drafts.addResultsToMany(chunkEm, actor, requests, events);
    await chunkEm.flush();
    if (events.length >= AUDIT_BATCH) await this.audit.recordMany(em, events.splice(0));
    const written = { resultSets: [] as ImportedResultSet[], blocked: [] as PlannedUnmatched[] };
    outcomes.forEach((outcome, k) => {
      const { parsed, incoming } = drafts[k];
      const { sample } = requests[k];
      if (outcome.kind === 'drafted') {
        written.resultSets.push(importedSet(sample, incoming, outcome));
        return;
      }
      written.blocked.push({
        parsed: { ...parsed, results: incoming },
        reason: 'approved_results',
        message: `sample ${sample.labSampleId} already has approved results (result set ${outcome.resultSet.id}); amend it instead`,
        pending: [],
      });
    });
    return written;
  }

  private async recordRejection(actor: string, file: SourceFileInput, e: ImportRejected, explicit?: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      await this.lockFile(em, file.sha256);
      const sourceFile = await findOrCreateSourceFile(em, actor, { ...file, size: file.bytes.length });
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
    // The newest: a file processed again (with the unit or prep data it lacked) answers with its latest import.
    const previous = await em.findOne(
      ImportRecord,
      { sourceFile: { sha256 }, status: 'imported' },
      { orderBy: { createdAt: 'desc' }, populate: ['summary'] },
    );
    return previous
      ? withUnmatchedPage(em, previous, previous.summary as unknown as StoredImportSummary, FIRST_UNMATCHED_PAGE)
      : null;
  }

  /**
   * Serialises, until the transaction ends, the writes of uploads of the same bytes: on PostgreSQL with an
   * advisory lock keyed by the file's hash; SQLite lets one transaction write at a time anyway.
   */
  private async lockFile(em: EntityManager, sha256: string): Promise<void> {
    if (!isPostgres(em)) return;
    await em
      .getConnection()
      .execute(
        `select pg_advisory_xact_lock(('x' || substr(?, 1, 16))::bit(64)::bigint)`,
        [sha256],
        'run',
        em.getTransactionContext(),
      );
  }
}

/** Lets requests waiting on the event loop (pages, /health) run between slices of a large file's work. */
const letOthersRun = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function awaitingUnit(normalized: NormalizedBatch): number {
  return normalized.samples.reduce((n, s) => n + s.pending.filter((p) => p.pending.missing.includes('unit')).length, 0);
}

function importedSet(
  sample: Sample,
  incoming: readonly unknown[],
  outcome: Extract<DraftOutcome, { kind: 'drafted' }>,
): ImportedResultSet {
  const set = outcome.resultSet;
  return {
    id: set.id,
    sampleId: sample.id,
    labSampleId: sample.labSampleId,
    uid: sample.uid,
    version: set.version,
    verdict: set.verdict,
    read: incoming.length,
    added: outcome.added,
    duplicates: outcome.duplicates,
    conflicts: outcome.conflicts,
  };
}
