import { Collection, DateTimeType, Entity, Enum, Index, ManyToOne, OneToMany, type Opt, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { Sample } from '../samples/sample.entity';
import { Result } from './result.entity';
import type { Contribution } from './review-rules';

export const RESULT_SET_STATUSES = ['draft', 'in_review', 'approved', 'superseded'] as const;
export type ResultSetStatus = (typeof RESULT_SET_STATUSES)[number];

/** The results of one sample, versioned. An amendment is a new version pointing at the one it amends. */
@Entity({ tableName: 'result_sets' })
@Index({ properties: ['status'] })
export class ResultSet extends BaseEntity {
  @ManyToOne(() => Sample)
  sample: Sample;

  @Property({ type: 'integer' })
  version: number & Opt = 1;

  @Enum({ items: () => [...RESULT_SET_STATUSES], type: 'string' })
  status: ResultSetStatus & Opt = 'draft';

  /** The version this one amends. Unique: a version is amended at most once (one open amendment at a time). */
  @ManyToOne(() => ResultSet, { nullable: true, unique: true })
  amends: ResultSet | null = null;

  @Property({ type: 'text', nullable: true })
  amendmentReason: string | null = null;

  /** `import`, `manual` (offline source) or `amendment`. */
  @Property({ type: 'string', length: 20 })
  origin: string;

  @Property({ type: 'string', length: 140 })
  createdBy: string;

  @Property({ type: 'string', length: 140, nullable: true })
  submittedBy: string | null = null;

  /**
   * Everyone who contributed results to this version and how (two-person rule: none of them may approve it).
   * Written in the transaction of the contribution; an amendment carries the amended version's and adds its amender.
   */
  @Property({ type: 'json', default: '[]' })
  contributors: Contribution[] & Opt = [];

  @Property({ type: 'string', length: 140, nullable: true })
  approvedBy: string | null = null;

  @Property({ type: DateTimeType, nullable: true })
  approvedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  rejectionReason: string | null = null;

  /** Panel statuses, verdict, checks (label claim, totals) from the last evaluation. */
  @Property({ type: 'json', nullable: true })
  evaluation: Record<string, unknown> | null = null;

  @Property({ type: 'string', length: 16, nullable: true })
  verdict: string | null = null;

  /** Certificate and source facts (lab, dates, certificate number, offline-source details). */
  @Property({ type: 'json', nullable: true })
  meta: Record<string, unknown> | null = null;

  @OneToMany(() => Result, (r) => r.resultSet, { orphanRemoval: true })
  results = new Collection<Result>(this);

  constructor(sample: Sample, origin: string, createdBy: string) {
    super();
    this.sample = sample;
    this.origin = origin;
    this.createdBy = createdBy;
  }
}
