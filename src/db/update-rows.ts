import type { EntityClass, EntityManager, EntityProperty } from '@mikro-orm/core';
import { toColumnValue } from './column-value';

/** One row to change: its id, the new values, and what it must still hold for the change to apply. */
export interface RowUpdate<T> {
  id: string;
  set: Partial<Record<keyof T & string, unknown>>;
  /** Compare-and-set: the row changes only while these properties still hold these values (null: is null). */
  expect?: Partial<Record<keyof T & string, unknown>>;
}

/**
 * Rows per statement. Each row adds a `when` to every column's `case`, so a statement's cost grows with the square of
 * its rows; this also keeps it far below the databases' limits on bound parameters.
 */
export const ROWS_PER_UPDATE = 500;

/**
 * Changes several rows of one entity, each with its own values (properties a row does not set keep theirs), in one
 * statement per `ROWS_PER_UPDATE` rows, inside `em`'s transaction. Answers the ids of the rows that changed: a row
 * whose `expect` no longer held is left alone and not answered. Lets the outbox record a batch of claims or outcomes
 * in one round trip instead of one per row; the rows stay outside the unit of work.
 */
export async function updateRows<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  rows: ReadonlyArray<RowUpdate<T>>,
): Promise<string[]> {
  const changed: string[] = [];
  for (let from = 0; from < rows.length; from += ROWS_PER_UPDATE) {
    changed.push(...(await updateStatement(em, entity, rows.slice(from, from + ROWS_PER_UPDATE))));
  }
  return changed;
}

async function updateStatement<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  rows: ReadonlyArray<RowUpdate<T>>,
): Promise<string[]> {
  const meta = em.getMetadata().get(entity.name);
  const platform = em.getPlatform();
  const q = (prop: EntityProperty) => platform.quoteIdentifier(prop.fieldNames[0]);
  const propOf = (name: string): EntityProperty => {
    const prop = meta.properties[name as keyof typeof meta.properties] as EntityProperty | undefined;
    if (!prop?.fieldNames || prop.fieldNames.length !== 1) throw new Error(`updateRows: ${entity.name}.${name} is not a column`);
    return prop;
  };
  const id = propOf(meta.primaryKeys[0]);
  const params: unknown[] = [];

  const names = [...new Set(rows.flatMap((r) => Object.keys(r.set)))];
  if (names.length === 0) throw new Error('updateRows: no values to set');
  const assignments = names.map((name) => {
    const prop = propOf(name);
    const cases = rows
      .filter((r) => name in r.set)
      .map((r) => {
        params.push(r.id, toColumnValue(em, prop, r.set[name as keyof T & string]));
        return 'when ? then ?';
      });
    return `${q(prop)} = case ${q(id)} ${cases.join(' ')} else ${q(prop)} end`;
  });

  const conditions = rows.map((r) => {
    params.push(r.id);
    const parts = [`${q(id)} = ?`];
    for (const [name, value] of Object.entries(r.expect ?? {})) {
      const prop = propOf(name);
      if (value === null || value === undefined) parts.push(`${q(prop)} is null`);
      else {
        parts.push(`${q(prop)} = ?`);
        params.push(toColumnValue(em, prop, value));
      }
    }
    return `(${parts.join(' and ')})`;
  });

  const sql = `update ${platform.quoteIdentifier(meta.tableName)} set ${assignments.join(', ')} where ${conditions.join(' or ')} returning ${q(id)}`;
  const changed = await em
    .getConnection()
    .execute<Array<Record<string, unknown>>>(sql, params, 'all', em.getTransactionContext());
  return changed.map((row: Record<string, unknown>) => String(row[id.fieldNames[0]]));
}
