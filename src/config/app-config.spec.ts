import * as path from 'node:path';
import { AppConfig, ConfigError } from './app-config';

describe('AppConfig.fromEnv', () => {
  it('defaults to SQLite under ./data and the built-in simulator', () => {
    const c = AppConfig.fromEnv({});
    expect(c.database).toEqual({ type: 'sqlite', file: path.resolve('data', 'lims-connector.sqlite') });
    expect(c.stateSystem).toEqual({ kind: 'simulator' });
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.uploadsDir).toBe(path.resolve('data', 'uploads'));
  });

  it('uses PostgreSQL when DATABASE_URL is a postgres URL', () => {
    expect(AppConfig.fromEnv({ DATABASE_URL: 'postgresql://u@db:5432/lims' }).database).toEqual({
      type: 'postgresql',
      url: 'postgresql://u@db:5432/lims',
    });
  });

  it('treats empty variables as unset', () => {
    expect(AppConfig.fromEnv({ PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });

  it('never echoes a secret value in an error', () => {
    try {
      AppConfig.fromEnv({ BOOTSTRAP_ADMIN_TOKEN: 'short secret' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).message).not.toContain('short secret');
    }
  });

  it('limits sign-ins, token checks and licensee look-ups generously by default, and takes other limits', () => {
    expect(AppConfig.fromEnv({}).throttle).toEqual({
      windowMs: 60_000,
      backoffMaxMs: 3_600_000,
      failuresPerAddress: 30,
      signInsPerAddress: 60,
      signInsPerUser: 30,
      sessionsPerUser: 20,
      licenseeLookupsPerLicense: 120,
    });
    expect(AppConfig.fromEnv({ WEB_SESSIONS_PER_USER: '3', AUTH_WINDOW_SECONDS: '10' }).throttle).toMatchObject({ sessionsPerUser: 3, windowMs: 10_000 });
    expect(() => AppConfig.fromEnv({ AUTH_FAILURES_PER_ADDRESS: '0' })).toThrow('AUTH_FAILURES_PER_ADDRESS: expected a whole number of attempts greater than 0');
  });

  it('requires a technician for the watched folder', () => {
    expect(() => AppConfig.fromEnv({ WATCH_DIR: '/srv/drop' })).toThrow(
      'WATCH_TECHNICIAN: required when WATCH_DIR is set',
    );
  });
});
