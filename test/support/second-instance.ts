import * as fs from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';
import type { TestApp } from './test-app';

/** Whether the tests run on PostgreSQL, the one database several instances of the service share. */
export const ON_POSTGRES = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');

/** `describe` on PostgreSQL; elsewhere skipped, saying why and how to run it. */
export function describeOnPostgres(what: string): jest.Describe {
  if (ON_POSTGRES) return describe;
  console.warn(`SKIPPED: ${what} needs PostgreSQL; set DATABASE_URL=postgresql://… to run it`);
  return describe.skip;
}

export interface SecondInstance {
  app: INestApplication;
  /** Stops the instance and removes its data folder. */
  close(): Promise<void>;
}

/** Another instance of the service on `one`'s PostgreSQL database, with its own DATA_DIR, as a second server runs. */
export async function startSecondInstance(one: TestApp, env: Record<string, string>): Promise<SecondInstance> {
  if (one.config.database.type !== 'postgresql') throw new Error('expected PostgreSQL');
  const dataDir = `${one.config.dataDir}-two`;
  const app = await createApp(
    AppConfig.fromEnv({ ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: one.config.database.url }),
  );
  await app.init();
  return {
    app,
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
