import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';

/**
 * One version of a lab method. Versions are never changed: an edit stores the next version, so a result
 * judged by "hplc-potency v3" can always be traced to the limits it was judged by.
 */
@Entity({ tableName: 'lab_methods' })
@Unique({ properties: ['key', 'version'] })
export class LabMethod extends BaseEntity {
  @Property({ type: 'string', length: 80 })
  key: string;

  @Property({ type: 'integer' })
  version: number;

  /** The whole definition as validated by `MethodDefinitionSchema` (what GET returns and POST/PUT accept). */
  @Property({ type: 'json' })
  definition: Record<string, unknown>;

  @Property({ type: 'string', length: 140 })
  createdBy: string;

  constructor(key: string, version: number, definition: Record<string, unknown>, createdBy: string) {
    super();
    this.key = key;
    this.version = version;
    this.definition = definition;
    this.createdBy = createdBy;
  }
}
