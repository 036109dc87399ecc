import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { bulkInsert } from '../db/bulk-insert';
import { isPostgres } from '../db/platform';
import { AuditEvent } from './audit-event.entity';
import { type ChainBreak, checkLink, GENESIS_HASH, hashEvent, toPlainJson } from './audit-chain';

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actor?: string;
  limit: number;
  afterSequence?: number;
}

export interface AuditEventView {
  sequence: number;
  occurredAt: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export function toAuditEventView(e: AuditEvent): AuditEventView {
  return {
    sequence: e.sequence,
    occurredAt: e.occurredAt.toISOString(),
    actor: e.actor,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before,
    after: e.after,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/** Advisory-lock key that serialises appends to the chain on PostgreSQL ("AUDT"). */
const AUDIT_LOCK_KEY = 0x41554454;

@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Appends an event inside the caller's transaction (`em` must be the transactional one), so the event
   * commits or rolls back with the change it records.
   */
  async record(em: EntityManager, entry: AuditEntry, now = new Date()): Promise<AuditEvent> {
    const [event] = await this.recordMany(em, [entry], now);
    return event;
  }

  /**
   * Appends events in order inside the caller's transaction: the chain's head is read once, the events are
   * chained in memory and inserted together, so a 10,000-sample import does not pay a round trip per event.
   * Inserted directly rather than through the unit of work, which would re-scan everything the caller holds.
   */
  async recordMany(em: EntityManager, entries: AuditEntry[], now = new Date()): Promise<AuditEvent[]> {
    if (!em.isInTransaction()) throw new Error('audit events are written inside the transaction of the change');
    if (entries.length === 0) return [];
    if (isPostgres(em)) {
      await em.getConnection().execute(`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`, [], 'run', em.getTransactionContext());
    }
    const [head] = await em
      .getConnection()
      .execute<Array<{ sequence: number; hash: string }>>(
        'select sequence, hash from audit_events order by sequence desc limit 1',
        [],
        'all',
        em.getTransactionContext(),
      );
    let sequence = Number(head?.sequence ?? 0);
    let prevHash = head?.hash ?? GENESIS_HASH;
    const events = entries.map((entry) => {
      const fields = {
        sequence: ++sequence,
        occurredAt: new Date(now.getTime()),
        actor: entry.actor,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: toPlainJson(entry.before),
        after: toPlainJson(entry.after),
        prevHash,
      };
      const event = new AuditEvent({ ...fields, hash: hashEvent(fields) });
      prevHash = event.hash;
      return event;
    });
    await bulkInsert(em, events);
    return events;
  }

  async list(q: AuditQuery): Promise<AuditEventView[]> {
    const where: Record<string, unknown> = {};
    if (q.entityType) where.entityType = q.entityType;
    if (q.entityId) where.entityId = q.entityId;
    if (q.actor) where.actor = q.actor;
    if (q.afterSequence !== undefined) where.sequence = { $gt: q.afterSequence };
    const events = await this.em.fork().find(AuditEvent, where, { orderBy: { sequence: 'asc' }, limit: q.limit });
    return events.map(toAuditEventView);
  }

  /**
   * The latest event among `actions` of each entity of a type, keyed by entity id: one grouped query however many
   * entities (the users page's last sign-ins). The chain's sequence grows with time, so its maximum is the latest.
   */
  async latestPerEntity(entityType: string, actions: readonly string[]): Promise<Map<string, AuditEventView>> {
    if (actions.length === 0) return new Map();
    const em = this.em.fork();
    const rows: Array<Record<string, unknown>> = await em.getConnection().execute(
      `select * from audit_events where sequence in (select max(sequence) from audit_events
         where entity_type = ? and action in (${actions.map(() => '?').join(', ')}) group by entity_id)`,
      [entityType, ...actions],
      'all',
    );
    return new Map(
      rows.map((row) => {
        const event = toAuditEventView(em.map(AuditEvent, row));
        return [event.entityId, event];
      }),
    );
  }

  /** Walks the whole chain in order; reports the first event whose link or contents do not hold. */
  async verify(): Promise<{ ok: boolean; checked: number; firstBroken: ChainBreak | null }> {
    const em = this.em.fork();
    let prevHash = GENESIS_HASH;
    let expected = 1;
    let checked = 0;
    const pageSize = 1000;
    for (;;) {
      const page = await em.find(AuditEvent, { sequence: { $gte: expected } }, { orderBy: { sequence: 'asc' }, limit: pageSize });
      for (const event of page) {
        const reason = checkLink(event, expected, prevHash);
        if (reason) return { ok: false, checked, firstBroken: { sequence: expected, reason } };
        prevHash = event.hash;
        expected += 1;
        checked += 1;
      }
      em.clear();
      if (page.length < pageSize) break;
    }
    return { ok: true, checked, firstBroken: null };
  }
}
