import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Client as PgClient } from 'pg';
import { createApp } from '../src/app.factory';
import { defaultRoute, type ProductType } from '../src/catalog';
import { AppConfig } from '../src/config/app-config';
import { Client } from '../src/samples/client.entity';
import { Sample } from '../src/samples/sample.entity';
import { freshDatabaseUrl } from '../test/support/test-database';

export type DatabaseKind = 'sqlite' | 'postgresql';

const ADMIN_TOKEN = 'bench-bootstrap-admin-token-0123456789';
/** The bench's people sign with this password, as a lab's managers sign a release. */
export const BENCH_PASSWORD = 'zx9 quokka obsidian ferns';

/** The whole service listening on 127.0.0.1 on a free port, on a fresh database, with a technician token. */
export interface BenchApp {
  database: DatabaseKind;
  baseUrl: string;
  techToken: string;
  config: AppConfig;
  orm: MikroORM;
  /** A provider of the running service (the outbox worker, for the reporting section). */
  get<T>(token: abstract new (...args: never[]) => T): T;
  /** Registers samples straight through the ORM: registration is not what is measured, and 10,000 POSTs would dominate the run. */
  registerSamples(samples: Array<{ labSampleId: string; productType?: ProductType }>, clientLicense?: string): Promise<void>;
  /** Row count of a table. */
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

/** Boots the service in this process, the way `npm start` does, but on a throw-away data dir and database. */
export async function startBenchApp(
  database: DatabaseKind,
  postgresBase: string | undefined,
  env: Record<string, string> = {},
): Promise<BenchApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lims-bench-'));
  const db = database === 'postgresql' ? await freshDatabaseUrl(requirePostgres(postgresBase), 'lims_bench') : undefined;
  const config = AppConfig.fromEnv({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
    OUTBOX_ENABLED: 'false',
    SAMPLE_SYNC_INTERVAL_SECONDS: '0',
    MAX_UPLOAD_BYTES: String(64 * 1024 * 1024),
    ...(db ? { DATABASE_URL: db.url } : {}),
    ...env,
  });
  const app: INestApplication = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const orm = app.get(MikroORM);

  const created = await fetch(`${baseUrl}/api/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'bench.tech', fullName: 'Bench Technician', role: 'technician', password: BENCH_PASSWORD }),
  });
  if (created.status !== 201) throw new Error(`could not create the bench technician: ${created.status} ${await created.text()}`);
  const techToken = ((await created.json()) as { token: string }).token;

  return {
    database,
    baseUrl,
    techToken,
    config,
    orm,
    get: (token) => app.get(token),
    registerSamples: async (samples, clientLicense = 'OCM-PROC-24-000030') => {
      const em = orm.em.fork();
      const client = (await em.findOne(Client, { licenseNumber: clientLicense })) ?? new Client(clientLicense, 'Bench Licensee');
      em.persist(client);
      for (const { labSampleId, productType = 'flower' } of samples)
        em.persist(new Sample(labSampleId, client, productType, defaultRoute(productType)));
      await em.flush();
    },
    count: async (table) => {
      const rows = (await orm.em.getConnection().execute(`select count(*) as n from ${table}`)) as Array<{ n: number | string }>;
      return Number(rows[0].n);
    },
    close: async () => {
      await app.close();
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The PostgreSQL server to use: DATABASE_URL, else the local server if it answers. */
export async function findPostgres(): Promise<string | undefined> {
  const candidate = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const client = new PgClient({ connectionString: candidate, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return candidate;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function requirePostgres(base: string | undefined): string {
  if (!base) throw new Error('PostgreSQL was asked for but no server answered');
  return base;
}
