import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A fresh database for one test file. SQLite: a file under the test's data dir. PostgreSQL (when
 * DATABASE_URL is set, as in CI): a new database on that server, dropped afterwards, so test files and
 * CI runs never see each other's data.
 */
export async function freshDatabaseUrl(
  base = process.env.DATABASE_URL,
  prefix = 'lims_t',
): Promise<{ url?: string; drop: () => Promise<void> }> {
  if (!base) return { drop: async () => {} };
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
