import { type EntityManager, type EntityProperty, ReferenceKind } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { columnConverter } from './column-value';
import { isPostgres } from './platform';

/** Kept under SQLite's and PostgreSQL's limits on bound parameters per statement (32,766 and 65,535). */
const MAX_PARAMETERS = 30_000;

/** Rows per statement on PostgreSQL, where a statement binds one array per column whatever its row count. */
export const ROWS_PER_ARRAY_INSERT = 5_000;

/**
 * Inserts new entities of one class inside `em`'s transaction, in multi-row statements with bound parameters.
 * The ORM's own batch insert writes every value into the SQL text on SQLite; escaping and re-parsing that text
 * cost more than the insert itself for the 100,000 results of a large export. On PostgreSQL each column is
 * bound as one array and the rows come from `unnest`, so a statement carries 24 parameters rather than tens of
 * thousands for the driver to prepare one by one and the server to parse. The entities stay detached.
 */
export async function bulkInsert(em: EntityManager, entities: readonly object[]): Promise<void> {
  if (entities.length === 0) return;
  const meta = em.getMetadata().get(entities[0].constructor.name);
  const platform = em.getPlatform();
  const columns = meta.props.filter(isColumn);
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (!trx) throw new Error('bulkInsert runs inside a transaction');
  const head = `insert into ${platform.quoteIdentifier(meta.tableName)} (${columns.map((p) => platform.quoteIdentifier(p.fieldNames[0])).join(', ')}) `;
  const converters = columns.map((prop) => columnConverter(em, prop));
  const value = (entity: object, c: number) => converters[c]((entity as Record<string, unknown>)[columns[c].name]);

  if (isPostgres(em)) {
    const arrays = `select * from unnest(${columns.map((p) => `?::${p.columnTypes[0]}[]`).join(', ')})`;
    for (let from = 0; from < entities.length; from += ROWS_PER_ARRAY_INSERT) {
      const batch = entities.slice(from, from + ROWS_PER_ARRAY_INSERT);
      await trx.raw(head + arrays, columns.map((_, c) => batch.map((entity) => value(entity, c))) as Knex.RawBinding[]);
    }
    return;
  }
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const rowSql = `(${columns.map(() => '?').join(', ')})`;
  for (let from = 0; from < entities.length; from += perStatement) {
    const batch = entities.slice(from, from + perStatement);
    const params: unknown[] = [];
    for (const entity of batch) for (let c = 0; c < columns.length; c++) params.push(value(entity, c));
    await trx.raw(head + 'values ' + batch.map(() => rowSql).join(', '), params as Knex.RawBinding[]);
  }
}

function isColumn(prop: EntityProperty): boolean {
  if (prop.persist === false || prop.fieldNames?.length !== 1) return false;
  return prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.MANY_TO_ONE;
}
