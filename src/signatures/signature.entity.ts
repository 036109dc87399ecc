import { DateTimeType, Entity, Index, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { ResultSet } from '../results/result-set.entity';
import type { SignatureAuthentication, SignedAction } from './signature.schemas';

/**
 * One e-signature: who signed (as they were named and titled when they signed), what it means, which step it
 * signed, and the sha256 of the result-set version's content at that moment (see signed-content.ts), so a later
 * change to that content behind the service's back is found by the audit verification.
 */
@Entity({ tableName: 'signatures' })
@Index({ properties: ['resultSet'] })
export class Signature extends BaseEntity {
  @Property({ type: 'uuid' })
  signerId: string;

  @Property({ type: 'string', length: 100 })
  username: string;

  @Property({ type: 'string', length: 200 })
  fullName: string;

  @Property({ type: 'string', length: 200, nullable: true })
  title: string | null;

  @Property({ type: 'string', length: 200 })
  meaning: string;

  @Property({ type: 'string', length: 16 })
  action: SignedAction;

  @Property({ type: DateTimeType })
  signedAt: Date & Opt = new Date();

  @ManyToOne(() => ResultSet)
  resultSet: ResultSet;

  @Property({ type: 'integer' })
  resultSetVersion: number;

  /** sha256 (hex) of the canonical JSON of the signed version's content. */
  @Property({ type: 'string', length: 64 })
  contentHash: string;

  /** How the signer proved who they are when signing: the password entered again, or single sign-on moments before. */
  @Property({ type: 'string', length: 16 })
  authenticatedBy: SignatureAuthentication & Opt = 'password';

  /** The outbox row a release signed (Metrc results held at awaiting_release). */
  @Property({ type: 'uuid', nullable: true })
  submissionId: string | null = null;

  constructor(
    fields: Omit<Signature, 'id' | 'createdAt' | 'updatedAt' | 'signedAt' | 'submissionId' | 'authenticatedBy'> & {
      submissionId?: string | null;
      authenticatedBy?: SignatureAuthentication;
      signedAt?: Date;
    },
  ) {
    super();
    this.signerId = fields.signerId;
    this.username = fields.username;
    this.fullName = fields.fullName;
    this.title = fields.title;
    this.meaning = fields.meaning;
    this.action = fields.action;
    this.resultSet = fields.resultSet;
    this.resultSetVersion = fields.resultSetVersion;
    this.contentHash = fields.contentHash;
    this.submissionId = fields.submissionId ?? null;
    this.authenticatedBy = fields.authenticatedBy ?? 'password';
    if (fields.signedAt) this.signedAt = fields.signedAt;
  }
}
