import * as path from 'node:path';
import { loadMetrcMapping, mappedTypeNames } from '../../src/state-system/metrc-ny/mapping.loader';
import {
  SIM_LAB,
  SIM_VENDOR_KEY,
  startMetrcSimulator,
  type MetrcSimulatorOptions,
  type RunningMetrcSimulator,
} from '../../src/simulator/metrc-ny/metrc-simulator';

export const METRC_MAPPING_FILE = path.resolve(__dirname, '../../templates/state-system/metrc-ny-mapping.json');

/** A Metrc NY simulator the test runs itself, whose catalogue holds every type the mapping names. */
export function startMetrcForTest(options: MetrcSimulatorOptions = {}): Promise<RunningMetrcSimulator> {
  return startMetrcSimulator({ typeNames: mappedTypeNames(loadMetrcMapping(METRC_MAPPING_FILE)), ...options });
}

/** The service pointed at that simulator with the lab's keys, exactly as at a live Metrc (only URL and keys differ). */
export function metrcEnv(sim: RunningMetrcSimulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    STATE_SYSTEM: 'metrc-ny',
    METRC_BASE_URL: sim.url,
    METRC_VENDOR_KEY: SIM_VENDOR_KEY,
    METRC_USER_KEY: SIM_LAB.userKey,
    METRC_LICENSE: SIM_LAB.license,
    METRC_TIMEOUT_MS: '2000',
    METRC_VERIFY_DELAY_MS: '5',
    // Under the simulator's 50 per second per license, as the defaults are under Metrc's.
    METRC_RATE_PER_SECOND: '40',
    METRC_MAX_IN_FLIGHT: '8',
    METRC_SYNC_DAYS: '2',
    OUTBOX_ENABLED: 'false',
    OUTBOX_BACKOFF_BASE_MS: '10',
    OUTBOX_BACKOFF_MAX_MS: '200',
    OUTBOX_LEASE_SECONDS: '40',
    SAMPLE_SYNC_INTERVAL_SECONDS: '0',
    ...extra,
  };
}

let serial = 0;
/** A fresh 24-character Metrc tag. */
export function newTag(): string {
  serial += 1;
  return `1A4FF03000000290${String(Date.now() % 1e4).padStart(4, '0')}${String(serial).padStart(4, '0')}`;
}
