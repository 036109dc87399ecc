/**
 * Creates the next migration for one dialect from the difference between the entities and the
 * migrations already committed. Run: `npm run migration:create:sqlite` / `migration:create:postgresql`
 * (PostgreSQL uses DATABASE_URL, default the local `test` database, in a throw-away database).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { Client as PgClient } from 'pg';
import { buildOrmOptions } from '../src/db/orm-options';

async function main(): Promise<void> {
  const dialect = process.argv[2];
  if (dialect !== 'sqlite' && dialect !== 'postgresql') throw new Error('usage: create-migration sqlite|postgresql');
  let cleanup = async () => {};
  let options;
  if (dialect === 'sqlite') {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lims-mig-')), 'db.sqlite');
    options = buildOrmOptions({ type: 'sqlite', file });
  } else {
    const base = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
    const name = `lims_migration_${Date.now()}`;
    const admin = new PgClient({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    options = buildOrmOptions({ type: 'postgresql', url: url.toString() });
    cleanup = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    };
  }
  const dir = path.resolve(__dirname, '..', 'src', 'db', 'migrations', dialect);
  const orm = await MikroORM.init({
    ...options,
    allowGlobalContext: true,
    // The committed snapshot is what the next migration is diffed against (SQLite introspection alone is lossy).
    migrations: { ...options.migrations, path: dir, pathTs: dir, snapshot: true, snapshotName: '.schema-snapshot' },
  });
  try {
    const migrator = orm.getMigrator() as Migrator;
    await migrator.up();
    const result = await migrator.createMigration(dir, false, false);
    if (!result.fileName) {
      console.log(`no changes for ${dialect}`);
      return;
    }
    console.log(`created ${path.join(dir, result.fileName)}`);
    writeIndex(dir, dialect);
  } finally {
    await orm.close(true);
    await cleanup();
  }
}

/** Regenerates the dialect's index so the compiled build lists migrations without globbing the file system. */
function writeIndex(dir: string, dialect: string): void {
  const names = fs
    .readdirSync(dir)
    .filter((f) => /^Migration\d+.*\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  const constName = dialect === 'sqlite' ? 'SQLITE_MIGRATIONS' : 'POSTGRESQL_MIGRATIONS';
  const lines = [
    "import type { MigrationObject } from '@mikro-orm/core';",
    ...names.map((n) => `import { ${n} } from './${n}';`),
    '',
    `export const ${constName}: MigrationObject[] = [`,
    ...names.map((n) => `  { name: '${n}', class: ${n} },`),
    '];',
    '',
  ];
  fs.writeFileSync(path.join(dir, 'index.ts'), lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
