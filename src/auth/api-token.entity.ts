import { DateTimeType, Entity, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { User } from './user.entity';

/** An API token. Only its sha256 is stored; the token itself is shown once, when created. */
@Entity({ tableName: 'api_tokens' })
export class ApiToken extends BaseEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user: User;

  @Property({ type: 'string', length: 64, unique: true })
  tokenHash: string;

  @Property({ type: 'string', length: 100, nullable: true })
  label: string | null;

  @Property({ type: DateTimeType, nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: DateTimeType, nullable: true })
  revokedAt: Date | null = null;

  /** After this the token no longer opens anything (401); null: it lasts until revoked. */
  @Property({ type: DateTimeType, nullable: true })
  expiresAt: Date | null;

  constructor(user: User, tokenHash: string, label: string | null = null, expiresAt: Date | null = null) {
    super();
    this.user = user;
    this.tokenHash = tokenHash;
    this.label = label;
    this.expiresAt = expiresAt;
  }
}
