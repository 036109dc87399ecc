import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { ResultSet } from '../results/result-set.entity';
import { Signature } from '../signatures/signature.entity';
import { contentHash } from '../signatures/signed-content';
import { signedContentOf } from '../signatures/signed-content.mapper';
import { AuditEvent } from './audit-event.entity';
import type { ChainBreak } from './audit-chain';
import { AuditService } from './audit.service';

/** A signed result-set version whose content, or whose signature record, no longer matches what was signed. */
export interface SignedContentMismatch {
  resultSetId: string;
  version: number;
  signatureId: string;
  action: string;
  signedBy: string;
  signedAt: string;
  reason: string;
}

export interface AuditVerification {
  /** True when the chain holds and no signed content was changed. */
  ok: boolean;
  /** Events checked along the chain. */
  checked: number;
  firstBroken: ChainBreak | null;
  /** Every signed result-set version's content hash recomputed; `tampered` names each set whose content changed. */
  signatures: SignedContentReport;
}

export interface SignedContentReport {
  /** Signatures checked. */
  checked: number;
  tampered: SignedContentMismatch[];
}

/** The audit events that carry a signature (`after.signature`). */
const SIGNED_EVENTS = ['result_set.approved', 'result_set.rejected', 'result_set.amended', 'submission.release_approved'];

/**
 * Signatures whose version is fixed once signed: approve and release sign the approved content, amend signs the
 * approved version it amends. A rejected set goes back to draft and changes by design, so a rejection's signature is
 * checked against its audit event only.
 */
const CONTENT_FIXED = new Set(['approve', 'release', 'amend']);

const PAGE = 200;

/**
 * Recomputes the content hash of every signed result-set version and compares it with the signature's, and each
 * signature record with the copy its (hash-chained) audit event holds: a value changed behind the service's back,
 * or a signature record rewritten to match it, is reported with the set's id.
 */
@Injectable()
export class SignedContentCheck {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /** The chain (its first broken link) and the signed content (every tampered signed version). */
  async verify(): Promise<AuditVerification> {
    const chain = await this.audit.verify();
    const signatures = await this.verifySignatures();
    return { ...chain, ok: chain.ok && signatures.tampered.length === 0, signatures };
  }

  async verifySignatures(): Promise<SignedContentReport> {
    const em = this.em.fork();
    const recorded = await this.recordedHashes(em);
    const tampered: SignedContentMismatch[] = [];
    let checked = 0;
    for (let offset = 0; ; offset += PAGE) {
      const page = await em.find(Signature, {}, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: PAGE, offset });
      const setIds = [...new Set(page.filter((s) => CONTENT_FIXED.has(s.action)).map((s) => s.resultSet.id))];
      const sets = new Map(
        (
          await em.find(ResultSet, { id: { $in: setIds } }, { populate: ['sample', 'sample.client', 'results'], refresh: true })
        ).map((s) => [s.id, s]),
      );
      for (const s of page) {
        checked += 1;
        const reason = this.problemOf(s, sets.get(s.resultSet.id), recorded.get(s.id));
        if (reason) {
          tampered.push({
            resultSetId: s.resultSet.id,
            version: s.resultSetVersion,
            signatureId: s.id,
            action: s.action,
            signedBy: s.username,
            signedAt: s.signedAt.toISOString(),
            reason,
          });
        }
      }
      em.clear();
      if (page.length < PAGE) break;
    }
    return { checked, tampered };
  }

  private problemOf(s: Signature, set: ResultSet | undefined, recorded: string | undefined): string | null {
    if (recorded === undefined) return 'no audit event records this signature';
    if (recorded !== s.contentHash) return 'the signature record no longer holds the content hash its audit event recorded';
    if (!CONTENT_FIXED.has(s.action)) return null;
    if (!set) return 'the signed result set is gone';
    if (set.version !== s.resultSetVersion) return `the signed version ${s.resultSetVersion} now reads version ${set.version}`;
    if (contentHash(signedContentOf(set)) !== s.contentHash) {
      return 'the content of the signed version changed after it was signed (a value, qualifier, unit, LOQ, limit, verdict or the sample)';
    }
    return null;
  }

  /** Signature id → the content hash its audit event recorded. */
  private async recordedHashes(em: EntityManager): Promise<Map<string, string>> {
    const hashes = new Map<string, string>();
    const events = await em.find(AuditEvent, { action: { $in: SIGNED_EVENTS } }, { fields: ['sequence', 'after'] });
    for (const e of events) {
      const sig = (e.after as { signature?: { id?: unknown; contentHash?: unknown } } | null)?.signature;
      if (typeof sig?.id === 'string' && typeof sig.contentHash === 'string') hashes.set(sig.id, sig.contentHash);
    }
    return hashes;
  }
}
