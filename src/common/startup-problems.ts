import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';

/** A reason the service cannot start, said in one line with the fix. */
export class StartupProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupProblem';
  }
}

/** DATA_DIR (and its uploads folder) must take a file; found out now rather than at the first upload or write. */
export function checkDataDir(config: AppConfig): void {
  for (const dir of [config.dataDir, config.uploadsDir]) {
    const probe = path.join(dir, `.write-check-${process.pid}`);
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(probe, 'ok');
      fs.rmSync(probe, { force: true });
    } catch (e) {
      throw new StartupProblem(
        `DATA_DIR ${config.dataDir} is not writable (${errorText(e)}): point DATA_DIR at a writable directory, or let the user the service runs as write to it`,
      );
    }
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
  '28P01',
  '28000',
  '3D000',
]);

/** A start-up failure said in one line with its fix, when it is one a person can fix; otherwise null. */
export function describeStartupError(e: unknown, config: AppConfig): string | null {
  if (e instanceof StartupProblem) return e.message;
  if (config.database.type !== 'postgresql') return null;
  for (let c: unknown = e, depth = 0; c instanceof Error && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const code = String((c as { code?: unknown }).code ?? '');
    const aggregate = c instanceof AggregateError ? c.errors.find((x: unknown) => x instanceof Error) : undefined;
    if (UNREACHABLE_CODES.has(code) || (aggregate && UNREACHABLE_CODES.has(String((aggregate as { code?: unknown }).code)))) {
      return `cannot reach PostgreSQL at ${withoutPassword(config.database.url)} (${errorText(aggregate ?? c)}): start it, or fix DATABASE_URL (host, port, user, password, database)`;
    }
  }
  return null;
}

function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return e.message.split('\n')[0] || String((e as { code?: unknown }).code ?? e.name);
}

function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}
