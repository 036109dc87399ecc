import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../support/free-port';

const ROOT = path.resolve(__dirname, '..', '..', '..');

jest.setTimeout(120_000);

describe('the first admin at first start', () => {
  let child: ChildProcess | undefined;
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lims-bootstrap-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs a one-time set-password link for "admin" that opens the set-password page', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['-r', './test/support/ts-register.js', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        OUTBOX_ENABLED: 'false',
        SAMPLE_SYNC_INTERVAL_SECONDS: '0',
        DATA_DIR: dataDir,
        PORT: String(port),
        BOOTSTRAP_ADMIN_TOKEN: 'first-start-admin-token-0123456789',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = await new Promise<string>((resolve, reject) => {
      let text = '';
      const seen = (d: Buffer) => {
        text += d.toString();
        if (/LIMS Connector listening/.test(text)) resolve(text);
      };
      child!.stdout?.on('data', seen);
      child!.stderr?.on('data', seen);
      child!.on('exit', (code) => reject(new Error(`the service exited (${code}):\n${text}`)));
    });
    expect(output).toContain('from BOOTSTRAP_ADMIN_TOKEN');
    const link = /set the admin's password once at (\S+)/.exec(output)?.[1];
    expect(link).toMatch(new RegExp(`^http://localhost:${port}/set-password/lims_[\\w-]{43}$`));
    const page = await fetch(link!.replace('localhost', '127.0.0.1'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Administrator');
  });
});
