import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  sequence: number;
  occurredAt: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  prevHash: string;
}

/** The hash of an audit event: sha256 over the previous hash and a canonical JSON of every other column. */
export function hashEvent(f: ChainFields): string {
  const canonical = canonicalJson({
    sequence: f.sequence,
    occurredAt: f.occurredAt.toISOString(),
    actor: f.actor,
    action: f.action,
    entityType: f.entityType,
    entityId: f.entityId,
    before: f.before,
    after: f.after,
  });
  return createHash('sha256').update(f.prevHash).update('\n').update(canonical).digest('hex');
}

/** Plain JSON copy: Dates become ISO strings, undefined disappears; what is hashed is what is stored. */
export function toPlainJson(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

export type ChainBreak = { sequence: number; reason: string };

/** Checks one event against the one before it; returns why the chain breaks here, or null. */
export function checkLink(event: ChainFields & { hash: string }, expectedSequence: number, prevHash: string): string | null {
  if (event.sequence !== expectedSequence) {
    return `sequence ${expectedSequence} is missing (next found is ${event.sequence}): a row was removed`;
  }
  if (event.prevHash !== prevHash) return 'previous-hash link does not match the event before it';
  if (hashEvent(event) !== event.hash) return 'contents do not match the stored hash: the row was altered';
  return null;
}
