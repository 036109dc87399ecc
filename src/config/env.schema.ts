import { z } from 'zod';

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/.+/, 'expected a postgres:// or postgresql:// URL');

const port = z.coerce
  .number({ error: 'expected a port number from 1 to 65535' })
  .int('expected a port number from 1 to 65535')
  .min(1, 'expected a port number from 1 to 65535')
  .max(65535, 'expected a port number from 1 to 65535');

const positiveInt = (what: string) => {
  const error = `expected ${what} greater than 0`;
  return z.coerce.number({ error }).int(error).positive(error);
};

const nonNegativeInt = (what: string) => {
  const error = `expected ${what} (0 or more)`;
  return z.coerce.number({ error }).int(error).min(0, error);
};

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const flag = z.enum(['true', 'false', '1', '0'], { error: 'true or false' }).transform((v) => v === 'true' || v === '1');

/**
 * Every environment variable the service reads, parsed once at boot. Nothing else reads process.env.
 * Unset and empty mean the same thing, so `FOO=` in a shell or compose file falls back to the default.
 */
const BIOTRACK_CREDENTIALS = [
  'BIOTRACK_BASE_URL',
  'BIOTRACK_UBI',
  'BIOTRACK_LICENSE',
  'BIOTRACK_USERNAME',
  'BIOTRACK_PASSWORD',
] as const;

const OIDC_SETTINGS = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;

const METRC_CREDENTIALS = ['METRC_BASE_URL', 'METRC_VENDOR_KEY', 'METRC_USER_KEY', 'METRC_LICENSE'] as const;

export const EnvSchema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().min(1, 'expected a non-empty value').default('127.0.0.1'),
    PUBLIC_URL: z.url({ error: 'expected an absolute http(s) URL' }).optional(),
    DATA_DIR: z.string().min(1, 'expected a non-empty value').default('./data'),
    DATABASE_URL: postgresUrl.optional(),
    BOOTSTRAP_ADMIN_TOKEN: z
      .string()
      .min(24, 'expected at least 24 characters (it becomes the first admin token)')
      .regex(/^[A-Za-z0-9._~-]+$/, 'expected letters, digits and . _ ~ - only')
      .optional(),
    LAB_NAME: z.string().trim().min(1, 'expected a non-empty value').default('Testing laboratory'),
    LAB_LICENSE: z.string().trim().min(1, 'expected a non-empty value').default('(license not configured)'),
    LAB_ADDRESS: z.string().trim().min(1, 'expected a non-empty value').optional(),
    LAB_PHONE: z.string().trim().min(1, 'expected a non-empty value').optional(),
    LAB_EMAIL: z.string().trim().min(1, 'expected a non-empty value').optional(),
    LAB_ACCREDITATION_BODY: z.string().trim().min(1, 'expected a non-empty value').optional(),
    LAB_ACCREDITATION_NUMBER: z.string().trim().min(1, 'expected a non-empty value').optional(),
    LAB_LOGO_FILE: z
      .string()
      .trim()
      .regex(/\.(png|jpe?g)$/i, 'expected a .png or .jpg file (the PDF writer reads only PNG and JPEG)')
      .optional(),
    LAB_TIMEZONE: z
      .string()
      .trim()
      .refine(isTimeZone, 'expected an IANA time zone such as America/New_York')
      .default('America/New_York'),
    CERTIFICATE_LAYOUT_FILE: z.string().trim().min(1, 'expected a non-empty value').optional(),
    BIOTRACK_LICENSEE_ACCOUNTS_FILE: z.string().min(1, 'expected a non-empty value').optional(),
    LICENSEE_HOLDER_CACHE_SECONDS: z.coerce.number({ error: 'expected a whole number of seconds' }).int().min(0).default(60),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'expected one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
    /** `simulator` is the older name of BioTrack NY with no credentials (its built-in simulator). */
    STATE_SYSTEM: z
      .enum(['biotrack-ny', 'metrc-ny', 'simulator'], { error: 'expected biotrack-ny or metrc-ny' })
      .default('biotrack-ny'),
    /** Readiness asks the state system live whether it holds each sample and the lab received it. */
    STATE_SYSTEM_SAMPLE_CHECK: flag.default(true),
    METRC_BASE_URL: z.url({ error: 'expected an absolute http(s) URL' }).optional(),
    METRC_VENDOR_KEY: z.string().min(1, 'expected a non-empty value').optional(),
    METRC_USER_KEY: z.string().min(1, 'expected a non-empty value').optional(),
    METRC_LICENSE: z.string().min(1, 'expected a non-empty value').optional(),
    METRC_RELEASE: z.enum(['manual', 'auto'], { error: 'expected manual or auto' }).default('manual'),
    METRC_ALLOW_RERECORD: flag.default(false),
    METRC_TIMEOUT_MS: positiveInt('a whole number of milliseconds').default(15000),
    METRC_MAPPING_FILE: z.string().min(1, 'expected a non-empty value').optional(),
    METRC_LICENSEE_KEYS_FILE: z.string().min(1, 'expected a non-empty value').optional(),
    METRC_WINDOW_HOURS: positiveInt('a whole number of hours').default(24),
    METRC_WINDOW_OVERLAP_MINUTES: nonNegativeInt('a whole number of minutes').default(10),
    METRC_SYNC_DAYS: positiveInt('a whole number of days').default(14),
    METRC_PAGE_SIZE: positiveInt('a whole number of rows')
      .pipe(z.number().max(20, 'expected at most 20 (Metrc pages at 20)'))
      .default(20),
    METRC_RATE_PER_SECOND: positiveInt('a whole number of requests').default(5),
    METRC_MAX_IN_FLIGHT: positiveInt('a whole number of requests').default(4),
    METRC_VERIFY_ATTEMPTS: positiveInt('a whole number of read-backs').default(5),
    METRC_VERIFY_DELAY_MS: nonNegativeInt('a whole number of milliseconds').default(1000),
    METRC_MAX_DOCUMENT_BYTES: positiveInt('a whole number of bytes').default(5 * 1024 * 1024),
    METRC_READ_RETRIES: nonNegativeInt('a whole number of retries').default(2),
    BIOTRACK_BASE_URL: z.url({ error: 'expected an absolute http(s) URL' }).optional(),
    BIOTRACK_UBI: z.string().min(1, 'expected a non-empty value').optional(),
    BIOTRACK_LICENSE: z.string().min(1, 'expected a non-empty value').optional(),
    BIOTRACK_USERNAME: z.string().min(1, 'expected a non-empty value').optional(),
    BIOTRACK_PASSWORD: z.string().min(1, 'expected a non-empty value').optional(),
    WATCH_DIR: z.string().min(1, 'expected a non-empty value').optional(),
    WATCH_TECHNICIAN: z.string().min(1, 'expected a non-empty value').optional(),
    WATCH_INTERVAL_SECONDS: positiveInt('a whole number of seconds').default(10),
    MAX_UPLOAD_BYTES: positiveInt('a whole number of bytes').default(25 * 1024 * 1024),
    PDF_MAX_PAGES: positiveInt('a whole number of pages').default(100),
    PDF_TIMEOUT_MS: positiveInt('a whole number of milliseconds').default(20_000),
    PDF_MAX_MEMORY_MB: positiveInt('a whole number of megabytes').default(512),
    IMPORT_MAX_ROWS: positiveInt('a whole number of rows').default(500_000),
    IMPORT_MAX_UNCOMPRESSED_BYTES: positiveInt('a whole number of bytes').default(100 * 1024 * 1024),
    IMPORT_WORKER_MIN_BYTES: positiveInt('a whole number of bytes').default(64 * 1024),
    OUTBOX_ENABLED: flag.default(true),
    OUTBOX_INTERVAL_MS: positiveInt('a whole number of milliseconds').default(2000),
    OUTBOX_CONCURRENCY: positiveInt('a whole number of parallel sends').default(4),
    OUTBOX_CLAIM_BATCH: positiveInt('a whole number of submissions').default(4),
    OUTBOX_MAX_ATTEMPTS: positiveInt('a whole number of attempts').default(20),
    OUTBOX_BACKOFF_BASE_MS: positiveInt('a whole number of milliseconds').default(2000),
    OUTBOX_BACKOFF_MAX_MS: positiveInt('a whole number of milliseconds').default(15 * 60 * 1000),
    OUTBOX_LEASE_SECONDS: positiveInt('a whole number of seconds').default(300),
    OUTBOX_NEAR_LATE_HOURS: positiveInt('a whole number of hours').default(12),
    SAMPLE_SYNC_INTERVAL_SECONDS: nonNegativeInt('a whole number of seconds').default(300),
    SAMPLE_TURNAROUND_HOURS: positiveInt('a whole number of hours').default(120),
    BIOTRACK_TIMEOUT_MS: positiveInt('a whole number of milliseconds').default(15000),
    BIOTRACK_MAPPING_FILE: z.string().min(1, 'expected a non-empty value').optional(),
    AUTH_FAILURES_PER_ADDRESS: positiveInt('a whole number of attempts').default(30),
    AUTH_FAILURES_PER_ACCOUNT: positiveInt('a whole number of attempts').default(5),
    AUTH_LOCKOUT_SECONDS: positiveInt('a whole number of seconds').default(60),
    SIGN_INS_PER_ADDRESS: positiveInt('a whole number of sign-ins').default(60),
    SIGN_INS_PER_USER: positiveInt('a whole number of sign-ins').default(30),
    AUTH_WINDOW_SECONDS: positiveInt('a whole number of seconds').default(60),
    AUTH_BACKOFF_MAX_SECONDS: positiveInt('a whole number of seconds').default(3600),
    WEB_SESSIONS_PER_USER: positiveInt('a whole number of sessions').default(20),
    LICENSEE_LOOKUPS_PER_LICENSE: positiveInt('a whole number of look-ups').default(120),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^/]+/, 'expected smtp://[user:password@]host[:port] or smtps://…')
      .optional(),
    SMTP_FROM: z
      .string()
      .trim()
      .regex(/^(?:[^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'expected an address, or a name and <address>')
      .optional(),
    NOTIFY_EMAIL_INTERVAL_SECONDS: positiveInt('a whole number of seconds').default(60),
    OIDC_ISSUER: z.url({ error: "expected the issuer's absolute http(s) URL" }).optional(),
    OIDC_CLIENT_ID: z.string().min(1, 'expected a non-empty value').optional(),
    OIDC_CLIENT_SECRET: z.string().min(1, 'expected a non-empty value').optional(),
    BIOTRACK_NON_DETECT: z
      .enum(['zero_with_note', 'omit'], { error: 'expected zero_with_note or omit' })
      .default('zero_with_note'),
  })
  .strip()
  .superRefine((env, ctx) => {
    // No credentials at all: the built-in simulator. Some but not all: a mistake, named variable by variable.
    if (env.STATE_SYSTEM === 'biotrack-ny' && BIOTRACK_CREDENTIALS.some((key) => env[key])) {
      for (const key of BIOTRACK_CREDENTIALS) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when STATE_SYSTEM=biotrack-ny' });
      }
    }
    if (env.STATE_SYSTEM === 'metrc-ny' && METRC_CREDENTIALS.some((key) => env[key])) {
      for (const key of METRC_CREDENTIALS) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when STATE_SYSTEM=metrc-ny' });
      }
    }
    if (env.SMTP_URL && !env.SMTP_FROM && !env.LAB_EMAIL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_FROM'],
        message: 'required when SMTP_URL is set and LAB_EMAIL is not (the address notifications are sent from)',
      });
    }
    if (OIDC_SETTINGS.some((key) => env[key])) {
      for (const key of OIDC_SETTINGS) {
        if (!env[key])
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET',
          });
      }
    }
    if (env.WATCH_DIR && !env.WATCH_TECHNICIAN) {
      ctx.addIssue({
        code: 'custom',
        path: ['WATCH_TECHNICIAN'],
        message: 'required when WATCH_DIR is set (the technician on whose behalf folder imports are recorded)',
      });
    }
    if (env.OUTBOX_BACKOFF_MAX_MS < env.OUTBOX_BACKOFF_BASE_MS) {
      ctx.addIssue({ code: 'custom', path: ['OUTBOX_BACKOFF_MAX_MS'], message: 'expected at least OUTBOX_BACKOFF_BASE_MS' });
    }
    const [timeoutName, timeoutMs] =
      env.STATE_SYSTEM === 'metrc-ny'
        ? ['METRC_TIMEOUT_MS', env.METRC_TIMEOUT_MS]
        : ['BIOTRACK_TIMEOUT_MS', env.BIOTRACK_TIMEOUT_MS];
    if (timeoutMs * 4 * env.OUTBOX_CLAIM_BATCH > env.OUTBOX_LEASE_SECONDS * 1000) {
      ctx.addIssue({
        code: 'custom',
        path: ['OUTBOX_LEASE_SECONDS'],
        message: `expected at least 4 × ${timeoutName} × OUTBOX_CLAIM_BATCH (one send may make four requests, a claimed row may wait behind OUTBOX_CLAIM_BATCH sends, and a live sender must not outlive its lease)`,
      });
    }
  });

export type Env = z.infer<typeof EnvSchema>;
