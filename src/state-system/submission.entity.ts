import { DateTimeType, Entity, Enum, Index, ManyToOne, type Opt, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { ResultSet } from '../results/result-set.entity';

export const SUBMISSION_STATUSES = ['pending', 'sending', 'accepted', 'retry', 'dead'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** One outbox row: a result set version to report to one state system, written in the approving transaction. */
@Entity({ tableName: 'submissions' })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class Submission extends BaseEntity {
  @ManyToOne(() => ResultSet)
  resultSet: ResultSet;

  /** `biotrack-ny` or `simulator`. */
  @Property({ type: 'string', length: 32 })
  target: string;

  /** `post` for first results, `amend` for an amendment. */
  @Property({ type: 'string', length: 16 })
  kind: string;

  @Property({ type: 'json' })
  payload: Record<string, unknown>;

  @Enum({ items: () => [...SUBMISSION_STATUSES], type: 'string' })
  status: SubmissionStatus & Opt = 'pending';

  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  @Property({ type: DateTimeType })
  nextAttemptAt: Date;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  remoteTransactionId: string | null = null;

  @Property({ type: 'string', length: 64, unique: true })
  idempotencyKey: string;

  /** Reporting deadline: 48 hours after the certificate's release (9 NYCRR 130.23(d)). */
  @Property({ type: DateTimeType })
  deadlineAt: Date;

  @Property({ type: DateTimeType, nullable: true })
  acceptedAt: Date | null = null;

  /** Which instance holds the row while sending, and until when (a crashed sender's lease expires). */
  @Property({ type: 'string', length: 64, nullable: true })
  lockedBy: string | null = null;

  @Property({ type: DateTimeType, nullable: true })
  lockedUntil: Date | null = null;

  constructor(
    resultSet: ResultSet,
    fields: Pick<Submission, 'target' | 'kind' | 'payload' | 'idempotencyKey' | 'deadlineAt' | 'nextAttemptAt'>,
  ) {
    super();
    this.resultSet = resultSet;
    this.target = fields.target;
    this.kind = fields.kind;
    this.payload = fields.payload;
    this.idempotencyKey = fields.idempotencyKey;
    this.deadlineAt = fields.deadlineAt;
    this.nextAttemptAt = fields.nextAttemptAt;
  }
}
