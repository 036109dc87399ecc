import { Migrator } from '@mikro-orm/migrations';
import type { Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import type { DatabaseConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { POSTGRESQL_MIGRATIONS } from './migrations/postgresql';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

/** MikroORM options for either backend. Migrations are listed explicitly, one folder per dialect. */
export function buildOrmOptions(db: DatabaseConfig): Options {
  const common = {
    entities: ENTITIES,
    extensions: [Migrator],
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: false,
  } satisfies Partial<Options>;

  if (db.type === 'sqlite') {
    return {
      ...common,
      driver: SqliteDriver,
      dbName: db.file,
      pool: { min: 1, max: 1, afterCreate: sqlitePragmas },
      migrations: {
        migrationsList: SQLITE_MIGRATIONS,
        path: 'src/db/migrations/sqlite',
        transactional: true,
        allOrNothing: true,
        snapshot: false,
        emit: 'ts',
        silent: true,
      },
    } as Options;
  }
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: db.url,
    migrations: {
      migrationsList: POSTGRESQL_MIGRATIONS,
      path: 'src/db/migrations/postgresql',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
  } as Options;
}

/**
 * Write-ahead logging lets readers (the pages, /health) carry on while a long import writes, and needs fewer
 * syncs than the rollback journal; synchronous stays FULL, so a committed import survives a power cut.
 */
function sqlitePragmas(
  conn: { exec(sql: string, done: (error: Error | null) => void): void },
  done: (error: Error | null, conn: unknown) => void,
): void {
  conn.exec('pragma journal_mode = wal; pragma synchronous = full; pragma foreign_keys = on;', (error) => done(error, conn));
}
