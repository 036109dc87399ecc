import { DateTimeType, Entity, Enum, type Opt, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';

export const NOTIFICATION_EMAIL_STATUSES = ['sending', 'sent', 'failed'] as const;
export type NotificationEmailStatus = (typeof NOTIFICATION_EMAIL_STATUSES)[number];

/**
 * One notification event's e-mail. The unique event key is the claim: whichever poll (of whichever instance)
 * inserts it sends it, so an event is e-mailed once however often it is seen.
 */
@Entity({ tableName: 'notification_emails' })
export class NotificationEmail extends BaseEntity {
  @Property({ type: 'string', length: 200, unique: true })
  eventKey: string;

  @Property({ type: 'string', length: 64 })
  kind: string;

  @Property({ type: 'string', length: 300 })
  subject: string;

  /** The addresses it went (or was to go) to. */
  @Property({ type: 'json' })
  recipients: string[];

  @Enum({ items: () => [...NOTIFICATION_EMAIL_STATUSES], type: 'string' })
  status: NotificationEmailStatus & Opt = 'sending';

  @Property({ type: 'integer' })
  attempts: number & Opt = 1;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: DateTimeType, nullable: true })
  sentAt: Date | null = null;

  constructor(fields: Pick<NotificationEmail, 'eventKey' | 'kind' | 'subject' | 'recipients'>) {
    super();
    this.eventKey = fields.eventKey;
    this.kind = fields.kind;
    this.subject = fields.subject;
    this.recipients = fields.recipients;
  }
}
