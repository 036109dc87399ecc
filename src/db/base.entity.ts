import { randomUUID } from 'node:crypto';
import { DateTimeType, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** Id and timestamps shared by every mutable entity. Ids are UUIDs so several instances never collide. */
export abstract class BaseEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: DateTimeType })
  createdAt: Date & Opt = new Date();

  @Property({ type: DateTimeType, onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
