import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { ImportRecord } from './import-record.entity';

/**
 * One sample an import could not put results on (no such sample, approved results, missing preparation data),
 * with the rows it brought, kept apart from the import's summary so its page and `GET /api/imports/:id` read a
 * page of them, and attaching one rewrites only its own row.
 */
@Entity({ tableName: 'import_unmatched' })
@Unique({ properties: ['importRecord', 'position'] })
export class ImportUnmatched extends BaseEntity {
  @ManyToOne(() => ImportRecord, { fieldName: 'import_id' })
  importRecord: ImportRecord;

  /** The entry's `index` in the import: its place in the file's order, what `attach` names. */
  @Property({ type: 'integer' })
  position: number;

  @Property({ type: 'string', length: 40 })
  reason: string;

  @Property({ type: 'text' })
  message: string;

  /** `{ref, meta, results, pending}` of an `UnmatchedEntry`. */
  @Property({ type: 'json' })
  rows: Record<string, unknown>;

  /** `{sampleId, resultSetId, by, at}` once a person attached it. */
  @Property({ type: 'json', nullable: true })
  attached: Record<string, unknown> | null = null;

  /** `{reason, by, at}` once a person discarded it (a blank, a sample the lab does not test): no longer open work. */
  @Property({ type: 'json', nullable: true })
  discarded: Record<string, unknown> | null = null;

  constructor(importRecord: ImportRecord, position: number, reason: string, message: string, rows: Record<string, unknown>) {
    super();
    this.importRecord = importRecord;
    this.position = position;
    this.reason = reason;
    this.message = message;
    this.rows = rows;
  }
}
