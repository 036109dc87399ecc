import axios, { type AxiosInstance, type AxiosResponse, isAxiosError } from 'axios';
import type { z } from 'zod';
import { productTypeFromMatrix } from '../../catalog';
import type { BiotrackMapping } from './mapping.schemas';
import { missingUid, problemsFromLines, type SendabilityProblem } from '../../outbox/sendability';
import { payloadStateRef } from '../../outbox/submission-payload';
import { heldBy, indexCatalogue, planResultBody, UnmappableResults, type CatalogueIndex } from './result-body';
import {
  ErrorAnswerSchema,
  InboundTransfersAnswerSchema,
  InventoryListAnswerSchema,
  LabSampleListAnswerSchema,
  LabSampleOneAnswerSchema,
  LoginAnswerSchema,
  LoginBodySchema,
  ReceiveAnswerSchema,
  ReceiveBodySchema,
  resultWriteBodySchema,
  ResultWriteAnswerSchema,
  TestListAnswerSchema,
  type InventoryTransferAnswer,
  type LabSampleAnswer,
} from './biotrack.schemas';
import { classifyFailure } from '../failure-classification';
import {
  StateSystemFailure,
  type InboundTransfer,
  type BiotrackLicenseeAccount,
  type LicenseeAccount,
  type LicenseeView,
  type ReceivedTransfer,
  type ReportingProtocol,
  type SampleHolding,
  type SampleRef,
  type StateSystem,
} from '../state-system.port';
import { askHolding } from '../sample-holding';
import type { BiotrackSample, HeldCheck, StateTest, WriteReceipt } from './biotrack-ny.types';
import { BiotrackReporting } from './biotrack-ny.reporting';
import type { SubmissionPayload } from '../../outbox/submission-payload';

/** Where the adapter logs in: the real sandbox/production, or the simulator (same contract, other URL and account). */
export interface BiotrackConnection {
  baseUrl: string;
  ubi: string;
  license: string;
  username: string;
  password: string;
}

export interface BiotrackAdapterOptions {
  timeoutMs: number;
  /** What submissions record as the endpoint: `simulator` for the built-in one; default the base URL. */
  endpoint?: string;
  /** How long the test catalogue is reused before it is fetched again. */
  catalogueTtlMs?: number;
  now?: () => Date;
}

const PAGE_SIZE = 100;

interface CallSpec<T> {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  params?: Record<string, string | number>;
  body?: unknown;
  /** Changes state remotely: a failure after sending is ambiguous. */
  write: boolean;
  answer: z.ZodType<T>;
}

/**
 * The BioTrack NY licensee API ("NY-API") over axios, per docs/biotrack-ny-contract.md. Sessions are opened on
 * demand (one login shared by concurrent calls) and opened again once when a call answers 401. Every body sent
 * and every answer read is checked with zod; every failure is a StateSystemFailure saying whether to retry.
 */
const REFUSED_FIX =
  'correct the value (report a number where one was measured), or enter this result in BioTrack by hand and drop it here; a mapping gap is fixed in templates/state-system/biotrack-ny-mapping.json';
const DROPPED_FIX = 'check that leaving it out is intended (qualifier rules and notInCatalogue in the BioTrack mapping)';

export class BiotrackNyAdapter implements StateSystem {
  readonly kind = 'biotrack-ny' as const;
  readonly endpoint: string;
  readonly description: string;
  readonly reporting: ReportingProtocol = new BiotrackReporting(this);
  private readonly http: AxiosInstance;
  private readonly lab: SessionAuth;
  private readonly licensees = new Map<string, SessionAuth>();
  private catalogue: { index: CatalogueIndex; until: number } | null = null;
  private readonly now: () => Date;
  /** Built once: zod compiles a schema on its first use, which costs more than the check itself. */
  private readonly bodySchema: ReturnType<typeof resultWriteBodySchema>;

  constructor(
    private readonly connection: BiotrackConnection,
    private readonly mapping: BiotrackMapping,
    private readonly options: BiotrackAdapterOptions,
  ) {
    this.endpoint = options.endpoint ?? connection.baseUrl;
    this.description = `BioTrack NY at ${connection.baseUrl} (license ${connection.license})`;
    this.now = options.now ?? (() => new Date());
    this.bodySchema = resultWriteBodySchema(mapping.noteField);
    this.http = axios.create({
      baseURL: connection.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs,
      validateStatus: () => true,
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: true },
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      maxRedirects: 0,
    });
    this.lab = new SessionAuth(() => this.openSession('/v1/lab/login', connection));
  }

  async login(): Promise<void> {
    this.lab.forget();
    await this.lab.token();
  }

  async probe(): Promise<void> {
    await this.testCatalogue();
  }

  async inboundTransfers(): Promise<InboundTransfer[]> {
    const transfers: InventoryTransferAnswer[] = [];
    for (let cursor = 0; ;) {
      const page = await this.call(this.lab, {
        method: 'GET',
        path: '/v1/lab/inventory/transfer/inbound',
        params: { cursor, limit: PAGE_SIZE },
        write: false,
        answer: InboundTransfersAnswerSchema,
      });
      transfers.push(...page.InventoryTransfer);
      if (page.NextCursor === 0 || page.InventoryTransfer.length === 0) break;
      cursor = page.NextCursor;
    }
    return transfers.map((t) => this.toInboundTransfer(t));
  }

  readonly receiveTransfer = (transferId: string, idempotencyKey: string): Promise<ReceivedTransfer> =>
    this.receive(transferId, idempotencyKey);

  private async receive(transferId: string, idempotencyKey: string): Promise<ReceivedTransfer> {
    const answer = await this.call(this.lab, {
      method: 'PUT',
      path: `/v1/lab/inventory/transfer/${encodeURIComponent(transferId)}/receive`,
      body: ReceiveBodySchema.parse({ ExternalID: idempotencyKey }),
      write: true,
      answer: ReceiveAnswerSchema,
    });
    const samples = answer.Inventory.flatMap((item) =>
      item.LabSample.filter((s) => s.InventoryID === item.ID).map((s) => ({ uid: s.InventoryID, stateRef: String(s.ID) })),
    );
    return { transactionId: String(answer.TransactionID), samples };
  }

  async findSample(ref: { uid: string } | { stateSampleId: number }): Promise<BiotrackSample | null> {
    if ('stateSampleId' in ref) {
      try {
        const one = await this.call(this.lab, {
          method: 'GET',
          path: `/v1/lab/sample/${ref.stateSampleId}`,
          write: false,
          answer: LabSampleOneAnswerSchema,
        });
        return one.LabSample.Deleted ? null : this.toStateSample(one.LabSample);
      } catch (e) {
        if (e instanceof StateSystemFailure && e.details.status === 404) return null;
        throw e;
      }
    }
    // `?inventoryid=` is an assumed filter: the pages are searched either way, so an ignored filter costs only time.
    for (let cursor = 0; ;) {
      const page = await this.call(this.lab, {
        method: 'GET',
        path: '/v1/lab/sample',
        params: { inventoryid: ref.uid, cursor, limit: PAGE_SIZE },
        write: false,
        answer: LabSampleListAnswerSchema,
      });
      const hit = page.LabSample.find((s) => s.InventoryID === ref.uid && !s.Deleted);
      if (hit) return this.toStateSample(hit);
      if (page.NextCursor === 0 || page.LabSample.length === 0) return null;
      cursor = page.NextCursor;
    }
  }

  postResults(stateSampleId: number, payload: SubmissionPayload, idempotencyKey: string): Promise<WriteReceipt> {
    return this.writeResults('POST', stateSampleId, payload, idempotencyKey);
  }

  amendResults(stateSampleId: number, payload: SubmissionPayload, idempotencyKey: string): Promise<WriteReceipt> {
    return this.writeResults('PUT', stateSampleId, payload, idempotencyKey);
  }

  checkSendable(payload: SubmissionPayload): SendabilityProblem[] {
    const problems = missingUid({
      labSampleId: payload.sample.labSampleId,
      uid: payload.sample.uid,
      stateRef: payloadStateRef(payload),
    });
    const analytes = payload.results.map((r) => r.analyte);
    // The catalogue as last fetched, if it was: a check never calls the state system.
    const catalogue = this.catalogue?.index ?? null;
    try {
      const plan = planResultBody(payload, this.mapping, catalogue, {
        externalId: 'check',
        kind: payload.resultSet.amends ? 'amend' : 'post',
      });
      const dropped = plan.skipped.filter((s) => s.reason !== 'not tested').map((s) => `${s.analyte}: ${s.reason}`);
      return [...problems, ...problemsFromLines(dropped, analytes, 'dropped', DROPPED_FIX)];
    } catch (e) {
      // Anything else the planner throws would stop the submission just the same: a refusal, never a broken page.
      const lines = e instanceof UnmappableResults ? e.problems : [e instanceof Error ? e.message : String(e)];
      return [...problems, ...problemsFromLines(lines, analytes, 'refused', REFUSED_FIX)];
    }
  }

  /**
   * Does BioTrack hold the lab sample? Read-only: GET /v1/lab/sample/{id} when the state's id is known, else the
   * lab's samples by `?inventoryid=` (an [assumed] filter; the pages are searched either way). That a LabSample exists
   * once, and only once, the lab received the item is [assumed] (the contract's receive answers the new LabSamples);
   * so when none is found the inbound transfers tell "not received yet" from "not held".
   */
  sampleHolding(sample: SampleRef): Promise<SampleHolding> {
    return askHolding('BioTrack', async () => {
      const id = sample.stateRef !== null && /^\d{1,15}$/.test(sample.stateRef) ? Number(sample.stateRef) : null;
      const found =
        (id !== null ? await this.findSample({ stateSampleId: id }) : null) ??
        (sample.uid !== null ? await this.findSample({ uid: sample.uid }) : null);
      if (found && (sample.uid === null || found.uid === sample.uid)) return { answer: 'held' };
      if (found)
        return {
          answer: 'not_held',
          reason: `BioTrack's lab sample ${found.stateSampleId} is UID ${found.uid}, not ${sample.uid}`,
          fix: "correct the sample's UID (or its state id) to the one on the manifest",
        };
      const uid = sample.uid;
      if (uid === null)
        return {
          answer: 'not_held',
          reason: `BioTrack holds no lab sample ${sample.stateRef} for the lab (license ${this.connection.license})`,
          fix: 'give the sample its UID from the manifest, or sync the samples from BioTrack',
        };
      const onTransfer = (await this.inboundTransfers())
        .flatMap((t) => t.items.map((item) => ({ t, item })))
        .find(({ item }) => item.uid === uid);
      if (onTransfer && !onTransfer.item.rejected && !onTransfer.item.received)
        return {
          answer: 'not_received',
          reason: `UID ${uid} is on inbound transfer ${onTransfer.t.manifestId}, which the lab has not received`,
          fix: 'receive the transfer first: sync the samples (Samples page) or accept it in BioTrack',
        };
      const where = `the lab (license ${this.connection.license})`;
      return {
        answer: 'not_held',
        reason: !onTransfer
          ? `BioTrack holds no lab sample with UID ${uid} for ${where} and no inbound transfer carries it`
          : onTransfer.item.rejected
            ? `the lab rejected UID ${uid} on transfer ${onTransfer.t.manifestId}, so BioTrack holds no lab sample for it`
            : `BioTrack holds no lab sample with UID ${uid} for ${where}, though transfer ${onTransfer.t.manifestId} brought it (deleted or moved since)`,
        fix: 'check the UID against the manifest and the sample in BioTrack; if it is right, the licensee registers the sample in BioTrack and transfers it to the lab',
      };
    });
  }

  async holdsResults(sample: BiotrackSample, payload: SubmissionPayload): Promise<HeldCheck> {
    const plan = this.plan(payload, await this.catalogueIndex(), 'check', 'post');
    return heldBy(plan.body, sample.results, this.mapping.noteField);
  }

  async pullResults(uid: string, account: LicenseeAccount): Promise<LicenseeView | null> {
    // Only a BioTrack account can ask BioTrack.
    if (!('ubi' in account)) return null;
    const auth = this.licenseeAuth(account);
    const page = await this.call(auth, {
      method: 'GET',
      path: '/v1/inventory/lab/test/result',
      params: { inventoryid: uid },
      write: false,
      answer: InventoryListAnswerSchema,
    });
    const item = page.Inventory.find((i) => i.ID === uid);
    if (!item) return null;
    return {
      uid: item.ID,
      qaStatus: item.QAStatus,
      samples: item.LabSample.filter((s) => !s.Deleted).map((s) => {
        const { stateSampleId, ...rest } = this.toStateSample(s);
        return { stateRef: String(stateSampleId), ...rest };
      }),
    };
  }

  async testCatalogue(): Promise<StateTest[]> {
    const answer = await this.call(this.lab, { method: 'GET', path: '/v1/lab/test', write: false, answer: TestListAnswerSchema });
    return answer.Test.map((t) => ({
      id: t.ID,
      name: t.Name,
      panels: t.Panels.map((p) => ({
        name: p.Name,
        unit: p.UOM,
        recordOnly: p.TestValueRecordOnly ?? false,
        total: p.TotalPanel ?? false,
      })),
    }));
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────

  private async writeResults(
    method: 'POST' | 'PUT',
    stateSampleId: number,
    payload: SubmissionPayload,
    key: string,
  ): Promise<WriteReceipt> {
    const plan = this.plan(payload, await this.catalogueIndex(), key, method === 'PUT' ? 'amend' : 'post');
    const answer = await this.call(this.lab, {
      method,
      path: `/v1/lab/sample/${stateSampleId}/result`,
      body: plan.body,
      write: true,
      answer: ResultWriteAnswerSchema,
    });
    return { transactionId: String(answer.TransactionID), skipped: plan.skipped };
  }

  /** Maps and checks the body; anything the mapping cannot express is a permanent failure naming each result. */
  private plan(payload: SubmissionPayload, catalogue: CatalogueIndex, externalId: string, kind: 'post' | 'amend') {
    try {
      const plan = planResultBody(payload, this.mapping, catalogue, { externalId, kind });
      const checked = this.bodySchema.safeParse(plan.body);
      if (!checked.success) {
        throw new StateSystemFailure(
          'permanent',
          `result body does not meet the contract: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          { action: 'amend' },
        );
      }
      return plan;
    } catch (e) {
      if (e instanceof UnmappableResults) throw new StateSystemFailure('permanent', e.message, { action: 'fix_setup' });
      throw e;
    }
  }

  private async catalogueIndex(): Promise<CatalogueIndex> {
    const now = this.now().getTime();
    if (this.catalogue && this.catalogue.until > now) return this.catalogue.index;
    const index = indexCatalogue(await this.testCatalogue());
    this.catalogue = { index, until: now + (this.options.catalogueTtlMs ?? 60 * 60 * 1000) };
    return index;
  }

  private licenseeAuth(account: BiotrackLicenseeAccount): SessionAuth {
    const key = `${account.ubi}\u0000${account.license}\u0000${account.username}`;
    let auth = this.licensees.get(key);
    if (!auth) {
      auth = new SessionAuth(() => this.openSession('/v1/user/login', account));
      this.licensees.set(key, auth);
    }
    return auth;
  }

  private async openSession(
    path: string,
    account: { ubi: string; license: string; username: string; password: string },
  ): Promise<SessionCredentials> {
    const headers = { 'X-Ubi': account.ubi, 'X-License': account.license };
    const body = LoginBodySchema.parse({ Username: account.username, Password: account.password });
    const res = await this.send({ method: 'POST', path, body, write: false, answer: LoginAnswerSchema }, headers);
    if (res.status === 401 || res.status === 403) {
      // Wrong credentials are a configuration problem; rows wait (retryable) until someone fixes it.
      throw new StateSystemFailure('retryable', `login refused: ${this.describeAnswer('POST', path, res)}`, {
        status: res.status,
      });
    }
    const session = this.read({ method: 'POST', path, write: false, answer: LoginAnswerSchema }, res);
    return { headers: { ...headers, 'X-Session-Token': session.Session } };
  }

  /** One call with the session's headers; a 401 logs in again once and repeats the call. */
  private async call<T>(auth: SessionAuth, spec: CallSpec<T>): Promise<T> {
    const first = await auth.token();
    let res = await this.send(spec, first.headers);
    if (res.status === 401) {
      auth.forget(first);
      res = await this.send(spec, (await auth.token()).headers);
    }
    return this.read(spec, res);
  }

  private async send<T>(spec: CallSpec<T>, headers: Record<string, string>): Promise<AxiosResponse<unknown>> {
    try {
      return await this.http.request({ method: spec.method, url: spec.path, params: spec.params, data: spec.body, headers });
    } catch (e) {
      const code = isAxiosError(e) ? e.code : undefined;
      const message = e instanceof Error ? e.message : String(e);
      const { kind } = classifyFailure({ write: spec.write, networkCode: code }, this.now());
      throw new StateSystemFailure(kind, `${spec.method} ${spec.path}: ${code ?? 'network error'}: ${message}`, { code });
    }
  }

  private read<T>(spec: CallSpec<T>, res: AxiosResponse<unknown>): T {
    if (res.status >= 200 && res.status < 300) {
      const parsed = spec.answer.safeParse(res.data);
      if (parsed.success) return parsed.data;
      const { kind } = classifyFailure({ write: spec.write, status: res.status, unreadableAnswer: true }, this.now());
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`).join('; ');
      throw new StateSystemFailure(kind, `${spec.method} ${spec.path}: answer does not meet the contract: ${issues}`, {
        status: res.status,
      });
    }
    const retryAfter = headerText(res.headers['retry-after']);
    const { kind, retryAfterMs } = classifyFailure({ write: spec.write, status: res.status, retryAfter }, this.now());
    const error = ErrorAnswerSchema.safeParse(res.data);
    throw new StateSystemFailure(kind, this.describeAnswer(spec.method, spec.path, res), {
      status: res.status,
      code: error.success && error.data.ErrorCode !== undefined ? String(error.data.ErrorCode) : undefined,
      retryAfterMs,
    });
  }

  private describeAnswer(method: string, path: string, res: AxiosResponse<unknown>): string {
    const error = ErrorAnswerSchema.safeParse(res.data);
    const text =
      error.success && error.data.Error ? error.data.Error : typeof res.data === 'string' ? res.data.slice(0, 200) : '';
    const code = error.success && error.data.ErrorCode !== undefined ? ` (${String(error.data.ErrorCode)})` : '';
    return `${method} ${path}: HTTP ${res.status}${code}${text ? `: ${text}` : ''}`;
  }

  private toInboundTransfer(t: InventoryTransferAnswer): InboundTransfer {
    return {
      id: String(t.ID),
      manifestId: t.ManifestID ?? String(t.ID),
      fromLicense: t.OutboundLicense,
      toLicense: t.InboundLicense,
      received: t.Received,
      rejected: t.IsRejected ?? false,
      items: t.Item.map((item) => {
        const inventoryType = item.Inventory?.InventoryType ?? '';
        const labSample = item.Inventory?.LabSample.find((s) => s.InventoryID === item.InventoryID && !s.Deleted);
        return {
          itemId: String(item.ID),
          uid: item.InventoryID,
          parentUid: item.Inventory?.InventoryParentID?.[0] ?? null,
          inventoryType,
          productType: this.mapping.inventoryTypes[inventoryType] ?? productTypeFromMatrix(inventoryType),
          productName: item.Inventory?.ProductName ?? null,
          received: item.Received ?? t.Received,
          rejected: item.IsRejected ?? false,
          stateRef: labSample ? String(labSample.ID) : null,
        };
      }),
    };
  }

  private toStateSample(s: LabSampleAnswer): BiotrackSample {
    const noteField = this.mapping.noteField;
    return {
      stateSampleId: s.ID,
      uid: s.InventoryID,
      parentUid: s.ParentID ?? null,
      status: s.Result,
      certificateUrl: s.CertOfAnalysisHyperlink ?? null,
      results: s.TestingData.flatMap((d) =>
        d.TestResult.map((r) => {
          const note = (r as Record<string, unknown>)[noteField];
          return {
            testId: d.TestID,
            panel: r.TestPanel,
            value: r.TestValue,
            pass: r.TestPass,
            labProvided: r.LabProvided ?? false,
            note: typeof note === 'string' ? note : null,
            transactionId: String(r.TransactionID ?? s.TransactionID ?? ''),
          };
        }),
      ),
    };
  }
}

interface SessionCredentials {
  headers: Record<string, string>;
}

/**
 * One account's session: opened on first use, shared by concurrent calls (one login in flight at a time), and
 * forgotten when a call answers 401 so the next call logs in again. Forgetting names the session that failed, so a
 * late 401 cannot throw away a newer session another call has just opened.
 */
class SessionAuth {
  private current: { promise: Promise<SessionCredentials>; settled?: SessionCredentials } | null = null;

  constructor(private readonly open: () => Promise<SessionCredentials>) {}

  token(): Promise<SessionCredentials> {
    if (!this.current) {
      const entry: { promise: Promise<SessionCredentials>; settled?: SessionCredentials } = { promise: this.open() };
      this.current = entry;
      entry.promise.then(
        (credentials) => {
          entry.settled = credentials;
        },
        () => {
          if (this.current === entry) this.current = null;
        },
      );
    }
    return this.current.promise;
  }

  forget(failed?: SessionCredentials): void {
    if (this.current && (failed === undefined || this.current.settled === failed)) this.current = null;
  }
}

function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}
