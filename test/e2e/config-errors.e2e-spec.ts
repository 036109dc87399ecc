import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
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
    [
      { DATABASE_URL: 'mysql://db/lims' },
      ['Configuration error: DATABASE_URL: expected a postgres:// or postgresql:// URL (got "mysql://db/lims")'],
    ],
    [{ STATE_SYSTEM: 'metrc' }, ['Configuration error: STATE_SYSTEM: expected biotrack-ny or metrc-ny (got "metrc")']],
    [
      { BOOTSTRAP_ADMIN_TOKEN: 'short' },
      ['Configuration error: BOOTSTRAP_ADMIN_TOKEN: expected at least 24 characters (it becomes the first admin token)'],
    ],
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

describe('start-up problems stop the service with one clear line naming the problem and the fix', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lims-startup-'));
  });
  afterAll(() => {
    fs.chmodSync(tmp, 0o700);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a DATA_DIR the service cannot write to', () => {
    const dir = readOnlyDir(tmp);
    const r = start({ DATA_DIR: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(
      new RegExp(
        `^Start-up error: DATA_DIR ${dir.replace(/[/.-]/g, '\\$&')} is not writable \\((EACCES|EPERM|EROFS)[^)]*\\): point DATA_DIR at a writable directory, or let the user the service runs as write to it$`,
      ),
    );
  });

  it('a PostgreSQL that does not answer, without echoing its password', () => {
    const r = start({ DATA_DIR: path.join(tmp, 'pg'), DATABASE_URL: 'postgresql://lims:s3cret@127.0.0.1:1/lims' });
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual([
      'Start-up error: cannot reach PostgreSQL at postgresql://lims:***@127.0.0.1:1/lims (connect ECONNREFUSED 127.0.0.1:1): start it, or fix DATABASE_URL (host, port, user, password, database)',
    ]);
  });
});

/**
 * A directory the service cannot create files in. Permissions do not stop root, so as root it is a path under
 * /sys, where nobody may create anything.
 */
function readOnlyDir(tmp: string): string {
  if (process.getuid?.() === 0) return '/sys/lims-connector-data';
  const dir = path.join(tmp, 'read-only');
  fs.mkdirSync(dir);
  fs.chmodSync(dir, 0o555);
  return dir;
}

describe('the certificate settings are checked at start-up', () => {
  it.each([
    [
      { LAB_TIMEZONE: 'Eastern' },
      ['Configuration error: LAB_TIMEZONE: expected an IANA time zone such as America/New_York (got "Eastern")'],
    ],
    [
      { LAB_LOGO_FILE: 'logo.gif' },
      [
        'Configuration error: LAB_LOGO_FILE: expected a .png or .jpg file (the PDF writer reads only PNG and JPEG) (got "logo.gif")',
      ],
    ],
  ])('%j', (env, lines) => {
    const r = start(env);
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual(lines);
  });

  it('names the layout file and the JSON path of a bad certificate layout, and a logo that is not an image', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layout-'));
    const layout = JSON.parse(fs.readFileSync(path.join(ROOT, 'templates', 'certificate', 'certificate.json'), 'utf8')) as {
      columns: Array<{ width: number }>;
      sections: string[];
    };
    layout.columns[0].width = 0.9;
    layout.sections = layout.sections.filter((s) => s !== 'statement');
    const file = path.join(dir, 'layout.json');
    fs.writeFileSync(file, JSON.stringify(layout));
    const r = start({ CERTIFICATE_LAYOUT_FILE: file, DATA_DIR: path.join(dir, 'data') });
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual([
      `Configuration error: certificate layout ${file}: sections: expected at least lab, client, sample, panels, signatures and statement (9 NYCRR 130.23(e))`,
      `Configuration error: certificate layout ${file}: columns: expected the column widths (fractions of the page width) to add up to at most 1`,
    ]);

    const logo = path.join(dir, 'logo.png');
    fs.writeFileSync(logo, 'not an image');
    const bad = start({ LAB_LOGO_FILE: logo, DATA_DIR: path.join(dir, 'data') });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toEqual([`Configuration error: LAB_LOGO_FILE: ${logo} is not a PNG or JPEG image`]);
  });
});
