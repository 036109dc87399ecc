import { DateTimeType, Entity, Enum, type Opt, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { ROLES, type Role } from './role';

@Entity({ tableName: 'users' })
export class User extends BaseEntity {
  @Property({ type: 'string', length: 100, unique: true })
  username: string;

  /**
   * The username as compared: lower case, unique, so "Tara" and "tara" cannot be two people. Users made before
   * this rule whose names differ only in case keep their names; the later ones' keys carry their id.
   */
  @Property({ type: 'string', length: 140, unique: true })
  usernameKey: string;

  /** Printed on certificates and in the audit log beside every signature; users made before names were kept have their username. */
  @Property({ type: 'string', length: 200 })
  fullName: string;

  /** The person's title as printed under their signature ("Laboratory Director"); null when none was given. */
  @Property({ type: 'string', length: 200, nullable: true })
  title: string | null = null;

  /** scrypt hash (see password.ts); null until the person sets a password (API-token and SSO-only users). */
  @Property({ type: 'string', length: 300, nullable: true, hidden: true, lazy: true })
  passwordHash: string | null = null;

  @Property({ type: DateTimeType, nullable: true })
  passwordChangedAt: Date | null = null;

  @Enum({ items: () => [...ROLES], type: 'string' })
  role: Role;

  /** The license a licensee user is bound to; null for lab staff. */
  @Property({ type: 'string', length: 64, nullable: true })
  licenseNumber: string | null;

  /**
   * Where notifications go and how single sign-on finds the person: stored in lower case, unique when set.
   * Null for users made before e-mail addresses were kept.
   */
  @Property({ type: 'string', length: 254, nullable: true, unique: true })
  email: string | null = null;

  @Property({ type: 'boolean' })
  active: boolean & Opt = true;

  constructor(username: string, role: Role, licenseNumber: string | null = null, fullName: string = username) {
    super();
    this.username = username;
    this.fullName = fullName;
    this.usernameKey = usernameKey(username);
    this.role = role;
    this.licenseNumber = licenseNumber;
  }
}

/** How usernames are compared: Unicode-normalized, lower case. */
export const usernameKey = (username: string): string => username.normalize('NFKC').toLowerCase();

/** How e-mail addresses are compared and stored: trimmed, lower case (mail systems treat them case-blind in practice). */
export const emailKey = (email: string): string => email.trim().toLowerCase();
