import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import axios from 'axios';
import { createApp } from '../../../src/app.factory';
import { AppConfig } from '../../../src/config/app-config';
import { buildOrmOptions } from '../../../src/db/orm-options';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/biotrack-ny/simulator';
import { Submission } from '../../../src/outbox/submission.entity';
import { ADMIN_TOKEN } from '../../support/test-app';
import { approveResultSet, labSamplesAtSimulator, newUid } from '../../state-system/result-set.factory';
import { simulatorEnv, sleep } from '../../state-system/simulator-env';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SETS = 60;

describe('the service killed with SIGKILL while sending, then restarted, loses nothing and duplicates nothing', () => {
  let sim: RunningSimulator;
  let dataDir: string;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];
  const output: string[] = [];

  beforeAll(async () => {
    // Slow answers keep several sends in flight at any moment; some writes are applied but answered 500.
    sim = await startSimulator({ seed: false, faults: { latencyMs: [40, 80], appliedButErrorRate: 0.1 } });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lims-crash-'));
    env = simulatorEnv(sim, {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
      OUTBOX_ENABLED: 'true',
      OUTBOX_INTERVAL_MS: '50',
      OUTBOX_CONCURRENCY: '4',
      // Two claimed per sender: the kill also catches rows claimed but not yet sent.
      OUTBOX_CLAIM_BATCH: '2',
      OUTBOX_LEASE_SECONDS: '4',
      BIOTRACK_TIMEOUT_MS: '400',
    });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`delivers all ${SETS} result sets exactly once across the crash`, async () => {
    const uids = Array.from({ length: SETS }, () => newUid());
    labSamplesAtSimulator(sim, uids);
    await approveInDatabase(uids);

    const first = startService();
    await waitFor(() => sim.state.effects({ kind: 'post-result' }).length >= 15, 60_000, 'the first run to send 15 result sets');
    first.kill('SIGKILL');
    await exited(first);

    const afterKill = await readSubmissions();
    expect(afterKill.filter((s) => s.status === 'sending').length).toBeGreaterThan(0);
    expect(afterKill.filter((s) => s.status === 'accepted').length).toBeLessThan(SETS);

    const second = startService();
    await waitFor(
      async () => (await listSubmissions()).every((s) => s.status === 'accepted'),
      60_000,
      'every row accepted after restart',
      300,
    );
    second.kill('SIGTERM');
    await exited(second);

    expect(uids.map((uid) => sim.state.effectCount(uid)).filter((n) => n !== 1)).toEqual([]);
    expect(sim.state.effects({ kind: 'post-result' })).toHaveLength(SETS);
    const rows = await readSubmissions();
    expect(rows.filter((s) => s.status !== 'accepted' || s.remoteTransactionId === null)).toEqual([]);
    // Only the killed instance's rows were taken over; no live sender ever lost its row to another lane.
    expect(output.join('')).not.toContain('lease ran out');
  });

  /** The approving transactions, written by the same code into the database the service will use, before it runs. */
  async function approveInDatabase(uids: string[]): Promise<void> {
    const app = await createApp(AppConfig.fromEnv({ ...env, OUTBOX_ENABLED: 'false', LOG_LEVEL: 'silent' }));
    await app.init();
    for (const uid of uids) await approveResultSet(app, { uid });
    await app.close();
  }

  function startService(): ChildProcess {
    const child = spawn(process.execPath, ['-r', './test/support/ts-register.js', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    children.push(child);
    return child;
  }

  async function listSubmissions(): Promise<Array<{ status: string }>> {
    try {
      const res = await axios.get(`http://127.0.0.1:${env.PORT}/api/submissions?limit=500`, {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
        timeout: 2000,
      });
      return (res.data as { submissions: Array<{ status: string }> }).submissions;
    } catch {
      return [{ status: 'unreachable' }];
    }
  }

  async function readSubmissions(): Promise<Submission[]> {
    const orm = await MikroORM.init(buildOrmOptions(AppConfig.fromEnv(env).database));
    try {
      return await orm.em.fork().find(Submission, {});
    } finally {
      await orm.close();
    }
  }

  async function waitFor(done: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 20): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; service output:\n${output.join('')}`);
      await sleep(everyMs);
    }
  }
});

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
