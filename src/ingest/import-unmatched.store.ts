import type { EntityManager } from '@mikro-orm/core';
import { bulkInsert } from '../db/bulk-insert';
import type { ImportRecord } from './import-record.entity';
import type { ImportSummary, StoredImportSummary, UnmatchedEntry, UnmatchedPage, UnmatchedReason } from './import-summary';
import { ImportUnmatched } from './import-unmatched.entity';
import type { UnmatchedPageRequest } from './import.schemas';

/** The page an import summary lists unless asked for another. */
export const FIRST_UNMATCHED_PAGE: UnmatchedPageRequest = { offset: 0, limit: 50 };

/** Inserts, in `em`'s transaction, the unmatched samples of an import whose record is already inserted. */
export async function insertUnmatched(em: EntityManager, record: ImportRecord, entries: UnmatchedEntry[]): Promise<void> {
  await bulkInsert(
    em,
    entries.map(
      (u) =>
        new ImportUnmatched(record, u.index, u.reason, u.message, {
          ref: u.ref,
          meta: u.meta,
          results: u.results,
          pending: u.pending,
        }),
    ),
  );
}

/** One unmatched entry of an import, by its index; null when there is none. */
export async function findUnmatched(
  em: EntityManager,
  record: ImportRecord,
  index: number,
): Promise<{ row: ImportUnmatched; entry: UnmatchedEntry } | null> {
  const row = await em.findOne(ImportUnmatched, { importRecord: record, position: index });
  return row ? { row, entry: toEntry(row) } : null;
}

/** Unmatched entries of an import nobody attached or discarded yet, counted (after the change was flushed). */
export function countOpenUnmatched(em: EntityManager, record: ImportRecord): Promise<number> {
  return em.count(ImportUnmatched, { importRecord: record, attached: null, discarded: null });
}

/** The summary with one page of its unmatched samples; a refused upload's record is returned as stored. */
export async function withUnmatchedPage(
  em: EntityManager,
  record: ImportRecord,
  stored: StoredImportSummary,
  page: UnmatchedPageRequest,
): Promise<ImportSummary> {
  if (record.status !== 'imported') return stored as ImportSummary;
  const rows = record.unmatchedCount
    ? await em.find(
        ImportUnmatched,
        { importRecord: record, position: { $gte: page.offset } },
        { orderBy: { position: 'asc' }, limit: page.limit },
      )
    : [];
  const unmatchedPage: UnmatchedPage = {
    offset: page.offset,
    limit: page.limit,
    total: record.unmatchedCount,
    open: record.openUnmatchedCount,
  };
  return { ...stored, unmatched: rows.map(toEntry), unmatchedPage };
}

export function toEntry(row: ImportUnmatched): UnmatchedEntry {
  const rows = row.rows as Pick<UnmatchedEntry, 'ref' | 'meta' | 'results' | 'pending'>;
  return {
    index: row.position,
    reason: row.reason as UnmatchedReason,
    message: row.message,
    ref: rows.ref,
    ...(rows.meta ? { meta: rows.meta } : {}),
    results: rows.results ?? [],
    pending: rows.pending ?? [],
    ...(row.attached ? { attached: row.attached as NonNullable<UnmatchedEntry['attached']> } : {}),
    ...(row.discarded ? { discarded: row.discarded as NonNullable<UnmatchedEntry['discarded']> } : {}),
  };
}
