import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

jest.setTimeout(120_000);

/** Starts the real entry point and collects what it prints until `until` appears in it. */
function startUntil(env: Record<string, string>, until: RegExp): Promise<{ output: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-r', './test/support/ts-register.js', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', OUTBOX_ENABLED: 'false', SAMPLE_SYNC_INTERVAL_SECONDS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const seen = (d: Buffer) => {
      output += d.toString();
      if (until.test(output)) resolve({ output, child });
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.on('exit', (code) => reject(new Error(`the service exited (${code}) before printing ${until}:\n${output}`)));
  });
}

describe('start-up warnings', () => {
  const children: ChildProcess[] = [];
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lims-startup-'));
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('says that the QR codes will not work for anyone else while PUBLIC_URL names this machine', async () => {
    const { output, child } = await startUntil(
      { DATA_DIR: dataDir, PORT: '39461' },
      /LIMS Connector listening[\s\S]*state system:/,
    );
    children.push(child);
    expect(output).toContain(
      'PUBLIC_URL is http://localhost:39461: the QR code on every certificate points at this machine and will not work for anyone else',
    );
  });

  it('says nothing of the kind once PUBLIC_URL is the public address', async () => {
    const { output, child } = await startUntil(
      { DATA_DIR: dataDir, PORT: '39462', PUBLIC_URL: 'https://coa.lab.example' },
      /LIMS Connector listening[\s\S]*state system:/,
    );
    children.push(child);
    expect(output).not.toContain('PUBLIC_URL is');
  });
});
