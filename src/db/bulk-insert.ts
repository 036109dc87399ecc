import { type EntityManager, type EntityProperty, ReferenceKind } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { columnConverter } from './column-value';
import { isPostgres } from './platform';

/** Kept under SQLite's and PostgreSQL's limits on bound parameters per statement (32,766 and 65,535). */
const MAX_PARAMETERS = 30_000;

/** Rows per statement on PostgreSQL, where a statement binds one array per column whatever its row count. */
export const ROWS_PER_ARRAY_INSERT = 5_000;

/**
 * Inserts new entities of one class inside `em`'s transaction, with bound parameters. The ORM's own batch insert
 * writes every value into the SQL text on SQLite; escaping and re-parsing that text cost more than the insert
 * itself for the 100,000 results of a large export. On SQLite, multi-row statements with one placeholder per
 * value; on PostgreSQL, one array per column, unpacked by `unnest`. The entities stay detached.
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
  const sqlite = await sqliteConnection(trx);
  let statement: { rows: number; prepared: SqliteStatement } | undefined;
  try {
    for (let from = 0; from < entities.length; from += perStatement) {
      const rows = Math.min(perStatement, entities.length - from);
      const params: unknown[] = new Array(rows * columns.length);
      let k = 0;
      for (let i = from; i < from + rows; i++) for (let c = 0; c < columns.length; c++) params[k++] = value(entities[i], c);
      if (statement?.rows !== rows) {
        const previous = statement;
        statement = undefined; // so a failed prepare leaves nothing for `finally` to finalize twice
        await previous?.prepared.finalize();
        statement = {
          rows,
          prepared: await sqlite.prepare(head + 'values ' + Array.from({ length: rows }, () => rowSql).join(', ')),
        };
      }
      await statement.prepared.run(params);
    }
  } finally {
    await statement?.prepared.finalize();
  }
}

interface SqliteStatement {
  run(params: unknown[]): Promise<void>;
  finalize(): Promise<void>;
}

/**
 * The transaction's own node-sqlite3 connection (a knex transaction's client hands out only that one), used
 * directly: knex's raw() rescans a 30,000-placeholder statement for every batch, and one prepared statement
 * serves every full batch of an import.
 */
async function sqliteConnection(trx: Knex.Transaction): Promise<{ prepare(sql: string): Promise<SqliteStatement> }> {
  const db = (await trx.client.acquireConnection()) as NodeSqliteDatabase;
  return {
    prepare: (sql) =>
      new Promise((resolve, reject) => {
        const stmt = db.prepare(sql, (error) => {
          if (error) return reject(error);
          resolve({
            run: (params) => new Promise((done, fail) => stmt.run(params, (e: Error | null) => (e ? fail(e) : done()))),
            finalize: () => new Promise((done) => stmt.finalize(() => done())),
          });
        });
      }),
  };
}

interface NodeSqliteDatabase {
  prepare(
    sql: string,
    callback: (error: Error | null) => void,
  ): {
    run(params: unknown[], callback: (error: Error | null) => void): void;
    finalize(callback: () => void): void;
  };
}

function isColumn(prop: EntityProperty): boolean {
  if (prop.persist === false || prop.fieldNames?.length !== 1) return false;
  return prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.MANY_TO_ONE;
}
