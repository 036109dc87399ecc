import { DateTimeType, Entity, Enum, Index, ManyToOne, type Opt, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { ResultSet } from '../results/result-set.entity';
import type { NeededAction } from '../state-system/needed-action';

/**
 * `awaiting_release`, `manual_correction_required` and `needs_action` wait for a person (a manager's release; a
 * correction made in the state system's own interface; the `action` a refusal asks for): the worker never claims them.
 * `superseded`: an approved amendment's submission took the place of this one before the state system took it.
 */
import { SUBMISSION_STATUSES, type SubmissionStatus } from './submission-status';

export { SUBMISSION_STATUSES, type SubmissionStatus };

/** One outbox row: a result set version to report to one state system, written in the approving transaction. */
@Entity({ tableName: 'submissions' })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class Submission extends BaseEntity {
  @ManyToOne(() => ResultSet)
  resultSet: ResultSet;

  /** The state system: `biotrack-ny` or `metrc-ny`. */
  @Property({ type: 'string', length: 32 })
  target: string;

  /**
   * Where it was approved to go: `simulator` or the live base URL (`live` on rows queued before this was kept).
   * Only an instance configured for the same endpoint sends it, so a simulator's row never reaches a live system.
   */
  @Property({ type: 'string', length: 255, default: 'simulator' })
  endpoint: string & Opt = 'simulator';

  /** The protocol step to run next (null: the protocol's first); see ReportingProtocol. */
  @Property({ type: 'string', length: 32, nullable: true })
  step: string | null = null;

  /** What the protocol's completed steps returned, kept so a step is never repeated. */
  @Property({ type: 'json', nullable: true })
  stepState: Record<string, unknown> | null = null;

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

  /** At `needs_action`: what a person must do (see state-system/needed-action.ts). */
  @Property({ type: 'string', length: 32, nullable: true })
  action: NeededAction | null = null;

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
    fields: Pick<Submission, 'target' | 'endpoint' | 'kind' | 'payload' | 'idempotencyKey' | 'deadlineAt' | 'nextAttemptAt'>,
  ) {
    super();
    this.resultSet = resultSet;
    this.target = fields.target;
    this.endpoint = fields.endpoint;
    this.kind = fields.kind;
    this.payload = fields.payload;
    this.idempotencyKey = fields.idempotencyKey;
    this.deadlineAt = fields.deadlineAt;
    this.nextAttemptAt = fields.nextAttemptAt;
  }
}
