import { Entity, type Opt, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';

/** A licensee the lab tests for. */
@Entity({ tableName: 'clients' })
export class Client extends BaseEntity {
  @Property({ type: 'string', length: 64, unique: true })
  licenseNumber: string;

  @Property({ type: 'string', length: 200 })
  name: string;

  /** BioTrack UBI of the licensee, when known. */
  @Property({ type: 'string', length: 64, nullable: true })
  ubi: string | null;

  /** False for licensees that are not integrated with the state system (their results are entered by hand). */
  @Property({ type: 'boolean' })
  integrated: boolean & Opt = true;

  /** Postal address, printed on certificates. */
  @Property({ type: 'text', nullable: true })
  address: (string & Opt) | null = null;

  constructor(licenseNumber: string, name: string, ubi: string | null = null) {
    super();
    this.licenseNumber = licenseNumber;
    this.name = name;
    this.ubi = ubi;
  }
}
