import { DateTimeType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One append-only entry of the audit log. `hash` covers every other column and the previous entry's hash,
 * so altering or removing a row behind the service's back breaks the chain at that row.
 */
@Entity({ tableName: 'audit_events' })
@Index({ properties: ['entityType', 'entityId'] })
export class AuditEvent {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  sequence: number;

  @Property({ type: DateTimeType })
  occurredAt: Date;

  /** Username (the watched folder acts as its technician), or a system actor such as `system`, `outbox`. */
  @Property({ type: 'string', length: 140 })
  actor: string;

  @Property({ type: 'string', length: 80 })
  action: string;

  @Property({ type: 'string', length: 60 })
  entityType: string;

  @Property({ type: 'string', length: 64 })
  entityId: string;

  @Property({ type: 'json', nullable: true })
  before: Record<string, unknown> | null;

  @Property({ type: 'json', nullable: true })
  after: Record<string, unknown> | null;

  @Property({ type: 'string', length: 64 })
  prevHash: string;

  @Property({ type: 'string', length: 64, unique: true })
  hash: string;

  constructor(fields: Omit<AuditEvent, never>) {
    this.sequence = fields.sequence;
    this.occurredAt = fields.occurredAt;
    this.actor = fields.actor;
    this.action = fields.action;
    this.entityType = fields.entityType;
    this.entityId = fields.entityId;
    this.before = fields.before;
    this.after = fields.after;
    this.prevHash = fields.prevHash;
    this.hash = fields.hash;
  }
}
