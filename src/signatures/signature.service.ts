import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { AttemptLimit } from '../auth/attempt-limiter';
import { AttemptCounters } from '../auth/attempt-counters.store';
import { verifyPassword } from '../auth/password';
import { User } from '../auth/user.entity';
import { InvalidInput, TooManyRequests } from '../common/errors';
import { describeZodIssues } from '../common/zod-issues';
import { AppConfig } from '../config/app-config';
import type { ResultSet } from '../results/result-set.entity';
import { Signature } from './signature.entity';
import { SignatureRefused } from './signature.errors';
import {
  SignatureSchema,
  SsoConfirmedSignatureSchema,
  type SignatureAuthentication,
  type SignedAction,
} from './signature.schemas';
import { ssoConfirmationValid } from '../auth/sso-confirmation';
import { contentHash } from './signed-content';
import { signedContentOf } from './signed-content.mapper';

/** A person whose password checked out, with the meaning they gave: ready to sign one or more steps. */
export interface Signer {
  userId: string;
  username: string;
  fullName: string;
  title: string | null;
  meaning: string;
  authenticatedBy: SignatureAuthentication;
}

/** A signature as the API shows it (never the password: it is not kept). */
export interface SignatureView {
  id: string;
  action: SignedAction;
  meaning: string;
  username: string;
  fullName: string;
  title: string | null;
  signedAt: string;
  authenticatedBy: SignatureAuthentication;
  resultSetId: string;
  resultSetVersion: number;
  contentHash: string;
  submissionId: string | null;
}

export const toSignatureView = (s: Signature): SignatureView => ({
  id: s.id,
  action: s.action,
  meaning: s.meaning,
  username: s.username,
  fullName: s.fullName,
  title: s.title,
  signedAt: s.signedAt.toISOString(),
  authenticatedBy: s.authenticatedBy,
  resultSetId: s.resultSet.id,
  resultSetVersion: s.resultSetVersion,
  contentHash: s.contentHash,
  submissionId: s.submissionId,
});

/** What the audit event of a signed step carries of its signature. */
export const signatureRef = (s: Signature) => ({
  id: s.id,
  action: s.action,
  meaning: s.meaning,
  username: s.username,
  fullName: s.fullName,
  title: s.title,
  signedAt: s.signedAt.toISOString(),
  authenticatedBy: s.authenticatedBy,
  version: s.resultSetVersion,
  contentHash: s.contentHash,
});

/**
 * E-signatures on approve, reject, amend and release. `verify` checks the signer's password (outside any workflow
 * transaction: scrypt is slow on purpose); `sign` then writes the signature inside the step's own transaction, with
 * the sha256 of the version's content. Wrong passwords count per account: past AUTH_FAILURES_PER_ADDRESS in a
 * window the account may not sign for a while (429), and every refused signature is audited.
 */
@Injectable()
export class SignatureService {
  private readonly failureLimit: AttemptLimit;

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly counters: AttemptCounters,
    config: AppConfig,
  ) {
    const { windowMs, backoffMaxMs, failuresPerAddress } = config.throttle;
    this.failureLimit = { max: failuresPerAddress, windowMs, backoffMaxMs };
  }

  /**
   * The signer, once the body's `signature` is well-formed (else 400 naming `signature`) and its password is the
   * caller's (else 401). In a browser session single sign-on confirmed minutes ago (see sso-confirmation.ts) the
   * password may be left empty. Otherwise a person without a password (API-token or single-sign-on only) cannot
   * sign: 401, saying how. `targets` names what was being signed, for the audit of a refusal.
   */
  async verify(actor: Actor, raw: unknown, action: SignedAction, targets: string[], now = Date.now()): Promise<Signer> {
    if (raw === undefined || raw === null) {
      throw new InvalidInput(
        'signature',
        `required: ${action} is signed with {"signature": {"password": "<your password>", "meaning": "<what it means>"}}`,
      );
    }
    const confirmedBySso = ssoConfirmationValid(actor.ssoConfirmedAt, now);
    const parsed = (confirmedBySso ? SsoConfirmedSignatureSchema : SignatureSchema).safeParse(raw);
    if (!parsed.success) {
      throw new InvalidInput('signature', describeZodIssues(parsed.error).join('; '));
    }
    const wait = await this.counters.waitMs(`signature:${actor.id}`, now);
    if (wait > 0) throw new TooManyRequests(`too many wrong signature passwords for ${actor.username}`, Math.ceil(wait / 1000));
    const user = await this.em.fork().findOne(User, { id: actor.id }, { populate: ['passwordHash'] });
    if (!user || !user.active) throw new SignatureRefused(`${actor.username} may not sign`);
    const signer = (authenticatedBy: SignatureAuthentication): Signer => ({
      userId: user.id,
      username: user.username,
      fullName: user.fullName,
      title: user.title,
      meaning: parsed.data.meaning,
      authenticatedBy,
    });
    const password = parsed.data.password;
    if (!password && confirmedBySso) return signer('sso');
    if (!user.passwordHash || !password) {
      await this.refused(actor, action, targets, 'no_password');
      throw new SignatureRefused(
        `${actor.username} has no password to sign with (API-token and single-sign-on accounts have none): set a password first, with the set-password link an admin gives you, or on the page confirm it is you through single sign-on, then sign again`,
      );
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      await this.counters.record(`signature:${actor.id}`, this.failureLimit, now);
      await this.refused(actor, action, targets, 'wrong_password');
      throw new SignatureRefused(`the password is not ${actor.username}'s; nothing was ${PAST[action]}`);
    }
    return signer('password');
  }

  /**
   * Writes the signature of one step inside its transaction (`em`), over the content of `set` as it stands there
   * (loaded with its sample, client and results). The caller puts `signatureRef(signature)` in the step's audit event.
   */
  sign(em: EntityManager, signer: Signer, action: SignedAction, set: ResultSet, submissionId: string | null = null): Signature {
    const signature = new Signature({
      signerId: signer.userId,
      username: signer.username,
      fullName: signer.fullName,
      title: signer.title,
      meaning: signer.meaning,
      action,
      resultSet: set,
      resultSetVersion: set.version,
      contentHash: contentHash(signedContentOf(set)),
      submissionId,
      authenticatedBy: signer.authenticatedBy,
    });
    em.persist(signature);
    return signature;
  }

  /** The signatures of one result-set version, oldest first. */
  async ofResultSet(resultSetId: string): Promise<SignatureView[]> {
    return (await this.ofResultSets([resultSetId])).get(resultSetId) ?? [];
  }

  /** The signatures of several result-set versions (a list page, certificates), oldest first, by set id. */
  async ofResultSets(resultSetIds: string[]): Promise<Map<string, SignatureView[]>> {
    const bySet = new Map<string, SignatureView[]>();
    if (resultSetIds.length === 0) return bySet;
    const rows = await this.em
      .fork()
      .find(Signature, { resultSet: { $in: resultSetIds } }, { orderBy: { signedAt: 'asc', createdAt: 'asc' } });
    for (const s of rows) {
      const view = toSignatureView(s);
      bySet.set(view.resultSetId, [...(bySet.get(view.resultSetId) ?? []), view]);
    }
    return bySet;
  }

  private async refused(actor: Actor, action: SignedAction, targets: string[], reason: 'wrong_password' | 'no_password') {
    await this.em.fork().transactional((em) =>
      this.audit.record(em, {
        actor: actor.username,
        action: 'signature.failed',
        entityType: 'user',
        entityId: actor.id,
        after: { action, targets, reason },
      }),
    );
  }
}

const PAST: Record<SignedAction, string> = { approve: 'approved', reject: 'rejected', amend: 'amended', release: 'released' };
