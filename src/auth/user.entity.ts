import { Entity, Enum, type Opt, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { ROLES, type Role } from './role';

@Entity({ tableName: 'users' })
export class User extends BaseEntity {
  @Property({ type: 'string', length: 100, unique: true })
  username: string;

  @Enum({ items: () => [...ROLES], type: 'string' })
  role: Role;

  /** The license a licensee user is bound to; null for lab staff. */
  @Property({ type: 'string', length: 64, nullable: true })
  licenseNumber: string | null;

  @Property({ type: 'boolean' })
  active: boolean & Opt = true;

  constructor(username: string, role: Role, licenseNumber: string | null = null) {
    super();
    this.username = username;
    this.role = role;
    this.licenseNumber = licenseNumber;
  }
}
