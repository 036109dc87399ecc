import { z } from 'zod';

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/.+/, 'expected a postgres:// or postgresql:// URL');

const port = z.coerce
  .number({ error: 'expected a port number from 1 to 65535' })
  .int('expected a port number from 1 to 65535')
  .min(1, 'expected a port number from 1 to 65535')
  .max(65535, 'expected a port number from 1 to 65535');

const positiveInt = (what: string) => {
  const error = `expected ${what} greater than 0`;
  return z.coerce.number({ error }).int(error).positive(error);
};

const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'true or false' })
  .transform((v) => v === 'true' || v === '1');

/**
 * Every environment variable the service reads, parsed once at boot. Nothing else reads process.env.
 * Unset and empty mean the same thing, so `FOO=` in a shell or compose file falls back to the default.
 */
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
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    }).default('info'),
    STATE_SYSTEM: z.enum(['simulator', 'biotrack-ny'], { error: 'expected simulator or biotrack-ny' }).default('simulator'),
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
    IMPORT_MAX_ROWS: positiveInt('a whole number of rows').default(500_000),
    OUTBOX_ENABLED: flag.default(true),
  })
  .strip()
  .superRefine((env, ctx) => {
    if (env.STATE_SYSTEM === 'biotrack-ny') {
      for (const key of [
        'BIOTRACK_BASE_URL',
        'BIOTRACK_UBI',
        'BIOTRACK_LICENSE',
        'BIOTRACK_USERNAME',
        'BIOTRACK_PASSWORD',
      ] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when STATE_SYSTEM=biotrack-ny' });
      }
    }
    if (env.WATCH_DIR && !env.WATCH_TECHNICIAN) {
      ctx.addIssue({
        code: 'custom',
        path: ['WATCH_TECHNICIAN'],
        message: 'required when WATCH_DIR is set (the technician on whose behalf folder imports are recorded)',
      });
    }
  });

export type Env = z.infer<typeof EnvSchema>;
