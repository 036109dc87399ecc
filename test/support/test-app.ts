import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';
import type { Role } from '../../src/auth/role';
import { freshDatabaseUrl } from './test-database';

export const ADMIN_TOKEN = 'test-bootstrap-admin-token-0123456789';
/** Every user a test makes through `userToken` has this password, so it can sign in on a page and sign a release. */
export const TEST_PASSWORD = 'zx9 quokka obsidian ferns';

/** The e-signature a test user gives on approve, reject, amend and release: their password and a meaning. */
export const signature = (meaning = 'Reviewed and approved for release') => ({ password: TEST_PASSWORD, meaning });

/** A user's full name as tests give it: "tara.tech" → "Tara Tech". */
export const fullNameOf = (username: string): string =>
  username
    .split(/[._@-]+/)
    .filter((w) => /^[a-z]/i.test(w))
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ') || 'Test Person';

export interface TestApp {
  app: INestApplication;
  http: App;
  config: AppConfig;
  orm: MikroORM;
  /** Runs raw SQL against the app's database, behind the service's back. */
  sql: (query: string, params?: unknown[]) => Promise<unknown>;
  /** Creates a user through the API as the bootstrap admin and returns their token. */
  userToken: (username: string, role: Role, licenseNumber?: string) => Promise<string>;
  close: () => Promise<void>;
}

/** Boots the whole service on a fresh database (SQLite file, or a new PostgreSQL database in CI). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lims-e2e-'));
  const db = await freshDatabaseUrl();
  const config = AppConfig.fromEnv({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
    OUTBOX_ENABLED: 'false',
    // Most tests register samples under invented UIDs no simulator holds; the holding check's own tests switch it on.
    STATE_SYSTEM_SAMPLE_CHECK: 'false',
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    ...env,
  });
  const app = await createApp(config);
  await app.init();
  const http = app.getHttpServer() as App;
  const orm = app.get(MikroORM);
  return {
    app,
    http,
    config,
    orm,
    sql: (query, params = []) => orm.em.getConnection().execute(query, params as never[]),
    userToken: async (username, role, licenseNumber) => {
      const res = await request(http)
        .post('/api/users')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .send({
          username,
          fullName: fullNameOf(username),
          role,
          password: TEST_PASSWORD,
          ...(licenseNumber ? { licenseNumber } : {}),
        })
        .expect(201);
      return (res.body as { token: string }).token;
    },
    close: async () => {
      await app.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
