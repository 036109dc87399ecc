import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import axios from 'axios';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';
import { buildOrmOptions } from '../../src/db/orm-options';
import { Submission } from '../../src/outbox/submission.entity';
import { ADMIN_TOKEN } from '../support/test-app';
import { approveResultSet } from './result-set.factory';
import { sleep } from './simulator-env';

const ROOT = path.resolve(__dirname, '..', '..');

/** A submission as `GET /api/submissions` lists it. */
export interface ListedSubmission {
  status: string;
  attempts: number;
}

/**
 * The service as real child processes running src/main.ts with `env` (its database, port and outbox settings), for
 * the crash tests: approve in its database before it runs, start it, kill it with SIGKILL, start it again.
 */
export class ServiceProcess {
  /** Everything the processes wrote, stdout and stderr. */
  readonly output: string[] = [];
  private readonly children: ChildProcess[] = [];

  constructor(private readonly env: Record<string, string>) {}

  get url(): string {
    return `http://127.0.0.1:${this.env.PORT}`;
  }

  /** The approving transactions, written by the same code into the database the service will use, before it runs. */
  async approveInDatabase(uids: string[]): Promise<void> {
    const app = await createApp(AppConfig.fromEnv({ ...this.env, OUTBOX_ENABLED: 'false', LOG_LEVEL: 'silent' }));
    await app.init();
    for (const uid of uids) await approveResultSet(app, { uid });
    await app.close();
  }

  start(): ChildProcess {
    const child = spawn(process.execPath, ['-r', './test/support/ts-register.js', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => this.output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.children.push(child);
    return child;
  }

  /** Kills whatever is still running (after a failed test). */
  killAll(): void {
    for (const child of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  /** The submissions over HTTP; null while the service does not answer. */
  async listSubmissions(): Promise<ListedSubmission[] | null> {
    try {
      const res = await axios.get(`${this.url}/api/submissions?limit=500`, {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
        timeout: 2000,
      });
      return (res.data as { submissions: ListedSubmission[] }).submissions;
    } catch {
      return null;
    }
  }

  /** The submission rows as stored, read with an ORM of the test's own (the service may be dead). */
  async readSubmissions(): Promise<Submission[]> {
    const orm = await MikroORM.init(buildOrmOptions(AppConfig.fromEnv(this.env).database));
    try {
      return await orm.em.fork().find(Submission, {});
    } finally {
      await orm.close();
    }
  }

  async waitFor(done: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 20): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > until)
        throw new Error(`timed out waiting for ${what}; service output:\n${this.output.join('').slice(-5000)}`);
      await sleep(everyMs);
    }
  }
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export function freePort(): Promise<number> {
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
