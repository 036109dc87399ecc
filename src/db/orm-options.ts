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
