import type { EntityManager } from '@mikro-orm/core';

/** True on PostgreSQL (row locks, advisory locks, array binding); false on the embedded SQLite. */
export function isPostgres(em: EntityManager): boolean {
  return em.getPlatform().constructor.name.startsWith('PostgreSql');
}
