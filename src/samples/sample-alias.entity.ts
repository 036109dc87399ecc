import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { Sample } from './sample.entity';

/**
 * Another name an instrument run gives a sample ("1318" for the sample whose lab ID is "1318-A"), remembered when
 * a person attaches a run's row so the next run with that name matches by itself. One name, one sample.
 */
@Entity({ tableName: 'sample_aliases' })
export class SampleAlias extends BaseEntity {
  @Property({ type: 'string', length: 64, unique: true })
  alias: string;

  @ManyToOne(() => Sample)
  sample: Sample;

  @Property({ type: 'string', length: 140 })
  createdBy: string;

  constructor(alias: string, sample: Sample, createdBy: string) {
    super();
    this.alias = alias;
    this.sample = sample;
    this.createdBy = createdBy;
  }
}
