import { DateTimeType, Entity, Enum, Index, ManyToOne, type Opt, Property } from '@mikro-orm/core';
import { ApiToken } from './api-token.entity';
import { User } from './user.entity';
import { BaseEntity } from '../db/base.entity';
import { SESSION_METHODS, type Flash, type KeptForm, type SessionMethod } from './web-session.rules';

/**
 * A signed-in browser, in the database so it survives a restart and every instance sharing the database knows
 * it. Only the sha256 of the cookie's session id is kept: a copy of this table opens no browser session.
 */
@Entity({ tableName: 'web_sessions' })
@Index({ properties: ['user', 'createdAt'] })
@Index({ properties: ['expiresAt'] })
export class WebSessionRecord extends BaseEntity {
  @Property({ type: 'string', length: 64, unique: true })
  idHash: string;

  /** Deleting a user ends their sessions with them. */
  @ManyToOne(() => User, { deleteRule: 'cascade', index: true })
  user: User;

  /** How the person proved who they are. */
  @Enum({ items: () => [...SESSION_METHODS], type: 'string' })
  method: SessionMethod;

  /** The API token a token (or single sign-on) session began with: revoking it ends the session. */
  @ManyToOne(() => ApiToken, { nullable: true, deleteRule: 'cascade', index: true })
  apiToken: ApiToken | null;

  /** Sent back in a hidden field of every form (or the X-CSRF-Token header) and compared on every POST. */
  @Property({ type: 'string', length: 64 })
  csrfToken: string;

  @Property({ type: DateTimeType })
  lastSeenAt: Date;

  /** The session's maximum age, whatever its use. */
  @Property({ type: DateTimeType })
  expiresAt: Date;

  /** Messages for the next page shown (after a redirect). */
  @Property({ type: 'json' })
  flash: Flash[] & Opt = [];

  /**
   * When the issuer last authenticated this session's person afresh for signing (its auth_time): for a few minutes
   * after, a signature needs no password (see sso-confirmation.ts).
   */
  @Property({ type: DateTimeType, nullable: true })
  ssoConfirmedAt: Date | null = null;

  /** A form posted while signed out, kept through the sign-in so it can be sent again. */
  @Property({ type: 'json', nullable: true })
  keptForm: KeptForm | null = null;

  constructor(
    fields: Pick<WebSessionRecord, 'idHash' | 'user' | 'method' | 'apiToken' | 'csrfToken' | 'lastSeenAt' | 'expiresAt'>,
  ) {
    super();
    this.idHash = fields.idHash;
    this.user = fields.user;
    this.method = fields.method;
    this.apiToken = fields.apiToken;
    this.csrfToken = fields.csrfToken;
    this.lastSeenAt = fields.lastSeenAt;
    this.expiresAt = fields.expiresAt;
    this.createdAt = fields.lastSeenAt;
  }
}
