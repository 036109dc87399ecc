import { DateTimeType, Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { User } from './user.entity';

/** Why a link was made: an invitation (a new user, the first admin) or a reset an administrator asked for. */
export const SET_PASSWORD_PURPOSES = ['invitation', 'reset'] as const;
export type SetPasswordPurpose = (typeof SET_PASSWORD_PURPOSES)[number];

/**
 * A one-time link for a person to set their own password. Only the sha256 of its token is kept (like API
 * tokens); the link is shown once. It works until it is used, expires, or a newer link of the same user
 * replaces it.
 */
@Entity({ tableName: 'set_password_links' })
export class SetPasswordLink extends BaseEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user: User;

  @Property({ type: 'string', length: 64, unique: true })
  tokenHash: string;

  @Enum({ items: () => [...SET_PASSWORD_PURPOSES], type: 'string' })
  purpose: SetPasswordPurpose;

  @Property({ type: DateTimeType })
  expiresAt: Date;

  @Property({ type: DateTimeType, nullable: true })
  usedAt: Date | null = null;

  /** Set when a newer link of the same user replaced this one before it was used. */
  @Property({ type: DateTimeType, nullable: true })
  revokedAt: Date | null = null;

  /** Who asked for the link (an admin's username, or "system" for the first admin). */
  @Property({ type: 'string', length: 100 })
  issuedBy: string;

  constructor(user: User, tokenHash: string, purpose: SetPasswordPurpose, expiresAt: Date, issuedBy: string) {
    super();
    this.user = user;
    this.tokenHash = tokenHash;
    this.purpose = purpose;
    this.expiresAt = expiresAt;
    this.issuedBy = issuedBy;
  }
}
