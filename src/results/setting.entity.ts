import { DateTimeType, Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** An administrator's switch, by key (e.g. `review.allow_self_approval`). A missing row means the default. */
@Entity({ tableName: 'settings' })
export class Setting {
  @PrimaryKey({ type: 'string', length: 80 })
  key: string;

  @Property({ type: 'json' })
  value: unknown;

  @Property({ type: 'string', length: 140 })
  updatedBy: string;

  @Property({ type: DateTimeType, onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  constructor(key: string, value: unknown, updatedBy: string) {
    this.key = key;
    this.value = value;
    this.updatedBy = updatedBy;
  }
}
