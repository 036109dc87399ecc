import * as path from 'node:path';
import { AppConfig, ConfigError } from '../../src/config/app-config';

describe('outbox, sample sync and adapter settings', () => {
  it('defaults to a 2 s poll, 4 parallel senders claiming 4 rows each, 20 attempts, 2 s → 15 min backoff, 5 min lease, near-late at 12 h', () => {
    const c = AppConfig.fromEnv({});
    expect(c.outbox).toEqual({
      enabled: true,
      intervalMs: 2000,
      concurrency: 4,
      claimBatch: 4,
      maxAttempts: 20,
      backoffBaseMs: 2000,
      backoffMaxMs: 900_000,
      leaseMs: 300_000,
      nearLateMs: 12 * 3_600_000,
    });
    expect(c.sampleSyncIntervalSeconds).toBe(300);
    expect(c.biotrack).toEqual({
      timeoutMs: 15_000,
      mappingFile: path.resolve(__dirname, '../../templates/state-system/biotrack-ny-mapping.json'),
      nonDetect: 'zero_with_note',
    });
  });

  it('turns the scheduled sample sync off with 0 and takes another mapping file', () => {
    const c = AppConfig.fromEnv({
      SAMPLE_SYNC_INTERVAL_SECONDS: '0',
      BIOTRACK_MAPPING_FILE: 'conf/mapping.json',
      BIOTRACK_NON_DETECT: 'omit',
    });
    expect(c.sampleSyncIntervalSeconds).toBe(0);
    expect(c.biotrack).toMatchObject({ mappingFile: path.resolve('conf/mapping.json'), nonDetect: 'omit' });
  });

  it.each<[Record<string, string>, string]>([
    [{ OUTBOX_CONCURRENCY: '0' }, 'OUTBOX_CONCURRENCY: expected a whole number of parallel sends greater than 0'],
    [
      { OUTBOX_BACKOFF_BASE_MS: '5000', OUTBOX_BACKOFF_MAX_MS: '1000' },
      'OUTBOX_BACKOFF_MAX_MS: expected at least OUTBOX_BACKOFF_BASE_MS',
    ],
    [
      { OUTBOX_LEASE_SECONDS: '10', BIOTRACK_TIMEOUT_MS: '15000' },
      'OUTBOX_LEASE_SECONDS: expected at least 4 × BIOTRACK_TIMEOUT_MS × OUTBOX_CLAIM_BATCH',
    ],
    // 4 × 2 s × 4 claimed = 32 s: enough for one send, not for a sender's whole batch.
    [
      { OUTBOX_LEASE_SECONDS: '30', BIOTRACK_TIMEOUT_MS: '2000', OUTBOX_CLAIM_BATCH: '4' },
      'OUTBOX_LEASE_SECONDS: expected at least 4 × BIOTRACK_TIMEOUT_MS × OUTBOX_CLAIM_BATCH',
    ],
    [{ SAMPLE_SYNC_INTERVAL_SECONDS: '-1' }, 'SAMPLE_SYNC_INTERVAL_SECONDS: expected a whole number of seconds (0 or more)'],
    [{ BIOTRACK_NON_DETECT: 'zero' }, 'BIOTRACK_NON_DETECT: expected zero_with_note or omit'],
  ])('refuses %j', (env, problem) => {
    try {
      AppConfig.fromEnv(env);
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.join('\n')).toContain(problem);
    }
  });
});
