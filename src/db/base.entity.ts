import { DateTimeType, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { timeOrderedId } from './time-ordered-id';

/**
 * Id and timestamps shared by every mutable entity. Ids are UUIDs so several instances never collide, and
 * time-ordered ones (`timeOrderedId`) so new rows go to the end of the indexes.
 */
export abstract class BaseEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = timeOrderedId();

  @Property({ type: DateTimeType })
  createdAt: Date & Opt = new Date();

  @Property({ type: DateTimeType, onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
