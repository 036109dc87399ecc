import { DEMO_ACCOUNTS, type RunningSimulator } from '../../src/simulator/biotrack-ny/simulator';

export const DEMO_LAB = (() => {
  const lab = DEMO_ACCOUNTS.find((a) => a.kind === 'lab');
  if (!lab) throw new Error('the simulator has no demo lab');
  return lab;
})();

/**
 * Environment that points the service's BioTrack NY adapter at a simulator the test runs itself (to steer its
 * faults and count its effects): the adapter cannot tell it from BioTrack, only the URL and account differ.
 */
export function simulatorEnv(sim: RunningSimulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    STATE_SYSTEM: 'biotrack-ny',
    BIOTRACK_BASE_URL: sim.url,
    BIOTRACK_UBI: DEMO_LAB.ubi,
    BIOTRACK_LICENSE: DEMO_LAB.license,
    BIOTRACK_USERNAME: DEMO_LAB.username,
    BIOTRACK_PASSWORD: DEMO_LAB.password,
    BIOTRACK_TIMEOUT_MS: '2000',
    OUTBOX_ENABLED: 'false',
    OUTBOX_BACKOFF_BASE_MS: '10',
    OUTBOX_BACKOFF_MAX_MS: '200',
    OUTBOX_LEASE_SECONDS: '40',
    SAMPLE_SYNC_INTERVAL_SECONDS: '0',
    ...extra,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
