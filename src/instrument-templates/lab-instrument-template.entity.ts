import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';

/**
 * One version of an instrument template a lab taught the service (the teach page or the API). Versions are
 * never changed: an edit stores the next version, and retiring one stores a last version marked retired, so an
 * import made with "lab-x v2" can always be traced to the template that read it.
 */
@Entity({ tableName: 'lab_instrument_templates' })
@Unique({ properties: ['templateId', 'version'] })
export class LabInstrumentTemplate extends BaseEntity {
  @Property({ type: 'string', length: 80 })
  templateId: string;

  @Property({ type: 'integer' })
  version: number;

  /** The template as `InstrumentTemplateSchema` validated it, its `version` field set to this row's version. */
  @Property({ type: 'json' })
  definition: Record<string, unknown>;

  /** A retired template is no longer detected nor offered; its versions stay for the imports that used them. */
  @Property({ type: 'boolean', default: false })
  retired: boolean = false;

  @Property({ type: 'string', length: 140 })
  createdBy: string;

  constructor(templateId: string, version: number, definition: Record<string, unknown>, createdBy: string, retired = false) {
    super();
    this.templateId = templateId;
    this.version = version;
    this.definition = definition;
    this.createdBy = createdBy;
    this.retired = retired;
  }
}
