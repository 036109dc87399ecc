/**
 * Metrc NY simulator: the contract in docs/metrc-ny.md (section "Simulator") over real HTTP, in memory, with the
 * shared fault kit. `startMetrcSimulator()` runs it in-process (tests, the service with STATE_SYSTEM=metrc-ny and no
 * credentials); `npm run simulator -- --system metrc-ny` runs it alone.
 *
 * Sim-only routes (no auth, never faulted): POST /sim/users/{key}/revoke and /restore, POST /sim/transfers (a licensee
 * registers testing samples and sends them to the lab on a manifest), POST /sim/transfers/{id}/receive (stands in for
 * Metrc's web UI), POST /sim/packages/{label}/move (a package leaves the lab's license), GET /sim/effects,
 * GET|POST /sim/faults.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { drawAfter, drawBeforeAt, drawLatency, FaultPlanSchema, pick5xxStatus, type FaultPlan } from '../kit/fault-plan';
import { DEFAULT_METRC_BEHAVIOUR, MetrcSimState, SIM_LAB, SIM_VENDOR_KEY, type MetrcSimBehaviour } from './metrc-sim.state';
import type { SimPackage, SimResultRow } from './metrc-sim.types';

export interface MetrcSimulatorOptions {
  port?: number;
  host?: string;
  /** Lab test type names in the catalogue (normally the mapping file's). */
  typeNames?: readonly string[];
  faults?: FaultPlan;
  behaviour?: Partial<MetrcSimBehaviour>;
  random?: () => number;
  now?: () => Date;
  /** Seed a received transfer and a pending one with demo tags. */
  demo?: boolean;
  logger?: (line: string) => void;
}

export interface RunningMetrcSimulator {
  url: string;
  state: MetrcSimState;
  setFaults(plan: FaultPlan): void;
  close(): Promise<void>;
}

const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
const DEMO_TAGS = ['1A4FF0300000029000000101', '1A4FF0300000029000000102', '1A4FF0300000029000000103'];

export async function startMetrcSimulator(options: MetrcSimulatorOptions = {}): Promise<RunningMetrcSimulator> {
  const random = options.random ?? Math.random;
  const state = new MetrcSimState({ ...DEFAULT_METRC_BEHAVIOUR, ...options.behaviour }, options.now ?? (() => new Date()));
  state.seedTypes(options.typeNames ?? []);
  if (options.demo) {
    const received = state.createTransfer(DEMO_TAGS.slice(0, 2));
    state.receive(received.Id);
    state.createTransfer(DEMO_TAGS.slice(2));
  }
  let faults: FaultPlan = FaultPlanSchema.parse(options.faults ?? {});
  const inFlight = new Map<string, number>();
  const perSecond = new Map<string, { second: number; count: number }>();

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '20mb' }));

  // ── sim-only control ──
  app.post('/sim/users/:key/:action', (req, res) => {
    const user = state.users.get(req.params.key);
    if (!user || (req.params.action !== 'revoke' && req.params.action !== 'restore'))
      return void res.status(404).json({ Message: 'no such key or action' });
    user.revoked = req.params.action === 'revoke';
    res.json({ userKey: user.userKey, revoked: user.revoked });
  });
  app.post('/sim/transfers', (req, res) => {
    const parsed = SimTransferBodySchema.safeParse(req.body);
    if (!parsed.success)
      return void res
        .status(400)
        .json({ Message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    const taken = parsed.data.labels.filter((l) => state.packageByLabel(l));
    if (taken.length > 0) return void res.status(409).json({ Message: `package(s) ${taken.join(', ')} already exist` });
    const t = state.createTransfer(parsed.data.labels, { category: parsed.data.category });
    res.status(201).json({ Id: t.Id, DeliveryId: t.DeliveryId, ManifestNumber: t.ManifestNumber, packageIds: t.packageIds });
  });
  app.post('/sim/packages/:label/move', (req, res) => {
    const p = state.packageByLabel(req.params.label);
    const to = (req.body as { toLicense?: unknown } | undefined)?.toLicense;
    if (!p) return void res.status(404).json({ Message: `no package ${req.params.label}` });
    if (typeof to !== 'string' || to === '') return void res.status(400).json({ Message: 'toLicense: expected a license' });
    p.holder = to;
    p.LastModified = state.stamp();
    res.json({ Label: p.Label, holder: p.holder });
  });
  app.post('/sim/transfers/:id/receive', (req, res) => {
    try {
      state.receive(Number(req.params.id));
      res.json({ received: true });
    } catch (e) {
      res.status(404).json({ Message: e instanceof Error ? e.message : String(e) });
    }
  });
  app.get('/sim/effects', (_req, res) => void res.json(state.effectLog));
  app.get('/sim/faults', (_req, res) => void res.json(faults));
  app.post('/sim/faults', (req, res) => {
    const parsed = FaultPlanSchema.safeParse(req.body);
    if (!parsed.success)
      return void res
        .status(400)
        .json({ Message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    faults = parsed.data;
    res.json(faults);
  });

  // ── faults, auth, limits (every Metrc route) ──
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    const entry = { method: req.method, path: req.originalUrl, status: 0, fault: null as string | null };
    state.requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
      options.logger?.(`${req.method} ${req.originalUrl} → ${res.statusCode}${entry.fault ? ` (${entry.fault})` : ''}`);
    });
    const latency = drawLatency(faults, random);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    const { kind: before, at } = drawBeforeAt(faults, random);
    if (before) entry.fault = before;
    if (before === 'maintenance') return void res.status(503).json({ Message: 'Metrc is down for scheduled maintenance' });
    if (before === '5xx') return void res.status(pick5xxStatus(faults, at)).json({ Message: 'An error has occurred.' });
    if (before === 'drop') return void req.socket.destroy();
    if (before === '429') return void tooMany(res, faults.retryAfterSeconds ?? 1);
    const auth = basicAuth(req.headers.authorization);
    const user = auth && state.vendorKeys.has(auth.vendor) ? state.users.get(auth.user) : undefined;
    if (!auth || !user || user.revoked) return void res.status(401).end();
    // The contract's inferred limits: 50/s and 10 in flight per license, 150/s and 30 in flight per vendor key.
    const license = typeof req.query.licenseNumber === 'string' ? req.query.licenseNumber : '';
    for (const [key, perS, concurrent] of [
      [`v:${auth.vendor}`, 150, 30],
      [`l:${license}`, 50, 10],
    ] as const) {
      const second = Math.floor(Date.now() / 1000);
      const bucket = perSecond.get(key);
      const count = bucket && bucket.second === second ? bucket.count + 1 : 1;
      perSecond.set(key, { second, count });
      if (count > perS || (inFlight.get(key) ?? 0) >= concurrent) {
        entry.fault = 'rate-limit';
        return void tooMany(res, 1);
      }
    }
    for (const key of [`v:${auth.vendor}`, `l:${license}`]) inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    res.on('close', () => {
      for (const key of [`v:${auth.vendor}`, `l:${license}`]) inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
    });
    res.locals.licenses = user.licenses;
    next();
  });

  /** The license a request acts for: present, and the key's; else 400/401 as Metrc answers. */
  const actingLicense = (req: Request, res: Response): string | null => {
    const license = req.query.licenseNumber;
    if (typeof license !== 'string' || license === '') {
      res.status(400).json({ Message: 'No licenseNumber was specified.' });
      return null;
    }
    if (!(res.locals.licenses as string[]).includes(license)) {
      res.status(401).end();
      return null;
    }
    return license;
  };
  const labLicense = (req: Request, res: Response): string | null => {
    const license = actingLicense(req, res);
    if (license === null) return null;
    const facility = state.facilities.find((f) => f.License.Number === license);
    if (!facility?.FacilityType.CanTestPackages) {
      res.status(401).end();
      return null;
    }
    return license;
  };
  /** A write's answer, after the fault kit decided whether it is lost (the effect stays either way). */
  const answerWrite = (req: Request, res: Response, status: number, body: unknown) => {
    const after = drawAfter(faults, random);
    const entry = state.requests[state.requests.length - 1];
    if (after && entry) entry.fault = after;
    if (after === 'applied-but-500') return void res.status(500).json({ Message: 'An error has occurred.' });
    if (after === 'timeout-after-apply') {
      const hang = faults.timeoutAfterApplyHangMs ?? 0;
      if (hang > 0) setTimeout(() => req.socket.destroy(), hang).unref();
      else req.socket.destroy();
      return;
    }
    if (body === undefined) return void res.status(status).end();
    res.status(status).json(body);
  };

  app.get('/facilities/v2/', (_req, res) => {
    const licenses = res.locals.licenses as string[];
    res.json(state.facilities.filter((f) => licenses.includes(f.License.Number)));
  });

  app.get('/transfers/v2/incoming', (req, res) => {
    const license = actingLicense(req, res);
    if (license === null) return;
    const window = lastModifiedWindow(req, state);
    const rows = state.transfers
      .filter((t) => t.RecipientLicense === license && window(t.LastModified))
      .map((t) => ({
        Id: t.Id,
        DeliveryId: t.DeliveryId,
        ManifestNumber: t.ManifestNumber,
        ShipperFacilityLicenseNumber: t.ShipperFacilityLicenseNumber,
        ShipperFacilityName: t.ShipperFacilityName,
        PackageCount: t.packageIds.length,
        ReceivedPackageCount: t.ReceivedDateTime ? t.packageIds.length : 0,
        ContainsTestingSample: t.packageIds.some((id) => state.packages.get(id)?.IsTestingSample),
        ReceivedDateTime: t.ReceivedDateTime,
        LastModified: t.LastModified,
      }));
    page(req, res, rows, state.behaviour.maxPageSize);
  });

  app.get('/transfers/v2/deliveries/:deliveryId/packages', (req, res) => {
    const t = state.transfers.find((x) => x.DeliveryId === Number(req.params.deliveryId));
    if (!t || !(res.locals.licenses as string[]).some((l) => l === t.RecipientLicense || l === t.ShipperFacilityLicenseNumber))
      return void res.status(404).end();
    const rows = t.packageIds.flatMap((id) => {
      const p = state.packages.get(id);
      return p
        ? [
            {
              PackageId: p.Id,
              PackageLabel: p.Label,
              ItemName: p.Item.Name,
              ItemCategoryName: p.Item.ProductCategoryName,
              IsTestingSample: p.IsTestingSample,
              LabTestingState: p.LabTestingState,
              ShipmentPackageState: t.ReceivedDateTime ? 'Accepted' : 'Shipped',
              ReceivedQuantity: t.ReceivedDateTime ? 1 : null,
              SourcePackageLabels: p.SourcePackageLabels,
            },
          ]
        : [];
    });
    page(req, res, rows, state.behaviour.maxPageSize);
  });

  app.get('/packages/v2/:label', (req, res) => {
    const license = actingLicense(req, res);
    if (license === null) return;
    const p = state.packageByLabel(req.params.label);
    if (!p) return void res.status(404).end();
    // Not (yet) at this license: Metrc answers 401 for a package the license does not hold.
    if (p.holder !== license) return void res.status(401).end();
    res.json(packageView(p));
  });

  app.get('/labtests/v2/types', (req, res) => page(req, res, state.types, state.behaviour.maxPageSize));

  app.get('/labtests/v2/results', (req, res) => {
    const license = actingLicense(req, res);
    if (license === null) return;
    const packageId = Number(req.query.packageId);
    const p = state.packages.get(packageId);
    if (!p) return void res.status(404).end();
    const isLab = state.facilities.find((f) => f.License.Number === license)?.FacilityType.CanTestPackages;
    if (isLab)
      return page(
        req,
        res,
        state.results.filter((r) => r.PackageId === packageId),
        state.behaviour.maxPageSize,
      );
    // A licensee reads released results of a package it holds (and of samples drawn from it [assumed]).
    if (p.holder !== license) return void res.status(401).end();
    const drawn = (id: number) =>
      state.behaviour.resultsOnSourcePackage &&
      (state.packages.get(id)?.SourcePackageLabels ?? '')
        .split(',')
        .map((l) => l.trim())
        .includes(p.Label);
    const rows = state.results.filter((r) => r.ResultReleased && (r.PackageId === packageId || drawn(r.PackageId)));
    page(req, res, rows, state.behaviour.maxPageSize);
  });

  app.post('/labtests/v2/record', (req, res) => {
    const license = labLicense(req, res);
    if (license === null) return;
    const parsed = RecordBodySchema.safeParse(req.body);
    if (!parsed.success)
      return void res
        .status(400)
        .json([{ row: 0, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }]);
    const errors: Array<{ row: number; message: string }> = [];
    parsed.data.forEach((rec, row) => {
      const p = state.packageByLabel(rec.Label);
      if (!p) return void errors.push({ row, message: `Package ${rec.Label} was not found.` });
      if (p.holder !== license) return void errors.push({ row, message: `Package ${rec.Label} is not active at ${license}.` });
      if (state.behaviour.lockAfterRelease && state.results.some((r) => r.PackageId === p.Id && r.ResultReleased)) {
        errors.push({ row, message: `Results of ${rec.Label} were released and can no longer change.` });
      }
      for (const r of rec.Results) {
        const type = state.types.find((t) => t.Name === r.LabTestTypeName);
        if (!type) errors.push({ row, message: `Lab Test Type "${r.LabTestTypeName}" is not valid.` });
        else if (
          state.behaviour.enforceLimits &&
          r.Passed &&
          type.LabTestResultMaximum !== null &&
          r.Quantity > type.LabTestResultMaximum
        ) {
          errors.push({ row, message: `${r.LabTestTypeName}: ${r.Quantity} is above the maximum and cannot pass.` });
        }
        if (
          state.behaviour.duplicatePolicy === 'reject' &&
          state.results.some((x) => x.PackageId === p.Id && x.TestTypeName === r.LabTestTypeName)
        ) {
          errors.push({ row, message: `${rec.Label} already has a result for ${r.LabTestTypeName}.` });
        }
      }
      const doc = documentError(rec.DocumentFileName, rec.DocumentFileBase64);
      if (doc) errors.push({ row, message: doc });
    });
    if (errors.length > 0) return void res.status(400).json(errors);
    const ids: number[] = [];
    for (const rec of parsed.data) {
      const p = state.packageByLabel(rec.Label) as SimPackage;
      const docId = rec.DocumentFileBase64 ? storeDocument(rec.DocumentFileName ?? 'coa.pdf', rec.DocumentFileBase64) : null;
      const stamp = state.stamp();
      for (const r of rec.Results) {
        const row: SimResultRow = {
          PackageId: p.Id,
          LabTestResultId: state.id(),
          LabFacilityLicenseNumber: license,
          SourcePackageLabel: p.Label,
          TestPerformedDate: rec.ResultDate,
          OverallPassed: false,
          TestTypeName: r.LabTestTypeName,
          TestPassed: r.Passed,
          TestResultLevel: r.Quantity,
          TestComment: r.Notes,
          ResultReleased: false,
          ResultReleaseDateTime: null,
          LabTestResultDocumentFileId: docId,
          RevokedDate: null,
          LabTestDetailRevokedDate: null,
        };
        state.results.push(row);
        ids.push(row.LabTestResultId);
      }
      p.LabTestingState = 'TestingInProgress';
      p.LabTestingRecordedDate = stamp;
      p.LastModified = stamp;
      state.effectLog.push({ kind: 'record', label: p.Label, at: stamp, rows: rec.Results.length });
    }
    answerWrite(req, res, 200, { Ids: ids, Warnings: null });
  });

  app.put('/labtests/v2/labtestdocument', (req, res) => {
    const license = labLicense(req, res);
    if (license === null) return;
    const parsed = DocumentBodySchema.safeParse(req.body);
    if (!parsed.success)
      return void res
        .status(400)
        .json([{ row: 0, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }]);
    const errors: Array<{ row: number; message: string }> = [];
    parsed.data.forEach((d, row) => {
      const r = state.results.find((x) => x.LabTestResultId === d.LabTestResultId && x.LabFacilityLicenseNumber === license);
      if (!r) errors.push({ row, message: `Lab test result ${d.LabTestResultId} was not found.` });
      else if (state.behaviour.lockAfterRelease && r.ResultReleased)
        errors.push({ row, message: `Lab test result ${d.LabTestResultId} was released.` });
      const doc = documentError(d.DocumentFileName, d.DocumentFileBase64);
      if (doc) errors.push({ row, message: doc });
    });
    if (errors.length > 0) return void res.status(400).json(errors);
    for (const d of parsed.data) {
      const r = state.results.find((x) => x.LabTestResultId === d.LabTestResultId) as SimResultRow;
      r.LabTestResultDocumentFileId = storeDocument(d.DocumentFileName, d.DocumentFileBase64);
      state.effectLog.push({ kind: 'document', label: r.SourcePackageLabel, at: state.stamp(), rows: 1 });
    }
    answerWrite(req, res, 200, undefined);
  });

  app.put('/labtests/v2/results/release', (req, res) => {
    const license = labLicense(req, res);
    if (license === null) return;
    const parsed = z
      .array(z.strictObject({ PackageLabel: z.string().min(1) }))
      .min(1)
      .safeParse(req.body);
    if (!parsed.success)
      return void res
        .status(400)
        .json([{ row: 0, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }]);
    const errors: Array<{ row: number; message: string }> = [];
    parsed.data.forEach((d, row) => {
      const p = state.packageByLabel(d.PackageLabel);
      if (!p || p.holder !== license) errors.push({ row, message: `Package ${d.PackageLabel} was not found at ${license}.` });
      else if (!state.results.some((r) => r.PackageId === p.Id))
        errors.push({ row, message: `Package ${d.PackageLabel} has no results to release.` });
    });
    if (errors.length > 0) return void res.status(400).json(errors);
    for (const d of parsed.data) {
      const p = state.packageByLabel(d.PackageLabel) as SimPackage;
      const rows = state.results.filter((r) => r.PackageId === p.Id);
      // PUT: releasing what is released changes nothing and is not a second effect.
      if (rows.every((r) => r.ResultReleased)) continue;
      const stamp = state.stamp();
      const passed = rows
        .filter((r) => !state.types.find((t) => t.Name === r.TestTypeName)?.InformationalOnly)
        .every((r) => r.TestPassed);
      for (const r of rows) {
        r.ResultReleased = true;
        r.ResultReleaseDateTime = stamp;
        r.OverallPassed = passed;
      }
      // The sample and the packages it was drawn from take the outcome [inferred].
      for (const label of [p.Label, ...(p.SourcePackageLabels ?? '').split(',').map((l) => l.trim())]) {
        const pkg = label ? state.packageByLabel(label) : undefined;
        if (!pkg) continue;
        pkg.LabTestingState = passed ? 'TestPassed' : 'TestFailed';
        pkg.LastModified = stamp;
      }
      state.effectLog.push({ kind: 'release', label: p.Label, at: stamp, rows: rows.length });
    }
    answerWrite(req, res, 200, undefined);
  });

  app.use((_req, res) => void res.status(404).end());

  function storeDocument(name: string, base64: string): number {
    const id = state.id();
    state.documents.set(id, { name, bytes: Buffer.from(base64, 'base64') });
    return id;
  }

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    state,
    setFaults: (plan) => {
      faults = FaultPlanSchema.parse(plan);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const RecordBodySchema = z
  .array(
    z.strictObject({
      Label: z.string().min(1),
      ResultDate: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'expected YYYY-MM-DDThh:mm:ssZ'),
      DocumentFileName: z.string().min(1).nullable(),
      DocumentFileBase64: z.string().min(1).nullable(),
      Results: z
        .array(
          z.strictObject({ LabTestTypeName: z.string().min(1), Quantity: z.number(), Passed: z.boolean(), Notes: z.string() }),
        )
        .min(1),
    }),
  )
  .min(1)
  .max(10, 'at most 10 objects per request');

const SimTransferBodySchema = z.strictObject({
  labels: z.array(z.string().min(1)).min(1).max(200),
  category: z.string().min(1).optional(),
});

const DocumentBodySchema = z
  .array(
    z.strictObject({
      LabTestResultId: z.number().int(),
      DocumentFileName: z.string().min(1),
      DocumentFileBase64: z.string().min(1),
    }),
  )
  .min(1)
  .max(10);

function documentError(name: string | null | undefined, base64: string | null | undefined): string | null {
  if (!base64) return null;
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_DOCUMENT_BYTES) return `Document ${name ?? ''} is larger than 5 MB.`;
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return `Document ${name ?? ''} is not a PDF.`;
  return null;
}

function basicAuth(header: string | undefined): { vendor: string; user: string } | null {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!m?.[1]) return null;
  const [vendor, ...rest] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
  return vendor && rest.length > 0 ? { vendor, user: rest.join(':') } : null;
}

function tooMany(res: Response, seconds: number): void {
  res.setHeader('Retry-After', String(seconds));
  res.status(429).json({ Message: 'Call limit exceeded.' });
}

/** Lists filter on LastModified; without a window Metrc NY answers only the last 24 hours [assumed]. */
function lastModifiedWindow(req: Request, state: MetrcSimState): (stamp: string) => boolean {
  const start = typeof req.query.lastModifiedStart === 'string' ? Date.parse(req.query.lastModifiedStart) : NaN;
  const end = typeof req.query.lastModifiedEnd === 'string' ? Date.parse(req.query.lastModifiedEnd) : NaN;
  const now = Date.parse(state.stamp());
  const from = Number.isNaN(start) ? now - 24 * 3600_000 : start;
  const to = Number.isNaN(end) ? now + 1000 : end;
  return (stamp) => {
    const t = Date.parse(stamp);
    return t >= from && t <= to;
  };
}

function page<T>(req: Request, res: Response, rows: T[], max: number): void {
  const size = req.query.pageSize === undefined ? max : Number(req.query.pageSize);
  const number = req.query.pageNumber === undefined ? 1 : Number(req.query.pageNumber);
  if (!Number.isInteger(size) || size < 1 || size > max)
    return void res.status(400).json({ Message: `pageSize must be from 1 to ${max}.` });
  if (!Number.isInteger(number) || number < 1) return void res.status(400).json({ Message: 'pageNumber must be 1 or more.' });
  const data = rows.slice((number - 1) * size, number * size);
  const pages = Math.max(1, Math.ceil(rows.length / size));
  res.json({
    Data: data,
    Total: rows.length,
    TotalRecords: rows.length,
    PageSize: size,
    RecordsOnPage: data.length,
    Page: number,
    CurrentPage: number,
    TotalPages: pages,
  });
}

function packageView(p: SimPackage) {
  const { holder: _holder, ...view } = p;
  return view;
}

export { SIM_LAB, SIM_VENDOR_KEY };
