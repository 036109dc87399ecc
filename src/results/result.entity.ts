import { DateTimeType, Entity, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { SourceFile } from '../files/source-file.entity';
import type { Provenance } from '../files/provenance';
// Type-only: result-set.entity imports this file, and a value import here would make the load order matter.
import type { ResultSet } from './result-set.entity';

/**
 * One analyte's result. `value`, `loq` and `limit` are decimal strings in the canonical unit, kept as text so
 * the reported precision survives both databases; a non-detect has `value = null` and a `qualifier`.
 */
@Entity({ tableName: 'results' })
export class Result extends BaseEntity {
  @ManyToOne({ entity: 'ResultSet', deleteRule: 'cascade' })
  resultSet: Rel<ResultSet>;

  @Property({ type: 'string', length: 32 })
  panel: string;

  @Property({ type: 'string', length: 80 })
  analyte: string;

  /** Name as the source printed it. */
  @Property({ type: 'string', length: 200 })
  name: string;

  @Property({ type: 'string', length: 40, nullable: true })
  value: string | null = null;

  @Property({ type: 'string', length: 12, nullable: true })
  qualifier: string | null = null;

  @Property({ type: 'string', length: 16 })
  unit: string;

  @Property({ type: 'string', length: 80 })
  reportedValue: string;

  @Property({ type: 'string', length: 32 })
  reportedUnit: string;

  @Property({ type: 'string', length: 40, nullable: true })
  loq: string | null = null;

  @Property({ type: 'string', length: 40, nullable: true })
  limit: string | null = null;

  @Property({ type: 'string', length: 80, nullable: true })
  limitText: string | null = null;

  /** `pass`, `fail`, `report_only` or `not_tested`. */
  @Property({ type: 'string', length: 16 })
  status: string;

  /** The limit applied, with its table, source and confidence. */
  @Property({ type: 'json', nullable: true })
  appliedLimit: Record<string, unknown> | null = null;

  @Property({ type: 'json' })
  provenance: Provenance;

  @ManyToOne(() => SourceFile, { nullable: true })
  sourceFile: SourceFile | null = null;

  /** Set when another source reported a different value for the same analyte. */
  @Property({ type: 'json', nullable: true })
  conflict: Record<string, unknown> | null = null;

  /** Why an extractor was unsure of this value, if it was. */
  @Property({ type: 'text', nullable: true })
  unsure: string | null = null;

  /** Computed here (totals) rather than read from a source. */
  @Property({ type: 'boolean' })
  derived = false;

  /** For values pre-filled from a document: who confirmed it, and when. */
  @Property({ type: 'string', length: 140, nullable: true })
  confirmedBy: string | null = null;

  @Property({ type: DateTimeType, nullable: true })
  confirmedAt: Date | null = null;

  constructor(resultSet: ResultSet, fields: ResultFields) {
    super();
    this.resultSet = resultSet;
    this.panel = fields.panel;
    this.analyte = fields.analyte;
    this.name = fields.name;
    this.unit = fields.unit;
    this.reportedValue = fields.reportedValue;
    this.reportedUnit = fields.reportedUnit;
    this.status = fields.status;
    this.provenance = fields.provenance;
    this.value = fields.value ?? null;
    this.qualifier = fields.qualifier ?? null;
    this.loq = fields.loq ?? null;
    this.limit = fields.limit ?? null;
    this.limitText = fields.limitText ?? null;
    this.sourceFile = fields.sourceFile ?? null;
    this.conflict = fields.conflict ?? null;
    this.unsure = fields.unsure ?? null;
    this.confirmedBy = fields.confirmedBy ?? null;
    this.confirmedAt = fields.confirmedAt ?? null;
  }
}

/** What a new result is made from: the reading and its origin; everything optional defaults to null. */
export type ResultFields = Pick<
  Result,
  'panel' | 'analyte' | 'name' | 'unit' | 'reportedValue' | 'reportedUnit' | 'status' | 'provenance'
> &
  Partial<
    Pick<
      Result,
      'value' | 'qualifier' | 'loq' | 'limit' | 'limitText' | 'sourceFile' | 'conflict' | 'unsure' | 'confirmedBy' | 'confirmedAt'
    >
  >;
