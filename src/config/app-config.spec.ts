import * as path from 'node:path';
import { AppConfig, ConfigError } from './app-config';

describe('AppConfig.fromEnv', () => {
  it('defaults to SQLite under ./data and the built-in simulator', () => {
    const c = AppConfig.fromEnv({});
    expect(c.database).toEqual({ type: 'sqlite', file: path.resolve('data', 'lims-connector.sqlite') });
    expect(c.stateSystem).toEqual({ kind: 'biotrack-ny', endpoint: 'simulator', biotrack: null, metrc: null });
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

  it("runs the chosen system against its built-in simulator without credentials; STATE_SYSTEM=simulator is BioTrack NY's", () => {
    expect(AppConfig.fromEnv({ STATE_SYSTEM: 'biotrack-ny' }).stateSystem).toEqual({
      kind: 'biotrack-ny',
      endpoint: 'simulator',
      biotrack: null,
      metrc: null,
    });
    expect(AppConfig.fromEnv({ STATE_SYSTEM: 'simulator' }).stateSystem).toEqual({
      kind: 'biotrack-ny',
      endpoint: 'simulator',
      biotrack: null,
      metrc: null,
    });
    expect(AppConfig.fromEnv({ STATE_SYSTEM: 'metrc-ny' }).stateSystem).toEqual({
      kind: 'metrc-ny',
      endpoint: 'simulator',
      biotrack: null,
      metrc: null,
    });
    const metrc = {
      METRC_BASE_URL: 'https://sandbox-api-ny.metrc.com',
      METRC_VENDOR_KEY: 'v',
      METRC_USER_KEY: 'u',
      METRC_LICENSE: 'L',
    };
    expect(AppConfig.fromEnv({ STATE_SYSTEM: 'metrc-ny', ...metrc }).stateSystem).toMatchObject({
      kind: 'metrc-ny',
      endpoint: 'https://sandbox-api-ny.metrc.com',
    });
    expect(() => AppConfig.fromEnv({ STATE_SYSTEM: 'metrc-ny', METRC_BASE_URL: 'https://x.example' })).toThrow(
      'METRC_VENDOR_KEY: required when STATE_SYSTEM=metrc-ny',
    );
    const live = {
      BIOTRACK_BASE_URL: 'https://sandbox.example/',
      BIOTRACK_UBI: 'u',
      BIOTRACK_LICENSE: 'l',
      BIOTRACK_USERNAME: 'n',
      BIOTRACK_PASSWORD: 'p',
    };
    expect(AppConfig.fromEnv({ STATE_SYSTEM: 'biotrack-ny', ...live }).stateSystem).toMatchObject({
      kind: 'biotrack-ny',
      endpoint: 'https://sandbox.example/',
    });
    // The old name never reaches a live system, whatever credentials are set.
    expect(AppConfig.fromEnv({ STATE_SYSTEM: 'simulator', ...live }).stateSystem).toMatchObject({
      endpoint: 'simulator',
      biotrack: null,
    });
  });

  it('limits sign-ins, token checks and licensee look-ups generously by default, and takes other limits', () => {
    expect(AppConfig.fromEnv({}).throttle).toEqual({
      windowMs: 60_000,
      backoffMaxMs: 3_600_000,
      failuresPerAddress: 30,
      failuresPerAccount: 5,
      lockoutMs: 60_000,
      signInsPerAddress: 60,
      signInsPerUser: 30,
      sessionsPerUser: 20,
      licenseeLookupsPerLicense: 120,
    });
    expect(AppConfig.fromEnv({ WEB_SESSIONS_PER_USER: '3', AUTH_WINDOW_SECONDS: '10' }).throttle).toMatchObject({
      sessionsPerUser: 3,
      windowMs: 10_000,
    });
    expect(() => AppConfig.fromEnv({ AUTH_FAILURES_PER_ADDRESS: '0' })).toThrow(
      'AUTH_FAILURES_PER_ADDRESS: expected a whole number of attempts greater than 0',
    );
  });

  it('requires a technician for the watched folder', () => {
    expect(() => AppConfig.fromEnv({ WATCH_DIR: '/srv/drop' })).toThrow('WATCH_TECHNICIAN: required when WATCH_DIR is set');
  });

  it('e-mails notifications through SMTP_URL from SMTP_FROM (else LAB_EMAIL), and never echoes the URL and its password', () => {
    expect(AppConfig.fromEnv({}).mail).toBeNull();
    expect(AppConfig.fromEnv({ SMTP_URL: 'smtp://mail.lab.example:587', SMTP_FROM: 'LIMS <lims@lab.example>' }).mail).toEqual({
      url: 'smtp://mail.lab.example:587',
      from: 'LIMS <lims@lab.example>',
      intervalMs: 60_000,
    });
    expect(AppConfig.fromEnv({ SMTP_URL: 'smtps://mail.lab.example', LAB_EMAIL: 'qa@lab.example' }).mail?.from).toBe(
      'qa@lab.example',
    );
    expect(() => AppConfig.fromEnv({ SMTP_URL: 'smtp://mail.lab.example' })).toThrow('SMTP_FROM: required when SMTP_URL is set');
    expect(() => AppConfig.fromEnv({ SMTP_URL: 'http://u:hunter2@mail.lab.example' })).toThrow(/SMTP_URL: expected smtp:/);
    expect(() => AppConfig.fromEnv({ SMTP_URL: 'http://u:hunter2@mail.lab.example' })).not.toThrow(/hunter2/);
  });

  it('signs in through OpenID Connect with issuer, client id and secret all set, back to PUBLIC_URL', () => {
    expect(AppConfig.fromEnv({}).oidc).toBeNull();
    expect(
      AppConfig.fromEnv({
        PUBLIC_URL: 'https://lims.lab.example/',
        OIDC_ISSUER: 'https://login.lab.example/realms/lab',
        OIDC_CLIENT_ID: 'lims',
        OIDC_CLIENT_SECRET: 's3cret',
      }).oidc,
    ).toEqual({
      issuer: 'https://login.lab.example/realms/lab',
      clientId: 'lims',
      clientSecret: 's3cret',
      redirectUri: 'https://lims.lab.example/login/sso/callback',
    });
    expect(() => AppConfig.fromEnv({ OIDC_ISSUER: 'https://login.lab.example' })).toThrow(
      /OIDC_CLIENT_ID: single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.*OIDC_CLIENT_SECRET/,
    );
    expect(() => AppConfig.fromEnv({ OIDC_CLIENT_SECRET: 'hunter2' })).not.toThrow(/hunter2/);
  });

  it.each([
    [undefined, true],
    ['http://127.0.0.1:3000', true],
    ['http://[::1]:3000/', true],
    ['http://lims.localhost', true],
    ['https://coa.hudson-analytical.example', false],
    ['https://10.0.0.5', false],
  ])('knows whether PUBLIC_URL %s names this machine (the QR code then works for nobody else): %s', (url, local) => {
    expect(AppConfig.fromEnv({ PUBLIC_URL: url }).publicUrlIsLocal).toBe(local);
  });

  it("reads the lab's identity for its certificates, printed in America/New_York unless LAB_TIMEZONE says otherwise", () => {
    expect(AppConfig.fromEnv({}).lab).toMatchObject({
      timeZone: 'America/New_York',
      address: null,
      accreditation: { body: null, number: null },
      logoFile: null,
    });
    const lab = AppConfig.fromEnv({
      LAB_NAME: 'Hudson Analytical',
      LAB_LICENSE: 'OCM-CPL-2022-00042',
      LAB_ADDRESS: '12 River St, Albany, NY 12207',
      LAB_PHONE: '(518) 555-0100',
      LAB_ACCREDITATION_BODY: 'ANAB',
      LAB_ACCREDITATION_NUMBER: 'L24-123',
      LAB_LOGO_FILE: 'conf/logo.png',
      LAB_TIMEZONE: 'America/Chicago',
    }).lab;
    expect(lab).toEqual({
      name: 'Hudson Analytical',
      license: 'OCM-CPL-2022-00042',
      address: '12 River St, Albany, NY 12207',
      phone: '(518) 555-0100',
      email: null,
      accreditation: { body: 'ANAB', number: 'L24-123' },
      logoFile: path.resolve('conf/logo.png'),
      timeZone: 'America/Chicago',
    });
  });
});
