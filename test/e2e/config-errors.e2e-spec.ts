import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Starts the real entry point with the given environment and returns what it printed and its exit code. */
function start(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['-r', './test/support/ts-register.js', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stderr: r.stderr.trim().split('\n') };
}

describe('configuration errors stop the service with one clear line per variable', () => {
  it.each([
    [{ PORT: 'eighty' }, ['Configuration error: PORT: expected a port number from 1 to 65535 (got "eighty")']],
    [{ DATABASE_URL: 'mysql://db/lims' }, ['Configuration error: DATABASE_URL: expected a postgres:// or postgresql:// URL (got "mysql://db/lims")']],
    [{ STATE_SYSTEM: 'metrc' }, ['Configuration error: STATE_SYSTEM: expected biotrack-ny or metrc-ny (got "metrc")']],
    [{ BOOTSTRAP_ADMIN_TOKEN: 'short' }, ['Configuration error: BOOTSTRAP_ADMIN_TOKEN: expected at least 24 characters (it becomes the first admin token)']],
  ])('%j', (env, lines) => {
    const r = start(env);
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual(lines);
  });

  it('lists every bad variable, including the credentials the real state system needs', () => {
    const r = start({ STATE_SYSTEM: 'biotrack-ny', BIOTRACK_BASE_URL: 'not a url', MAX_UPLOAD_BYTES: '-5' });
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual([
      'Configuration error: BIOTRACK_BASE_URL: expected an absolute http(s) URL (got "not a url")',
      'Configuration error: MAX_UPLOAD_BYTES: expected a whole number of bytes greater than 0 (got "-5")',
      ...['BIOTRACK_UBI', 'BIOTRACK_LICENSE', 'BIOTRACK_USERNAME', 'BIOTRACK_PASSWORD'].map(
        (v) => `Configuration error: ${v}: required when STATE_SYSTEM=biotrack-ny`,
      ),
    ]);
  });

  it('names each missing BioTrack credential', () => {
    const r = start({ STATE_SYSTEM: 'biotrack-ny', BIOTRACK_BASE_URL: 'https://sandbox.example/' });
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual(
      ['BIOTRACK_UBI', 'BIOTRACK_LICENSE', 'BIOTRACK_USERNAME', 'BIOTRACK_PASSWORD'].map(
        (v) => `Configuration error: ${v}: required when STATE_SYSTEM=biotrack-ny`,
      ),
    );
  });
});
