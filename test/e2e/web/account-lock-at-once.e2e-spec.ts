import type { App } from 'supertest/types';
import { createApp } from '../../../src/app.factory';
import { ON_POSTGRES } from '../../support/second-instance';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import { postSignIn } from './web-client';

// Several instances share PostgreSQL only; on the embedded SQLite one instance takes the failures all at once.
const WHERE = ON_POSTGRES ? 'on two instances sharing the database' : 'on one instance (SQLite: two instances need PostgreSQL)';

describe(`an account's lock counts wrong passwords that arrive at once, ${WHERE}`, () => {
  let t: TestApp;
  let other: Awaited<ReturnType<typeof createApp>> | undefined;

  beforeAll(async () => {
    t = await startTestApp();
    await t.userToken('race.me', 'technician');
    await t.userToken('calm.me', 'technician');
    if (ON_POSTGRES) {
      other = await createApp(t.config);
      await other.init();
    }
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('locks after five wrong passwords sent at the same moment, and leaves other accounts alone', async () => {
    const instances = [t.http, ...(other ? [other.getHttpServer() as App] : [])];
    const answers = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => postSignIn(instances[i % instances.length], { username: 'race.me', password: `wrong ${i}` })),
    );
    // Each was a plain failure: none was counted before the others, none refused for the lock it was making.
    expect(answers.map((a) => a.headers.location)).toEqual(Array(5).fill('/login?failed=1'));
    for (const http of instances) {
      const locked = await postSignIn(http, { username: 'race.me', password: TEST_PASSWORD });
      expect(locked.status).toBe(429);
      expect(locked.text).toContain('Too many failed sign-ins for this account, so it is locked for now.');
    }
    const rows = (await t.sql('select count, strikes from attempt_counters')) as Array<{ count: number; strikes: number }>;
    expect(rows.map((r) => [Number(r.count), Number(r.strikes)])).toEqual([[0, 1]]);
    expect((await postSignIn(instances.at(-1)!, { username: 'calm.me', password: TEST_PASSWORD })).status).toBe(303);
  });
});
