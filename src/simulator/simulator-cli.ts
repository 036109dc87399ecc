import { z } from 'zod';
import { seededRandom } from './kit/seeded-random';
import { FaultPlanSchema, type FaultPlan } from './kit/fault-plan';
import type { MetrcSimulatorOptions } from './metrc-ny/metrc-simulator';
import { FaultConfigSchema, type FaultConfig } from './biotrack-ny/simulator-options.schemas';
import type { SimulatorOptions } from './biotrack-ny/simulator';

const FLAGS: Record<string, keyof SimulatorEnv> = {
  '--system': 'SIM_SYSTEM',
  '--port': 'SIM_PORT',
  '--host': 'SIM_HOST',
  '--seed': 'SIM_SEED',
  '--faults': 'SIM_FAULTS',
  '--random-seed': 'SIM_RANDOM_SEED',
  '--session-ttl': 'SIM_SESSION_TTL_SECONDS',
  '--unknown-fields': 'SIM_UNKNOWN_FIELDS',
  '--log-requests': 'SIM_LOG_REQUESTS',
};

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `expected ${what}`)
    .transform(Number)
    .pipe(z.number().min(min, `expected ${what} from ${min} to ${max}`).max(max, `expected ${what} from ${min} to ${max}`));

const faultsJson = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: `expected JSON such as {"error5xxRate":0.3,"rate429":0.1}` });
    return z.NEVER;
  }
});

/** `npm run simulator` settings: environment variables, each also accepted as a flag (`--port 4010`, `--port=4010`). */
export const SimulatorEnvSchema = z.object({
  SIM_SYSTEM: z.enum(['biotrack-ny', 'metrc-ny'], { error: 'expected biotrack-ny or metrc-ny' }).default('biotrack-ny'),
  SIM_PORT: wholeNumber('a port number', 0, 65535).default(4010),
  SIM_HOST: z.string().min(1).default('127.0.0.1'),
  SIM_SEED: z.enum(['demo', 'empty'], { error: 'expected demo or empty' }).default('demo'),
  /** Checked against the chosen system's fault schema below. */
  SIM_FAULTS: faultsJson.optional(),
  SIM_RANDOM_SEED: wholeNumber('a whole number', 0, 2 ** 32 - 1).optional(),
  SIM_SESSION_TTL_SECONDS: wholeNumber('a whole number of seconds', 1, 10 * 365 * 86_400).optional(),
  SIM_UNKNOWN_FIELDS: z.enum(['refuse', 'tolerate'], { error: 'expected refuse or tolerate' }).default('refuse'),
  SIM_LOG_REQUESTS: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .default('true')
    .transform((v) => v === 'true'),
});
type SimulatorEnv = z.input<typeof SimulatorEnvSchema>;

export type CliResult =
  | { ok: true; system: 'biotrack-ny'; options: SimulatorOptions; logRequests: boolean }
  | { ok: true; system: 'metrc-ny'; options: MetrcSimulatorOptions; logRequests: boolean }
  | { ok: false; message: string };

/** Reads argv flags over environment variables; a bad value gives one line naming the variable or flag. */
export function parseSimulatorCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliResult {
  const values: Record<string, string | undefined> = {};
  for (const key of Object.values(FLAGS)) if (env[key] !== undefined && env[key] !== '') values[key] = env[key];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag = '', inline] = arg.split(/=(.*)/s, 2);
    const key = FLAGS[flag];
    if (!key) return { ok: false, message: `unknown argument ${arg} (known: ${Object.keys(FLAGS).join(', ')})` };
    const value = inline ?? argv[++i];
    if (value === undefined) return { ok: false, message: `${flag} needs a value` };
    values[key] = value;
  }
  const first = SimulatorEnvSchema.safeParse(values);
  const faultSchema = first.success && first.data.SIM_SYSTEM === 'metrc-ny' ? FaultPlanSchema : FaultConfigSchema;
  const parsed = first.success
    ? SimulatorEnvSchema.extend({ SIM_FAULTS: faultsJson.pipe(faultSchema).optional() }).safeParse(values)
    : first;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? '');
    const detail = issue?.path.slice(1).join('.');
    const flag = Object.entries(FLAGS).find(([, key]) => key === name)?.[0];
    return {
      ok: false,
      message: `bad ${name}${flag ? ` (${flag})` : ''}${detail ? ` at ${detail}` : ''}: ${issue?.message ?? 'invalid'}`,
    };
  }
  const env_ = parsed.data;
  const random = env_.SIM_RANDOM_SEED === undefined ? undefined : seededRandom(env_.SIM_RANDOM_SEED);
  if (env_.SIM_SYSTEM === 'metrc-ny') {
    return {
      ok: true,
      system: 'metrc-ny',
      logRequests: env_.SIM_LOG_REQUESTS,
      options: {
        port: env_.SIM_PORT,
        host: env_.SIM_HOST,
        demo: env_.SIM_SEED === 'demo',
        faults: env_.SIM_FAULTS as FaultPlan | undefined,
        random,
      },
    };
  }
  return {
    ok: true,
    system: 'biotrack-ny',
    logRequests: env_.SIM_LOG_REQUESTS,
    options: {
      port: env_.SIM_PORT,
      host: env_.SIM_HOST,
      seed: env_.SIM_SEED === 'demo',
      faults: env_.SIM_FAULTS as FaultConfig | undefined,
      random,
      sessionTtlSeconds: env_.SIM_SESSION_TTL_SECONDS,
      behaviour: { unknownFields: env_.SIM_UNKNOWN_FIELDS },
    },
  };
}
