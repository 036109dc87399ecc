import { type EntityManager, type EntityProperty, ReferenceKind } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { toColumnValue } from './column-value';

/** Kept under SQLite's and PostgreSQL's limits on bound parameters per statement (32,766 and 65,535). */
const MAX_PARAMETERS = 30_000;

/**
 * Inserts new entities of one class in multi-row statements with bound parameters, inside `em`'s transaction.
 * The ORM's own batch insert writes every value into the SQL text on SQLite; escaping and re-parsing that text
 * cost more than the insert itself for the 100,000 results of a large export. The entities stay detached.
 */
export async function bulkInsert(em: EntityManager, entities: readonly object[]): Promise<void> {
  if (entities.length === 0) return;
  const meta = em.getMetadata().get(entities[0].constructor.name);
  const platform = em.getPlatform();
  const columns = meta.props.filter(isColumn);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const head = `insert into ${platform.quoteIdentifier(meta.tableName)} (${columns.map((p) => platform.quoteIdentifier(p.fieldNames[0])).join(', ')}) values `;
  const rowSql = `(${columns.map(() => '?').join(', ')})`;
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (!trx) throw new Error('bulkInsert runs inside a transaction');

  for (let from = 0; from < entities.length; from += perStatement) {
    const batch = entities.slice(from, from + perStatement);
    const params: unknown[] = [];
    for (const entity of batch) {
      for (const prop of columns) params.push(toColumnValue(em, prop, (entity as Record<string, unknown>)[prop.name]));
    }
    await trx.raw(head + batch.map(() => rowSql).join(', '), params as Knex.RawBinding[]);
  }
}

function isColumn(prop: EntityProperty): boolean {
  if (prop.persist === false || prop.fieldNames?.length !== 1) return false;
  return prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.MANY_TO_ONE;
}
