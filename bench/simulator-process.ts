import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { InventoryTransfer, LabSample } from '../src/simulator/biotrack-ny/biotrack.types';
import { DEMO_ACCOUNTS } from '../src/simulator/biotrack-ny/demo-seed';
import type { FaultConfig } from '../src/simulator/biotrack-ny/simulator-options.schemas';
import type { EffectRecord } from '../src/simulator/biotrack-ny/simulator.store';

/** The demo cultivator the simulator knows: the lab's samples come from its lots. */
export const CULTIVATOR = 'OCM-CULT-24-000112';

export interface LabAccount {
  ubi: string;
  license: string;
  username: string;
  password: string;
}

/**
 * The BioTrack NY simulator in a process of its own (`npm run simulator`), steered through its /_sim control
 * endpoints. Its own process because the state system is remote: it must not share the service's event loop,
 * nor the floor's.
 */
export interface SimulatorProcess {
  url: string;
  lab: LabAccount;
  setFaults(faults: FaultConfig): Promise<void>;
  /** Forgets every sample, session, write and stored answer: a fresh instance, without a restart. */
  reset(): Promise<void>;
  /** Inbound transfers of these sample UIDs, already received by the lab; answers each one's LabSample.ID. */
  receiveSamples(samples: Array<{ uid: string; parentUid: string }>): Promise<Map<string, number>>;
  resultPosts(): Promise<EffectRecord[]>;
  labSamples(): Promise<LabSample[]>;
  close(): Promise<void>;
}

const ROOT = path.join(__dirname, '..');
const STARTUP_MS = 30_000;

export async function startSimulatorProcess(randomSeed: number): Promise<SimulatorProcess> {
  const lab = DEMO_ACCOUNTS.find((a) => a.kind === 'lab');
  if (!lab) throw new Error('the simulator has no demo lab account');
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      'src/simulator/main.ts',
      '--port',
      '0',
      '--seed',
      'empty',
      '--log-requests',
      'false',
      '--random-seed',
      String(randomSeed),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killOnExit = () => child.kill();
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`the simulator did not start within ${STARTUP_MS} ms: ${err || out}`)),
      STARTUP_MS,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited (${code}) before listening: ${err || out}`));
    });
  });
  // Drain what it prints later, so a full pipe never blocks it.
  child.stdout.resume();
  child.stderr.resume();

  const control = async <T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}/_sim/${route}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator ${method} /_sim/${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  return {
    url,
    lab: { ubi: lab.ubi, license: lab.license, username: lab.username, password: lab.password },
    setFaults: async (faults) => {
      await control('POST', 'faults', faults);
    },
    reset: async () => {
      await control('POST', 'reset', { seed: 'empty' });
    },
    receiveSamples: async (samples) => {
      const ids = new Map<string, number>();
      for (let i = 0; i < samples.length; i += 500) {
        const items = samples
          .slice(i, i + 500)
          .map((s) => ({ inventoryId: s.uid, parentId: s.parentUid, amount: 10, uom: 'g', inventoryType: 'Flower' }));
        const { transfer } = await control<{ transfer: InventoryTransfer }>('POST', 'transfers', {
          outboundLicense: CULTIVATOR,
          received: true,
          items,
        });
        for (const item of transfer.Item) {
          const labSample = item.Inventory.LabSample.find((s) => s.InventoryID === item.InventoryID);
          if (!labSample) throw new Error(`the simulator made no lab sample for ${item.InventoryID}`);
          ids.set(item.InventoryID, labSample.ID);
        }
      }
      return ids;
    },
    resultPosts: async () => (await control<{ effects: EffectRecord[] }>('GET', 'effects?kind=post-result')).effects,
    labSamples: async () => (await control<{ labSamples: LabSample[] }>('GET', 'state')).labSamples,
    close: async () => {
      process.removeListener('exit', killOnExit);
      child.kill('SIGTERM');
      await exited;
    },
  };
}
