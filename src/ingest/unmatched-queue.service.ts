import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import { Conflict, InvalidInput, NotFound } from '../common/errors';
import { ImportRecord } from './import-record.entity';
import type { UnmatchedEntry } from './import-summary';
import { ImportUnmatched } from './import-unmatched.entity';
import { countOpenUnmatched, findUnmatched, toEntry } from './import-unmatched.store';
import type { DiscardUnmatchedDto } from './import.schemas';

/** One open unmatched sample with the import it came from. */
export interface OpenUnmatchedItem {
  importId: string;
  file: string;
  template: string;
  importedBy: string;
  importedAt: string;
  entry: UnmatchedEntry;
}

/**
 * The open-work queue: unmatched samples of every import that nobody attached or discarded, oldest first, so
 * none is forgotten when its import leaves the recent list. Discarding needs a reason and is audited.
 */
@Injectable()
export class UnmatchedQueueService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  async open(limit: number, offset = 0): Promise<{ total: number; items: OpenUnmatchedItem[] }> {
    const em = this.em.fork();
    const where = { attached: null, discarded: null };
    const [rows, total] = await em.findAndCount(ImportUnmatched, where, {
      populate: ['importRecord', 'importRecord.sourceFile'],
      orderBy: { importRecord: { createdAt: 'asc' }, position: 'asc' },
      limit,
      offset,
    });
    return {
      total,
      items: rows.map((row) => ({
        importId: row.importRecord.id,
        file: row.importRecord.sourceFile.name,
        template: row.importRecord.template ?? '',
        importedBy: row.importRecord.createdBy,
        importedAt: row.importRecord.createdAt.toISOString(),
        entry: toEntry(row),
      })),
    };
  }

  /** Takes an open unmatched sample off the queue with a reason; its rows stay on the import, attached to nothing. */
  async discard(actor: string, importId: string, dto: DiscardUnmatchedDto): Promise<UnmatchedEntry> {
    return this.em.fork().transactional(async (em) => {
      const record = await em.findOne(ImportRecord, { id: importId });
      if (!record) throw new NotFound('import', importId);
      const found = await findUnmatched(em, record, dto.index);
      if (!found) throw new InvalidInput('index', `import ${importId} has no unmatched entry ${dto.index}`);
      const { row, entry } = found;
      if (entry.attached) throw new Conflict(`unmatched entry ${dto.index} is attached to sample ${entry.attached.sampleId}`);
      if (entry.discarded) throw new Conflict(`unmatched entry ${dto.index} was already discarded by ${entry.discarded.by}`);
      const discarded = { reason: dto.reason, by: actor, at: new Date().toISOString() };
      row.discarded = discarded;
      await em.flush();
      record.openUnmatchedCount = await countOpenUnmatched(em, record);
      await this.audit.record(em, {
        actor,
        action: 'import.unmatched_discarded',
        entityType: 'import',
        entityId: record.id,
        after: {
          index: dto.index,
          sample: sampleName(entry),
          rows: entry.results.length + entry.pending.length,
          reason: dto.reason,
        },
      });
      await em.flush();
      return { ...entry, discarded };
    });
  }
}

/** The run's name for an unmatched sample, as a person reads it. */
export function sampleName(entry: Pick<UnmatchedEntry, 'ref' | 'index'>): string {
  const r = entry.ref;
  return r.labSampleId ?? r.sampleName?.trim() ?? r.uid ?? (r.batch ? `batch ${r.batch}` : `entry ${entry.index + 1}`);
}
