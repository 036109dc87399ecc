import * as path from 'node:path';
import { EnvSchema, type Env } from './env.schema';

export type DatabaseConfig = { type: 'sqlite'; file: string } | { type: 'postgresql'; url: string };

export type StateSystemName = 'biotrack-ny' | 'metrc-ny';

/** Which state system, and where: `endpoint` is `simulator` (the built-in one) or the live base URL. */
export interface StateSystemConfig {
  kind: StateSystemName;
  endpoint: string;
  /** Credentials of the live system; null runs the built-in simulator. */
  biotrack: { baseUrl: string; ubi: string; license: string; username: string; password: string } | null;
  metrc: MetrcCredentials | null;
}

export interface MetrcCredentials {
  baseUrl: string;
  vendorKey: string;
  userKey: string;
  /** The lab's Metrc license number. */
  license: string;
}

/** Metrc NY: the contract's [assumed] points, each a setting (docs/metrc-ny.md). */
export interface MetrcAdapterConfig {
  release: 'manual' | 'auto';
  allowRerecord: boolean;
  timeoutMs: number;
  mappingFile: string;
  licenseeKeysFile?: string;
  windowHours: number;
  windowOverlapMinutes: number;
  syncDays: number;
  pageSize: number;
  ratePerSecond: number;
  maxInFlight: number;
  verifyAttempts: number;
  verifyDelayMs: number;
  maxDocumentBytes: number;
  /** A read (GET) that failed transiently (5xx, reset, timeout) is asked again this many times within one call. */
  readRetries: number;
}

export interface OutboxConfig {
  enabled: boolean;
  intervalMs: number;
  concurrency: number;
  /** Claimed rows per sender: at most concurrency × this many are claimed and unsent, each behind at most this many sends. */
  claimBatch: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long a claimed row stays with its sender; a crashed sender's rows are picked up after this. */
  leaseMs: number;
  /** A submission is near-late when its deadline is this close. */
  nearLateMs: number;
}

export interface BiotrackAdapterConfig {
  timeoutMs: number;
  /** Analyte → TestID/TestPanel mapping, qualifier rules and InventoryType → product type. */
  mappingFile: string;
  /** How non-detects (ND, <LOD, ABSENT) travel: TestValue 0 with the qualifier as a note, or not at all. */
  nonDetect: 'zero_with_note' | 'omit';
}

const LABELS: Record<StateSystemName, string> = { 'biotrack-ny': 'BioTrack NY', 'metrc-ny': 'Metrc NY' };

/** How people read a state system's name. */
export function stateSystemLabel(kind: StateSystemName): string {
  return LABELS[kind];
}

/** A submission's endpoint when it was approved against a built-in simulator. */
export const SIMULATOR_ENDPOINT = 'simulator';

/**
 * Limits on attempts: each counts within a window, and a key over its limit waits — the window, then
 * twice as long each time it is over again, at most `backoffMaxMs`.
 */
export interface ThrottleConfig {
  windowMs: number;
  backoffMaxMs: number;
  /** Failed token checks and sign-ins from one address. */
  failuresPerAddress: number;
  /** Failed password sign-ins of one account (within 15 minutes) before it is locked. */
  failuresPerAccount: number;
  /** An account's first lock; each further one doubles, up to `backoffMaxMs`. */
  lockoutMs: number;
  /** Sign-ins (any outcome) from one address. */
  signInsPerAddress: number;
  /** Successful sign-ins of one user (each makes a web session). */
  signInsPerUser: number;
  /** Live web sessions of one user; a new one beyond this ends that user's oldest. */
  sessionsPerUser: number;
  /** Look-ups the licensee users of one license send to the state system (answers from the cache are free). */
  licenseeLookupsPerLicense: number;
}

/** The lab's identity as its certificates print it (9 NYCRR 130.23(e): name, contact, permit, accreditation). */
export interface LabIdentity {
  name: string;
  /** The OCM laboratory permit number. */
  license: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  /** ISO/IEC 17025 accreditation: the accrediting body and the certificate number. */
  accreditation: { body: string | null; number: string | null };
  /** A PNG or JPEG printed in the certificate's header. */
  logoFile: string | null;
  /** IANA time zone dates are printed in on certificates and pages (the API stays in UTC). */
  timeZone: string;
}

/** E-mail of notifications; null: notifications stay on the pages. */
export interface MailConfig {
  /** nodemailer's connection URL: smtp://user:password@host:port, or smtps:// for TLS from the start. */
  url: string;
  from: string;
  intervalMs: number;
}

/** Single sign-on through OpenID Connect; null: sign-in with an API token only. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the issuer sends the browser back: PUBLIC_URL + /login/sso/callback. */
  redirectUri: string;
}

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
  /** Release readiness asks the state system whether it holds the sample and the lab received it (read-only). */
  readonly sampleHoldingCheck: boolean;
  readonly watch?: { dir: string; technician: string; intervalSeconds: number };
  readonly limits: {
    maxUploadBytes: number;
    pdfMaxPages: number;
    pdfTimeoutMs: number;
    pdfMaxMemoryMb: number;
    importMaxRows: number;
    importMaxUncompressedBytes: number;
    /** Instrument exports of this size and more are read and parsed in a worker thread. */
    importWorkerMinBytes: number;
  };
  readonly outboxEnabled: boolean;
  readonly templatesDir: string;
  /** The lab's name, permit and contact, printed on exported certificates. */
  readonly lab: LabIdentity;
  /** True when PUBLIC_URL names this machine: a certificate's QR code then opens nothing for anyone else. */
  readonly publicUrlIsLocal: boolean;
  /** The certificate layout (templates/certificate/certificate.json unless CERTIFICATE_LAYOUT_FILE names another). */
  readonly certificateLayoutFile: string;
  /** Licensee accounts (license → credentials) used to ask the state system who holds a UID. */
  readonly licenseeAccountsFile?: string;
  readonly licenseeHolderCacheMs: number;
  readonly outbox: OutboxConfig;
  /** 0: no scheduled pull of inbound sample transfers (POST /api/samples/sync still works). */
  readonly sampleSyncIntervalSeconds: number;
  /** The turnaround the lab promises from receipt to released results (the samples page shows age against it). */
  readonly sampleTurnaroundHours: number;
  readonly biotrack: BiotrackAdapterConfig;
  readonly throttle: ThrottleConfig;
  readonly metrc: MetrcAdapterConfig;
  readonly mail: MailConfig | null;
  readonly oidc: OidcConfig | null;

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
    const biotrack =
      env.STATE_SYSTEM === 'biotrack-ny' && env.BIOTRACK_BASE_URL
        ? {
            baseUrl: env.BIOTRACK_BASE_URL,
            ubi: env.BIOTRACK_UBI!,
            license: env.BIOTRACK_LICENSE!,
            username: env.BIOTRACK_USERNAME!,
            password: env.BIOTRACK_PASSWORD!,
          }
        : null;
    const metrc =
      env.STATE_SYSTEM === 'metrc-ny' && env.METRC_BASE_URL
        ? {
            baseUrl: env.METRC_BASE_URL,
            vendorKey: env.METRC_VENDOR_KEY!,
            userKey: env.METRC_USER_KEY!,
            license: env.METRC_LICENSE!,
          }
        : null;
    const live = biotrack?.baseUrl ?? metrc?.baseUrl;
    this.stateSystem = {
      kind: env.STATE_SYSTEM === 'metrc-ny' ? 'metrc-ny' : 'biotrack-ny',
      endpoint: live ?? SIMULATOR_ENDPOINT,
      biotrack,
      metrc,
    };
    this.sampleHoldingCheck = env.STATE_SYSTEM_SAMPLE_CHECK;
    this.watch = env.WATCH_DIR
      ? { dir: path.resolve(env.WATCH_DIR), technician: env.WATCH_TECHNICIAN!, intervalSeconds: env.WATCH_INTERVAL_SECONDS }
      : undefined;
    this.limits = {
      maxUploadBytes: env.MAX_UPLOAD_BYTES,
      pdfMaxPages: env.PDF_MAX_PAGES,
      pdfTimeoutMs: env.PDF_TIMEOUT_MS,
      pdfMaxMemoryMb: env.PDF_MAX_MEMORY_MB,
      importMaxRows: env.IMPORT_MAX_ROWS,
      importMaxUncompressedBytes: env.IMPORT_MAX_UNCOMPRESSED_BYTES,
      importWorkerMinBytes: env.IMPORT_WORKER_MIN_BYTES,
    };
    this.outboxEnabled = env.OUTBOX_ENABLED;
    this.templatesDir = templatesDir;
    this.lab = {
      name: env.LAB_NAME,
      license: env.LAB_LICENSE,
      address: env.LAB_ADDRESS ?? null,
      phone: env.LAB_PHONE ?? null,
      email: env.LAB_EMAIL ?? null,
      accreditation: { body: env.LAB_ACCREDITATION_BODY ?? null, number: env.LAB_ACCREDITATION_NUMBER ?? null },
      logoFile: env.LAB_LOGO_FILE ? path.resolve(env.LAB_LOGO_FILE) : null,
      timeZone: env.LAB_TIMEZONE,
    };
    this.publicUrlIsLocal = isLocalUrl(this.publicUrl);
    this.certificateLayoutFile = env.CERTIFICATE_LAYOUT_FILE
      ? path.resolve(env.CERTIFICATE_LAYOUT_FILE)
      : path.join(templatesDir, 'certificate', 'certificate.json');
    this.licenseeAccountsFile = env.BIOTRACK_LICENSEE_ACCOUNTS_FILE
      ? path.resolve(env.BIOTRACK_LICENSEE_ACCOUNTS_FILE)
      : undefined;
    this.licenseeHolderCacheMs = env.LICENSEE_HOLDER_CACHE_SECONDS * 1000;
    this.outbox = {
      enabled: env.OUTBOX_ENABLED,
      intervalMs: env.OUTBOX_INTERVAL_MS,
      concurrency: env.OUTBOX_CONCURRENCY,
      claimBatch: env.OUTBOX_CLAIM_BATCH,
      maxAttempts: env.OUTBOX_MAX_ATTEMPTS,
      backoffBaseMs: env.OUTBOX_BACKOFF_BASE_MS,
      backoffMaxMs: env.OUTBOX_BACKOFF_MAX_MS,
      leaseMs: env.OUTBOX_LEASE_SECONDS * 1000,
      nearLateMs: env.OUTBOX_NEAR_LATE_HOURS * 60 * 60 * 1000,
    };
    this.sampleSyncIntervalSeconds = env.SAMPLE_SYNC_INTERVAL_SECONDS;
    this.sampleTurnaroundHours = env.SAMPLE_TURNAROUND_HOURS;
    this.biotrack = {
      timeoutMs: env.BIOTRACK_TIMEOUT_MS,
      mappingFile: env.BIOTRACK_MAPPING_FILE
        ? path.resolve(env.BIOTRACK_MAPPING_FILE)
        : path.join(templatesDir, 'state-system', 'biotrack-ny-mapping.json'),
      nonDetect: env.BIOTRACK_NON_DETECT,
    };
    this.throttle = {
      windowMs: env.AUTH_WINDOW_SECONDS * 1000,
      backoffMaxMs: env.AUTH_BACKOFF_MAX_SECONDS * 1000,
      failuresPerAddress: env.AUTH_FAILURES_PER_ADDRESS,
      failuresPerAccount: env.AUTH_FAILURES_PER_ACCOUNT,
      lockoutMs: env.AUTH_LOCKOUT_SECONDS * 1000,
      signInsPerAddress: env.SIGN_INS_PER_ADDRESS,
      signInsPerUser: env.SIGN_INS_PER_USER,
      sessionsPerUser: env.WEB_SESSIONS_PER_USER,
      licenseeLookupsPerLicense: env.LICENSEE_LOOKUPS_PER_LICENSE,
    };
    this.metrc = {
      release: env.METRC_RELEASE,
      allowRerecord: env.METRC_ALLOW_RERECORD,
      timeoutMs: env.METRC_TIMEOUT_MS,
      mappingFile: env.METRC_MAPPING_FILE
        ? path.resolve(env.METRC_MAPPING_FILE)
        : path.join(templatesDir, 'state-system', 'metrc-ny-mapping.json'),
      licenseeKeysFile: env.METRC_LICENSEE_KEYS_FILE ? path.resolve(env.METRC_LICENSEE_KEYS_FILE) : undefined,
      windowHours: env.METRC_WINDOW_HOURS,
      windowOverlapMinutes: env.METRC_WINDOW_OVERLAP_MINUTES,
      syncDays: env.METRC_SYNC_DAYS,
      pageSize: env.METRC_PAGE_SIZE,
      ratePerSecond: env.METRC_RATE_PER_SECOND,
      maxInFlight: env.METRC_MAX_IN_FLIGHT,
      verifyAttempts: env.METRC_VERIFY_ATTEMPTS,
      verifyDelayMs: env.METRC_VERIFY_DELAY_MS,
      maxDocumentBytes: env.METRC_MAX_DOCUMENT_BYTES,
      readRetries: env.METRC_READ_RETRIES,
    };
    this.mail = env.SMTP_URL
      ? { url: env.SMTP_URL, from: env.SMTP_FROM ?? env.LAB_EMAIL!, intervalMs: env.NOTIFY_EMAIL_INTERVAL_SECONDS * 1000 }
      : null;
    this.oidc = env.OIDC_ISSUER
      ? {
          issuer: env.OIDC_ISSUER,
          clientId: env.OIDC_CLIENT_ID!,
          clientSecret: env.OIDC_CLIENT_SECRET!,
          redirectUri: `${this.publicUrl}/login/sso/callback`,
        }
      : null;
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
          const shown = got !== undefined && !/PASSWORD|TOKEN|SECRET|SMTP_URL/.test(name) ? ` (got "${got}")` : '';
          return `${name}: ${issue.message}${shown}`;
        }),
      );
    }
    return new AppConfig(parsed.data, templatesDir);
  }
}

function isLocalUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0.0.0.0';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}
