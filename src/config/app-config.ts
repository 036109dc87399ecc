import * as path from 'node:path';
import { EnvSchema, type Env } from './env.schema';

export type DatabaseConfig =
  | { type: 'sqlite'; file: string }
  | { type: 'postgresql'; url: string };

export type StateSystemConfig =
  | { kind: 'simulator' }
  | {
      kind: 'biotrack-ny';
      baseUrl: string;
      ubi: string;
      license: string;
      username: string;
      password: string;
    };

/** The typed configuration every module receives. Built once from the environment (or a literal in tests). */
export class AppConfig {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly uploadsDir: string;
  readonly database: DatabaseConfig;
  readonly bootstrapAdminToken?: string;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly stateSystem: StateSystemConfig;
  readonly watch?: { dir: string; technician: string; intervalSeconds: number };
  readonly limits: { maxUploadBytes: number; pdfMaxPages: number; pdfTimeoutMs: number; importMaxRows: number };
  readonly outboxEnabled: boolean;
  readonly templatesDir: string;

  constructor(env: Env, templatesDir = path.resolve(__dirname, '..', '..', 'templates')) {
    this.port = env.PORT;
    this.host = env.HOST;
    this.publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
    this.dataDir = path.resolve(env.DATA_DIR);
    this.uploadsDir = path.join(this.dataDir, 'uploads');
    this.database = env.DATABASE_URL
      ? { type: 'postgresql', url: env.DATABASE_URL }
      : { type: 'sqlite', file: path.join(this.dataDir, 'lims-connector.sqlite') };
    this.bootstrapAdminToken = env.BOOTSTRAP_ADMIN_TOKEN;
    this.logLevel = env.LOG_LEVEL;
    this.stateSystem =
      env.STATE_SYSTEM === 'biotrack-ny'
        ? {
            kind: 'biotrack-ny',
            baseUrl: env.BIOTRACK_BASE_URL!,
            ubi: env.BIOTRACK_UBI!,
            license: env.BIOTRACK_LICENSE!,
            username: env.BIOTRACK_USERNAME!,
            password: env.BIOTRACK_PASSWORD!,
          }
        : { kind: 'simulator' };
    this.watch = env.WATCH_DIR
      ? { dir: path.resolve(env.WATCH_DIR), technician: env.WATCH_TECHNICIAN!, intervalSeconds: env.WATCH_INTERVAL_SECONDS }
      : undefined;
    this.limits = {
      maxUploadBytes: env.MAX_UPLOAD_BYTES,
      pdfMaxPages: env.PDF_MAX_PAGES,
      pdfTimeoutMs: env.PDF_TIMEOUT_MS,
      importMaxRows: env.IMPORT_MAX_ROWS,
    };
    this.outboxEnabled = env.OUTBOX_ENABLED;
    this.templatesDir = templatesDir;
  }

  /** Parse raw environment variables; throws `ConfigError` listing every bad variable. */
  static fromEnv(raw: Record<string, string | undefined>, templatesDir?: string): AppConfig {
    const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
    const parsed = EnvSchema.safeParse(present);
    if (!parsed.success) {
      throw new ConfigError(
        parsed.error.issues.map((issue) => {
          const name = String(issue.path[0] ?? '(environment)');
          const got = raw[name];
          const shown = got !== undefined && !/PASSWORD|TOKEN/.test(name) ? ` (got "${got}")` : '';
          return `${name}: ${issue.message}${shown}`;
        }),
      );
    }
    return new AppConfig(parsed.data, templatesDir);
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}
