import axios, { type AxiosInstance, type AxiosResponse, isAxiosError } from 'axios';
import type { z } from 'zod';
import type { MetrcAdapterConfig, MetrcCredentials } from '../../config/app-config';
import { classifyFailure, CREDENTIALS_REVOKED } from '../failure-classification';
import {
  StateSystemFailure,
  type InboundTransfer,
  type LicenseeAccount,
  type LicenseeView,
  type ReportingProtocol,
  type SampleHolding,
  type SampleRef,
  type StateSystem,
} from '../state-system.port';
import { askHolding } from '../sample-holding';
import type { MetrcMapping } from './mapping.schemas';
import { mappedTypeNames } from './mapping.loader';
import { planRecord, UnmappableForMetrc } from './record-body';
import { missingUid, problemsFromLines, type SendabilityProblem } from '../../outbox/sendability';
import { payloadStateRef, type SubmissionPayload } from '../../outbox/submission-payload';
import {
  DeliveryPackageSchema,
  ErrorBodySchema,
  FacilitiesSchema,
  IncomingTransferSchema,
  LabTestTypeSchema,
  PackageSchema,
  pageOf,
  RecordAnswerSchema,
  ResultRowSchema,
  type IncomingTransfer,
  type ResultRow,
} from './metrc.schemas';
import { MetrcReporting } from './metrc-ny.reporting';
import { gateFor, type RateGate } from './rate-gate';

interface CallSpec<T> {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  params?: Record<string, string | number>;
  body?: unknown;
  write: boolean;
  answer: z.ZodType<T> | null;
  /** Another user key than the lab's (a licensee's own, for its pull). */
  userKey?: string;
}

/** What the start-up check against GET /labtests/v2/types found. */
export interface TypeCheck {
  checkedAt: string | null;
  /** Names the mapping can produce that Metrc does not have. */
  unknownNames: string[];
  /** Types Metrc marks RequiresTestResult that no mapping row fills. */
  unfilledRequired: string[];
  error?: string;
}

/**
 * Metrc NY (REST v2) per docs/metrc-ny.md: HTTP Basic with the vendor and user keys on every request, no session;
 * every request through the vendor key's rate gate; every answer checked with zod; every failure a
 * StateSystemFailure that says whether trying again is safe. A 401 is probed once against /facilities/v2/: still 401
 * means the key was revoked (the queue pauses, visibly, without using attempts); 200 means not permitted.
 */
const REFUSED_FIX =
  'correct the value (report a number where one was measured), or enter this result in Metrc by hand and drop it here; a mapping gap is fixed in templates/state-system/metrc-ny-mapping.json';
const DROPPED_FIX = 'check that leaving it out is intended (qualifiers in the Metrc mapping)';

export class MetrcNyAdapter implements StateSystem {
  readonly kind = 'metrc-ny' as const;
  readonly endpoint: string;
  readonly description: string;
  readonly receiveTransfer = null;
  readonly reporting: ReportingProtocol;
  readonly typeCheck: TypeCheck = { checkedAt: null, unknownNames: [], unfilledRequired: [] };
  /** Set while the key is refused; cleared by the next call that succeeds. */
  private revokedSince: string | null = null;
  private knownTypes: Set<string> | null = null;
  private typeRead: Promise<TypeCheck> | null = null;
  private readonly http: AxiosInstance;
  private readonly gate: RateGate;

  constructor(
    private readonly credentials: MetrcCredentials,
    readonly mapping: MetrcMapping,
    readonly settings: MetrcAdapterConfig,
    endpoint: string,
  ) {
    this.endpoint = endpoint;
    this.description = `Metrc NY at ${credentials.baseUrl} (license ${credentials.license})`;
    this.gate = gateFor(credentials.vendorKey, settings.ratePerSecond, settings.maxInFlight);
    this.http = axios.create({
      baseURL: credentials.baseUrl.replace(/\/+$/, ''),
      timeout: settings.timeoutMs,
      validateStatus: () => true,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      auth: { username: credentials.vendorKey, password: credentials.userKey },
      maxRedirects: 0,
      maxBodyLength: 20 * 1024 * 1024,
    });
    this.reporting = new MetrcReporting(this);
  }

  get license(): string {
    return this.credentials.license;
  }

  /** A person must act: the key was refused. */
  alert(): string | null {
    return this.revokedSince
      ? `Metrc refuses the lab's API key since ${this.revokedSince}: the queue is paused. Generate a new user key in Metrc (Profile > API Keys) and set METRC_USER_KEY.`
      : null;
  }

  healthDetails(): Record<string, unknown> {
    const { unknownNames, unfilledRequired, checkedAt, error } = this.typeCheck;
    return {
      license: this.credentials.license,
      release: this.settings.release,
      mapping: {
        checkedAt,
        unknownTypeNames: unknownNames,
        requiredTypesNotFilled: unfilledRequired,
        ...(error ? { error } : {}),
      },
    };
  }

  /** The facilities probe: the license is one of the key's facilities and can test packages. */
  async login(): Promise<void> {
    const facilities = await this.call({ method: 'GET', path: '/facilities/v2/', write: false, answer: FacilitiesSchema });
    const lab = facilities.find((f) => f.License.Number === this.credentials.license);
    if (!lab) {
      throw new StateSystemFailure(
        'permanent',
        `Metrc: license ${this.credentials.license} is not among this key's facilities (${facilities.map((f) => f.License.Number).join(', ') || 'none'}); check METRC_LICENSE`,
        { action: 'fix_setup' },
      );
    }
    if (!lab.FacilityType.CanTestPackages) {
      throw new StateSystemFailure(
        'permanent',
        `Metrc: facility ${lab.Name} (${this.credentials.license}) cannot test packages (CanTestPackages is false)`,
        { action: 'contact_regulator' },
      );
    }
  }

  probe(): Promise<void> {
    return this.login();
  }

  /**
   * Checks the mapping against Metrc's catalogue: names it does not know and required types nothing fills. Kept
   * for /health; submissions needing an unknown name stop with the reason.
   */
  async checkTypes(): Promise<TypeCheck> {
    try {
      const types = await this.list('/labtests/v2/types', {}, LabTestTypeSchema);
      this.knownTypes = new Set(types.map((t) => t.Name));
      const mapped = mappedTypeNames(this.mapping);
      const mappedSet = new Set(mapped);
      Object.assign(this.typeCheck, {
        checkedAt: new Date().toISOString(),
        unknownNames: mapped.filter((n) => !this.knownTypes?.has(n)),
        unfilledRequired: types.filter((t) => t.RequiresTestResult && !mappedSet.has(t.Name)).map((t) => t.Name),
        error: undefined,
      });
    } catch (e) {
      this.typeCheck.error = e instanceof Error ? e.message : String(e);
    }
    return this.typeCheck;
  }

  checkSendable(payload: SubmissionPayload): SendabilityProblem[] {
    const problems = missingUid({
      labSampleId: payload.sample.labSampleId,
      uid: payload.sample.uid,
      stateRef: payloadStateRef(payload),
    });
    const analytes = payload.results.map((r) => r.analyte);
    try {
      // Metrc's type names as last read, if they were: a check never calls Metrc.
      const plan = planRecord(payload, this.mapping, this.knownTypes);
      const dropped = plan.omitted.filter((o) => o.reason !== 'not tested').map((o) => `${o.analyte}: ${o.reason}`);
      return [...problems, ...problemsFromLines(dropped, analytes, 'dropped', DROPPED_FIX)];
    } catch (e) {
      // Anything else the planner throws would stop the submission just the same: a refusal, never a broken page.
      const lines = e instanceof UnmappableForMetrc ? e.reasons : [e instanceof Error ? e.message : String(e)];
      return [...problems, ...problemsFromLines(lines, analytes, 'refused', REFUSED_FIX)];
    }
  }

  /**
   * Does Metrc show the sample package at the lab? GET /packages/v2/{label} with the lab's license (#5, read-only):
   * 200 → held and received; 404 → Metrc knows no such tag [known]; 401 while the key works (the facilities probe
   * answers) → the package is not active at the lab: not yet received, or never sent to it [inferred: "401 → sample
   * not (yet) at the lab"]. Metrc offers no read that tells these two apart cheaply, so the fix names both.
   */
  sampleHolding(sample: SampleRef): Promise<SampleHolding> {
    return askHolding('Metrc', async () => {
      const label = sample.uid;
      if (label === null)
        return { answer: 'unchecked', reason: `sample ${sample.labSampleId} has no Metrc tag to ask Metrc about` };
      try {
        const p = await this.call({
          method: 'GET',
          path: `/packages/v2/${encodeURIComponent(label)}`,
          params: { licenseNumber: this.credentials.license },
          write: false,
          answer: PackageSchema,
        });
        if (p.Label !== label) return { answer: 'unchecked', reason: `Metrc answered for package ${p.Label}, not ${label}` };
        return { answer: 'held' };
      } catch (e) {
        if (!(e instanceof StateSystemFailure)) throw e;
        if (e.details.status === 404)
          return {
            answer: 'not_held',
            reason: `Metrc has no package with tag ${label}`,
            fix: 'check the tag against the manifest; if it is right, the licensee registers the sample package in Metrc and sends it to the lab on a transfer',
          };
        if (e.details.code === 'not_permitted')
          return {
            answer: 'not_received',
            reason: `Metrc does not show package ${label} at the lab (license ${this.credentials.license}): its transfer has not been received, or it was never sent to the lab`,
            fix: 'accept the transfer in Metrc (Transfers > Incoming: receive the manifest) first; if no manifest holds it, the licensee registers the sample in Metrc and sends it',
          };
        throw e;
      }
    });
  }

  /** Metrc's type names once checked (null before: the submission then checks them itself). */
  async typeNames(): Promise<ReadonlySet<string>> {
    if (!this.knownTypes) {
      // Senders that find the catalogue missing at once share one read of it.
      this.typeRead ??= this.checkTypes().finally(() => {
        this.typeRead = null;
      });
      await this.typeRead;
    }
    if (!this.knownTypes)
      throw new StateSystemFailure(
        'retryable',
        `Metrc's lab test types could not be read: ${this.typeCheck.error ?? 'unknown error'}`,
      );
    return this.knownTypes;
  }

  /**
   * Incoming manifests with testing samples, over the last METRC_SYNC_DAYS in METRC_WINDOW_HOURS windows (Metrc NY
   * answers partial lists without one), and their testing packages. Receiving happens in Metrc's web UI only.
   */
  async inboundTransfers(): Promise<InboundTransfer[]> {
    const { syncDays, windowHours, windowOverlapMinutes } = this.settings;
    const end = Date.now();
    const byId = new Map<number, IncomingTransfer>();
    for (let to = end; to > end - syncDays * 86_400_000; to -= windowHours * 3_600_000) {
      const from = to - windowHours * 3_600_000 - windowOverlapMinutes * 60_000;
      const rows = await this.list(
        '/transfers/v2/incoming',
        { licenseNumber: this.credentials.license, lastModifiedStart: metrcDate(from), lastModifiedEnd: metrcDate(to + 1000) },
        IncomingTransferSchema,
      );
      for (const t of rows) byId.set(t.Id, t);
    }
    const transfers: InboundTransfer[] = [];
    for (const t of byId.values()) {
      if (!t.ContainsTestingSample) continue;
      const packages = await this.list(`/transfers/v2/deliveries/${t.DeliveryId}/packages`, {}, DeliveryPackageSchema);
      const received = t.ReceivedDateTime !== null;
      transfers.push({
        id: String(t.Id),
        manifestId: t.ManifestNumber,
        fromLicense: t.ShipperFacilityLicenseNumber,
        toLicense: this.credentials.license,
        received,
        rejected: false,
        items: packages
          .filter((p) => p.IsTestingSample)
          .map((p) => {
            const accepted = p.ShipmentPackageState === 'Accepted';
            const category = p.ItemCategoryName ?? '';
            return {
              itemId: String(p.PackageId),
              uid: p.PackageLabel,
              parentUid: p.SourcePackageLabels?.split(',')[0]?.trim() || null,
              inventoryType: category,
              productType: this.mapping.itemCategories[category] ?? null,
              productName: p.ItemName ?? null,
              received: accepted,
              rejected: p.ShipmentPackageState === 'Rejected' || p.ShipmentPackageState === 'Returned',
              // The package Id only counts once the sample is at the lab: until then it cannot be reported.
              stateRef: accepted ? String(p.PackageId) : null,
            };
          }),
      });
    }
    return transfers;
  }

  /**
   * What a licensee sees in Metrc for a tag it holds, asked with its own user key and license (METRC_LICENSEE_KEYS_FILE):
   * the package (#5) and its released lab results (#11), grouped by the tested sample. Null when Metrc does not show the
   * package at that license (404 or 401 [known]) or the licensee's key is refused. That #11 answers a licensee for its
   * own package, and shows there the results of samples drawn from it, is [assumed] (Metrc documents #11 without
   * saying whose keys may call it); a sample's certificate is not linked (Metrc's document needs the keys).
   */
  async pullResults(uid: string, account: LicenseeAccount): Promise<LicenseeView | null> {
    if (!('userKey' in account)) return null;
    const as = { userKey: account.userKey };
    const pkg = await this.licenseeRead(
      { method: 'GET', path: `/packages/v2/${encodeURIComponent(uid)}`, params: { licenseNumber: account.license }, ...as },
      PackageSchema,
    );
    if (!pkg) return null;
    const rows: ResultRow[] = [];
    for (let pageNumber = 1; pageNumber <= 50; pageNumber += 1) {
      const page = await this.licenseeRead(
        {
          method: 'GET',
          path: '/labtests/v2/results',
          params: { packageId: pkg.Id, licenseNumber: account.license, pageNumber, pageSize: this.settings.pageSize },
          ...as,
        },
        pageOf(ResultRowSchema),
      );
      if (!page) break;
      rows.push(...page.Data);
      if (page.Data.length < this.settings.pageSize || (page.TotalPages !== undefined && pageNumber >= page.TotalPages)) break;
    }
    const bySample = new Map<string, ResultRow[]>();
    for (const r of rows) {
      if (!r.ResultReleased || r.RevokedDate || r.LabTestDetailRevokedDate) continue;
      const tag = r.SourcePackageLabel ?? pkg.Label;
      bySample.set(tag, [...(bySample.get(tag) ?? []), r]);
    }
    return {
      uid: pkg.Label,
      qaStatus: pkg.LabTestingState ?? 'unknown',
      samples: [...bySample].map(([tag, held]) => ({
        stateRef: String(held[0]?.PackageId ?? pkg.Id),
        uid: tag,
        parentUid: tag === pkg.Label ? null : pkg.Label,
        status: held.every((r) => r.OverallPassed ?? r.TestPassed) ? 'TestPassed' : 'TestFailed',
        certificateUrl: null,
        results: held.map((r) => ({
          testId: r.LabTestResultId,
          panel: r.TestTypeName,
          value: r.TestResultLevel,
          pass: r.TestPassed,
          labProvided: true,
          note: r.TestComment ? r.TestComment : null,
          transactionId: String(r.LabTestResultId),
        })),
      })),
    };
  }

  /** A read with a licensee's key: its answer, or null when Metrc does not show it to that licensee (401, 404). */
  private async licenseeRead<T>(spec: Omit<CallSpec<T>, 'write' | 'answer'>, answer: z.ZodType<T>): Promise<T | null> {
    const res = await this.send({ ...spec, write: false, answer });
    if (res.status === 401 || res.status === 404) return null;
    if (res.status < 200 || res.status >= 300)
      throw new StateSystemFailure(
        'retryable',
        `${spec.method} ${spec.path} (licensee key): HTTP ${res.status}${describeError(res.data)}`,
        {
          status: res.status,
        },
      );
    const parsed = answer.safeParse(res.data);
    if (!parsed.success)
      throw new StateSystemFailure(
        'permanent',
        `${spec.method} ${spec.path} (licensee key): answer does not meet the contract: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`).join('; ')}`,
      );
    return parsed.data;
  }

  // ── calls the reporting protocol makes ─────────────────────────────────────────────────────────────

  /** Tag → package at the lab; null when Metrc does not show it at the lab (not received yet, or unknown). */
  async packageAtLab(label: string): Promise<{ id: number } | null> {
    try {
      const p = await this.call({
        method: 'GET',
        path: `/packages/v2/${encodeURIComponent(label)}`,
        params: { licenseNumber: this.credentials.license },
        write: false,
        answer: PackageSchema,
      });
      return { id: p.Id };
    } catch (e) {
      if (e instanceof StateSystemFailure && (e.details.status === 404 || e.details.code === 'not_permitted')) return null;
      throw e;
    }
  }

  results(packageId: number): Promise<ResultRow[]> {
    return this.list('/labtests/v2/results', { packageId, licenseNumber: this.credentials.license }, ResultRowSchema);
  }

  async record(body: unknown[]): Promise<number[]> {
    const answer = await this.call({
      method: 'POST',
      path: '/labtests/v2/record',
      params: { licenseNumber: this.credentials.license },
      body,
      write: true,
      answer: RecordAnswerSchema,
    });
    return answer.Ids ?? [];
  }

  async attachDocument(body: unknown[]): Promise<void> {
    await this.call({
      method: 'PUT',
      path: '/labtests/v2/labtestdocument',
      params: { licenseNumber: this.credentials.license },
      body,
      write: true,
      answer: null,
    });
  }

  async release(labels: string[]): Promise<void> {
    await this.call({
      method: 'PUT',
      path: '/labtests/v2/results/release',
      params: { licenseNumber: this.credentials.license },
      body: labels.map((PackageLabel) => ({ PackageLabel })),
      write: true,
      answer: null,
    });
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────

  /** Every page of a list (pageSize ≤ 20). */
  private async list<T>(path: string, params: Record<string, string | number>, row: z.ZodType<T>): Promise<T[]> {
    const all: T[] = [];
    const schema = pageOf(row);
    for (let pageNumber = 1; pageNumber <= 500; pageNumber += 1) {
      const page = (await this.call({
        method: 'GET',
        path,
        params: { ...params, pageNumber, pageSize: this.settings.pageSize },
        write: false,
        answer: schema,
      })) as { Data: T[]; TotalPages?: number };
      all.push(...page.Data);
      if (page.Data.length < this.settings.pageSize || (page.TotalPages !== undefined && pageNumber >= page.TotalPages)) break;
    }
    return all;
  }

  /**
   * One call to Metrc. A read that failed transiently is asked again (`readRetries`, short pauses) before it fails
   * the step: GETs change nothing [known]. A write is never repeated here; the protocol decides (read back first).
   */
  private async call<T>(spec: CallSpec<T>): Promise<T> {
    for (let retry = 0; ; retry += 1) {
      try {
        return await this.callOnce(spec);
      } catch (e) {
        const transient =
          e instanceof StateSystemFailure &&
          e.kind === 'retryable' &&
          e.details.status !== 429 &&
          e.details.status !== 401 &&
          e.details.code !== CREDENTIALS_REVOKED;
        if (spec.write || !transient || retry >= this.settings.readRetries) throw e;
        await sleep(25 * 2 ** retry);
      }
    }
  }

  private async callOnce<T>(spec: CallSpec<T>, afterProbe = false): Promise<T> {
    const res = await this.send(spec);
    if (res.status === 401) {
      // One probe tells a revoked key from a missing permission or a package not at the license.
      const probe =
        spec.path === '/facilities/v2/'
          ? res
          : await this.send({ method: 'GET', path: '/facilities/v2/', write: false, answer: null });
      if (probe.status === 401) {
        this.revokedSince ??= new Date().toISOString();
        throw new StateSystemFailure(
          'retryable',
          `Metrc refuses the API key (401 on ${spec.method} ${spec.path} and on the facilities probe)`,
          { status: 401, code: CREDENTIALS_REVOKED },
        );
      }
      if (probe.status < 200 || probe.status >= 300) {
        // The probe did not answer: we cannot tell a revoked key from a refusal, so nothing is concluded.
        throw new StateSystemFailure(
          'retryable',
          `${spec.method} ${spec.path}: HTTP 401, and the facilities probe answered HTTP ${probe.status}`,
          { status: probe.status },
        );
      }
      this.revokedSince = null;
      // The key works: a 401 that repeats is a refusal of this call. Asked once more, since a key restored between
      // the call and the probe would otherwise kill a submission that only met the revocation (a 401 applies nothing).
      if (!afterProbe) return this.callOnce(spec, true);
      throw new StateSystemFailure(
        'permanent',
        `${spec.method} ${spec.path}: HTTP 401: not permitted for license ${this.credentials.license}`,
        { status: 401, code: 'not_permitted', action: 'contact_regulator' },
      );
    }
    if (res.status >= 200 && res.status < 300) {
      this.revokedSince = null;
      if (!spec.answer) return undefined as T;
      const parsed = spec.answer.safeParse(res.data);
      if (parsed.success) return parsed.data;
      const { kind } = classifyFailure({ write: spec.write, status: res.status, unreadableAnswer: true }, new Date());
      throw new StateSystemFailure(
        kind,
        `${spec.method} ${spec.path}: answer does not meet the contract: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`).join('; ')}`,
        { status: res.status },
      );
    }
    const retryAfter = typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : undefined;
    const { kind, retryAfterMs } = classifyFailure({ write: spec.write, status: res.status, retryAfter }, new Date());
    if (res.status === 429) this.gate.holdFor(retryAfterMs ?? 1000);
    throw new StateSystemFailure(kind, `${spec.method} ${spec.path}: HTTP ${res.status}${describeError(res.data)}`, {
      status: res.status,
      retryAfterMs,
    });
  }

  private async send<T>(spec: CallSpec<T>): Promise<AxiosResponse<unknown>> {
    try {
      return await this.gate.run(() =>
        this.http.request({
          method: spec.method,
          url: spec.path,
          params: spec.params,
          data: spec.body,
          ...(spec.userKey ? { auth: { username: this.credentials.vendorKey, password: spec.userKey } } : {}),
        }),
      );
    } catch (e) {
      const code = isAxiosError(e) ? e.code : undefined;
      const { kind } = classifyFailure({ write: spec.write, networkCode: code }, new Date());
      throw new StateSystemFailure(
        kind,
        `${spec.method} ${spec.path}: ${code ?? 'network error'}: ${e instanceof Error ? e.message : String(e)}`,
        { code },
      );
    }
  }
}

function describeError(data: unknown): string {
  const parsed = ErrorBodySchema.safeParse(data);
  if (!parsed.success) return '';
  return Array.isArray(parsed.data)
    ? `: ${parsed.data.map((e) => (e.row !== undefined ? `row ${e.row}: ${e.message}` : e.message)).join('; ')}`
    : `: ${parsed.data.Message}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Dates sent as YYYY-MM-DDThh:mm:ssZ [known]. */
export function metrcDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
