import { DateTimeType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Failed attempts of one account (a sign-in name, a signer), in the database so that every instance sharing it
 * counts the same failures and honours the same lock, and a restart does not lift one. The key is a hash: names
 * typed into a sign-in form (sometimes a password typed in the wrong box) are never stored.
 */
@Entity({ tableName: 'attempt_counters' })
@Index({ properties: ['lastSeenAt'] })
export class AttemptCounter {
  @PrimaryKey({ type: 'string', length: 80 })
  key: string;

  @Property({ type: DateTimeType })
  windowStart: Date;

  @Property({ type: 'integer' })
  count: number;

  @Property({ type: DateTimeType, nullable: true })
  blockedUntil: Date | null;

  @Property({ type: 'integer' })
  strikes: number;

  @Property({ type: DateTimeType })
  lastSeenAt: Date;

  constructor(key: string, fields: Omit<AttemptCounter, 'key'>) {
    this.key = key;
    this.windowStart = fields.windowStart;
    this.count = fields.count;
    this.blockedUntil = fields.blockedUntil;
    this.strikes = fields.strikes;
    this.lastSeenAt = fields.lastSeenAt;
  }
}
