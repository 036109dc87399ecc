/**
 * BioTrack NY simulator: the contract in shared/contracts/biotrack-ny.md over real HTTP, with in-memory state,
 * seeded demo data and fault injection. `startSimulator()` runs it in-process (tests, the service with
 * STATE_SYSTEM=simulator); `main.ts` runs it alone (`npm run simulator`).
 *
 * The contract's [assumed] points, what the simulator does, and the switch for each:
 * - Session lifetime: 24 h from login, not sliding → `sessionTtlSeconds`. An expired, unknown or early-expired
 *   session, or X-Ubi/X-License other than the session's, answers 401 ErrorCode "63".
 * - Errors: `{"Error", "ErrorCode"}` with 602 validation (400, naming the field), 63 session (401), 61 login
 *   failed (401), 62 lab vs licensee session (403), 404, 409, 429, and the 5xx status itself
 *   → the table in simulator-error.ts.
 * - Lists: `cursor` = items already read (0 first), `limit` default 100, max 1000 (more is a 400, not clamped);
 *   `NextCursor` 0 on the last page; `NextTransactionID` = the ID the next write will get
 *   → `behaviour.defaultPageSize`, `behaviour.maxPageSize`.
 * - Envelopes: lists answer `{LabSample|InventoryTransfer|Inventory: [...], NextCursor, NextTransactionID}`, single
 *   reads `{LabSample: {...}}` / `{Inventory: {...}}`, the catalogue `{Test: [...]}`; writes answer 200.
 * - `?inventoryid=` matches the sample's own UID or its source lot's UID. `{id}` of the sample endpoints is a
 *   LabSample.ID or the 16-digit UID → `behaviour.acceptUidAsSampleId`.
 * - Unknown fields in bodies and query strings: refused with a 400 naming them → `behaviour.unknownFields`.
 * - Result body: `TestingData[] {TestID, SamplePreparationTime?, LabAnalysisTime?, TestResult[] {TestPanel,
 *   TestValue, TestPass?, TestNote?}}`, `CertOfAnalysisHyperlink?`, `QualityControlDataHyperlink?`,
 *   `ExternalID?`; PUT may add `AmendmentReason`. `TestNote` carries a non-detect qualifier as text next to the
 *   number → `behaviour.acceptTestNote`. `LabProvided` = TestPass came from the lab rather than being computed.
 * - Pass/fail: `TestValue <PassFailCondition> PassFailLimit` ("not detected" = "<=" 0); record-only panels pass.
 *   Panel names are the analyte keys (`thca`, `lead`); which tests must have results before a sample leaves
 *   Pending depends on InventoryType → `requiredTests` in test-catalogue.data.json, or the `catalogue` option.
 * - "Final results" = every required test has results: a POST then, or one repeating a TestID already posted,
 *   is a 409 (amend with PUT, which replaces the TestingData of the TestIDs it carries and is recorded).
 * - ExternalID: per account license, the first successful answer is replayed for a repeat on the same method and
 *   target without a second effect; the same key on another target is a 409; refused writes do not use it up
 *   → `behaviour.requireExternalId` refuses result writes without one; `behaviour.replayExternalId` false ignores the
 *   key, so a client that repeats a write it should have looked up first is caught applying it twice.
 * - Receiving: body optional (`{Item?: [{ID, ReceivedAmount?, IsRejected?}], IsRejected?, ExternalID?}`);
 *   accepted items move to the lab and become LabSamples (Result "Pending"); a second receive is a 409.
 * - Licensee reads: an item is seen only by its holder (LocationLicense); a lab sample by the holder of its
 *   source lot, so results follow product moved to another licensee (`control.moveInventory`).
 * - Rate limits and outages: none by default → `faults` (latency, 5xx, 429 + Retry-After, dropped connections,
 *   early session expiry, applied-but-500), changeable per run with `setFaults` or POST /_sim/faults.
 * - Not simulated: the OAuth authorization-code approval (bearer tokens); a connection dropped after a write applied.
 *
 * Control and inspection endpoints, for tests and demos (no session, no fault, camelCase bodies): GET /_sim/state,
 * GET /_sim/effects?sample=&kind=, GET /_sim/requests, GET|POST /_sim/faults, POST /_sim/reset {seed?: run|demo|empty},
 * POST /_sim/inventory {inventory: [...]}, POST /_sim/inventory/{uid}/move {toLicense}, POST /_sim/transfers,
 * POST /_sim/sessions/expire. The same operations are on `RunningSimulator.control`.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { z } from 'zod';
import { ControlService, type SimulatorControl } from './control.service';
import { DEMO_ACCOUNTS, DEMO_SEED, EMPTY_SEED } from './demo-seed';
import { FaultInjector } from './fault-injector';
import { requestLogMiddleware } from './request-log';
import { describeIssues } from './request.schemas';
import { SessionService } from './session.service';
import { SimulatorExceptionFilter } from './simulator-exception.filter';
import {
  DEFAULT_BEHAVIOUR,
  FaultConfigSchema,
  SeedDataSchema,
  SimulatorAccountSchema,
  SimulatorBehaviourSchema,
  type FaultConfig,
  type SeedData,
  type SimulatorAccount,
  type SimulatorBehaviour,
} from './simulator-options.schemas';
import { SimulatorSettings } from './simulator-settings';
import { SimulatorModule } from './simulator.module';
import { SimulatorStore, type SimulatorState } from './simulator.store';
import { DEFAULT_TEST_CATALOGUE_DATA, loadTestCatalogue } from './test-catalogue';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** true (default): the demo inventory and transfers; false: none; or your own seed data. */
  seed?: boolean | SeedData;
  /** The accounts that can log in; default the demo lab and licensees (see demo-seed.data.json). */
  credentials?: SimulatorAccount[];
  /** Default 86400 (24 h). */
  sessionTtlSeconds?: number;
  faults?: FaultConfig;
  /** Randomness for faults; inject for deterministic tests (see seededRandom). Default Math.random. */
  random?: () => number;
  /** Clock in epoch milliseconds; inject to expire sessions without waiting. Default Date.now. */
  now?: () => number;
  behaviour?: Partial<SimulatorBehaviour>;
  /** A test catalogue in the shape of test-catalogue.data.json; default that file. */
  catalogue?: unknown;
  /** Receives one line per contract request (method, path, status, fault). */
  logger?: (line: string) => void;
}

export interface RunningSimulator {
  /** Base URL, e.g. http://127.0.0.1:43121 (no trailing slash). */
  url: string;
  port: number;
  state: SimulatorState;
  control: SimulatorControl;
  /** Replaces the fault configuration (throws naming the bad field). */
  setFaults(faults: FaultConfig): void;
  close(): Promise<void>;
}

const StartOptionsSchema = z.object({
  port: z.number().int().min(0).max(65535).optional(),
  host: z.string().min(1).optional(),
  seed: z.union([z.boolean(), SeedDataSchema]).optional(),
  credentials: z
    .array(SimulatorAccountSchema)
    .min(1)
    .refine(
      (accounts) => new Set(accounts.map((a) => `${a.kind} ${a.license} ${a.username}`)).size === accounts.length,
      'duplicate account',
    )
    .optional(),
  sessionTtlSeconds: z.number().int().positive().optional(),
  faults: FaultConfigSchema.optional(),
  behaviour: SimulatorBehaviourSchema.partial().optional(),
});

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const checked = StartOptionsSchema.safeParse(options);
  if (!checked.success) throw new Error(`simulator options: ${describeIssues(checked.error, 'body', false)}`);
  const valid = checked.data;

  const behaviour: SimulatorBehaviour = { ...DEFAULT_BEHAVIOUR, ...valid.behaviour };
  const settings = new SimulatorSettings(
    behaviour,
    valid.sessionTtlSeconds ?? 86_400,
    options.now ?? Date.now,
    options.random ?? Math.random,
  );
  const catalogue =
    options.catalogue === undefined
      ? loadTestCatalogue(DEFAULT_TEST_CATALOGUE_DATA, 'src/simulator/test-catalogue.data.json')
      : loadTestCatalogue(options.catalogue, 'the catalogue option');
  const seed: SeedData =
    valid.seed === false ? EMPTY_SEED : valid.seed === true || valid.seed === undefined ? DEMO_SEED : valid.seed;
  const initialFaults = valid.faults ?? {};

  const store = new SimulatorStore(catalogue, valid.credentials ?? DEMO_ACCOUNTS, settings);
  store.reset(seed);
  const sessions = new SessionService(store, settings);
  const faults = new FaultInjector(initialFaults, settings.random, sessions);
  const control = new ControlService(store, faults, seed, initialFaults);

  const app = await NestFactory.create<NestExpressApplication>(
    SimulatorModule.forRun({ settings, store, sessions, faults, control }),
    { logger: false, abortOnError: false, bodyParser: false },
  );
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: '2mb' });
  app.use(requestLogMiddleware(store, settings, options.logger));
  app.use(faults.middleware());
  app.useGlobalFilters(new SimulatorExceptionFilter());
  await app.listen(valid.port ?? 0, valid.host ?? '127.0.0.1');

  const port = listeningPort(app.getHttpServer().address());
  const host = valid.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    state: store,
    control,
    setFaults: (config) => {
      faults.set(config);
    },
    close: () => app.close(),
  };
}

function listeningPort(address: AddressInfo | string | null): number {
  if (address === null || typeof address === 'string') throw new Error('the simulator is not listening on a TCP port');
  return address.port;
}

export { seededRandom } from '../kit/seeded-random';
export type { SimulatorControl } from './control.service';
export type { SimulatorState, EffectRecord, AmendmentRecord, RequestLogEntry, SessionRecord } from './simulator.store';
export type { FaultConfig, SeedData, SimulatorAccount, SimulatorBehaviour } from './simulator-options.schemas';
export { DEMO_ACCOUNTS, DEMO_SEED } from './demo-seed';
