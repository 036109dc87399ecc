import type {
  Inventory,
  InventoryItem,
  InventoryTransfer,
  InventoryTransferRecord,
  LabSample,
  ReceiveAnswer,
  ResultWriteAnswer,
  TestingData,
} from './biotrack.types';
import { Conflict, InvalidRequest, NotFound } from './simulator-error';
import type { InventorySeed, SeedData, SimulatorAccount, TransferSeed } from './simulator-options.schemas';
import type { SimulatorSettings } from './simulator-settings';
import type { TestCatalogue } from './test-catalogue';

export type EffectKind = 'receive-transfer' | 'post-result' | 'amend-result';

/** One applied write. Replays of an ExternalID and refused requests never add one. */
export interface EffectRecord {
  seq: number;
  kind: EffectKind;
  license: string;
  labSampleId: number | null;
  /** The sample's UID for result writes. */
  inventoryId: string | null;
  transferId: number | null;
  externalId: string | null;
  transactionId: number;
  at: string;
}

export interface AmendmentRecord {
  labSampleId: number;
  inventoryId: string;
  transactionId: number;
  externalId: string | null;
  reason: string | null;
  at: string;
  /** The sample's TestingData for the amended TestIDs before and after the amendment. */
  before: TestingData[];
  after: TestingData[];
}

export interface SessionRecord {
  token: string;
  account: SimulatorAccount;
  issuedAtMs: number;
  expiresAtMs: number;
}

export type FaultKind = 'drop' | '429' | '5xx' | 'session-expired' | 'applied-but-500';

export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  /** null when the connection was dropped without an answer. */
  status: number | null;
  fault: FaultKind | null;
  durationMs: number;
}

/** The first successful answer to a write carrying an ExternalID, replayed for repeats of that key. */
export interface StoredAnswer {
  method: string;
  target: string;
  answer: { kind: 'result-write'; body: ResultWriteAnswer } | { kind: 'receive'; body: ReceiveAnswer };
}

export interface SimulatorSnapshot {
  transactionId: number;
  sessions: { username: string; license: string; kind: SimulatorAccount['kind']; expiresAt: string }[];
  inventory: Inventory[];
  transfers: InventoryTransfer[];
  labSamples: LabSample[];
  effects: EffectRecord[];
  amendments: AmendmentRecord[];
  requestCount: number;
}

/** Read access to the simulator's state, for tests and the control endpoints. Every answer is a copy. */
export interface SimulatorState {
  /** Effects, optionally of one kind and/or one sample (LabSample.ID or the sample's UID). */
  effects(filter?: { kind?: EffectKind; sample?: string | number }): EffectRecord[];
  effectCount(sample: string | number, kind?: EffectKind): number;
  labSample(ref: string | number): LabSample | undefined;
  labSamples(): LabSample[];
  inventory(uid: string): Inventory | undefined;
  transfers(): InventoryTransfer[];
  sessions(): SessionRecord[];
  amendments(sample?: string | number): AmendmentRecord[];
  requestLog(): RequestLogEntry[];
  snapshot(): SimulatorSnapshot;
}

const REQUEST_LOG_LIMIT = 20_000;
const FIRST_TRANSFER_ID = 7001;

/** In-memory state of one simulator run: accounts, sessions, inventory, transfers, lab samples and the write log. */
export class SimulatorStore implements SimulatorState {
  private sessionsByToken = new Map<string, SessionRecord>();
  private inventoryById = new Map<string, InventoryItem>();
  private labSamplesById = new Map<number, LabSample>();
  private transfersById = new Map<number, InventoryTransferRecord>();
  private effectLog: EffectRecord[] = [];
  private amendmentLog: AmendmentRecord[] = [];
  private answers = new Map<string, StoredAnswer>();
  private log: RequestLogEntry[] = [];
  private lastTransactionId = 0;
  private lastLabSampleId = 0;
  private lastTransferId = FIRST_TRANSFER_ID - 1;
  private lastTransferItemId = 0;
  private lastRequestSeq = 0;

  constructor(
    readonly catalogue: TestCatalogue,
    private readonly accountList: readonly SimulatorAccount[],
    private readonly settings: SimulatorSettings,
  ) {}

  /** Forgets everything and loads `seed` again. */
  reset(seed: SeedData): void {
    this.sessionsByToken = new Map();
    this.inventoryById = new Map();
    this.labSamplesById = new Map();
    this.transfersById = new Map();
    this.effectLog = [];
    this.amendmentLog = [];
    this.answers = new Map();
    this.log = [];
    this.lastTransactionId = 0;
    this.lastLabSampleId = 0;
    this.lastTransferId = FIRST_TRANSFER_ID - 1;
    this.lastTransferItemId = 0;
    this.lastRequestSeq = 0;
    for (const item of seed.inventory) this.registerInventory(item);
    for (const transfer of seed.transfers) {
      const created = this.createTransfer(transfer);
      if (transfer.received) this.receiveTransfer(created, new Map(), this.nextTransactionId());
    }
  }

  // ── accounts and sessions ──────────────────────────────────────────────────────────────────────────

  accounts(): readonly SimulatorAccount[] {
    return this.accountList;
  }

  labLicenses(): string[] {
    return this.accountList.filter((a) => a.kind === 'lab').map((a) => a.license);
  }

  putSession(session: SessionRecord): void {
    this.sessionsByToken.set(session.token, session);
  }

  session(token: string): SessionRecord | undefined {
    return this.sessionsByToken.get(token);
  }

  dropSession(token: string): boolean {
    return this.sessionsByToken.delete(token);
  }

  dropAllSessions(): number {
    const count = this.sessionsByToken.size;
    this.sessionsByToken.clear();
    return count;
  }

  // ── counters ───────────────────────────────────────────────────────────────────────────────────────

  nextTransactionId(): number {
    this.lastTransactionId += 1;
    return this.lastTransactionId;
  }

  /** The `NextTransactionID` lists answer: the ID the next write will get [assumed meaning]. */
  upcomingTransactionId(): number {
    return this.lastTransactionId + 1;
  }

  // ── inventory ──────────────────────────────────────────────────────────────────────────────────────

  inventoryItem(uid: string): InventoryItem | undefined {
    return this.inventoryById.get(uid);
  }

  inventoryItems(): InventoryItem[] {
    return [...this.inventoryById.values()].sort((a, b) => a.ID.localeCompare(b.ID));
  }

  registerInventory(seed: InventorySeed): InventoryItem {
    if (this.inventoryById.has(seed.id)) throw new Conflict(`inventory ${seed.id} already exists`);
    const item: InventoryItem = {
      ID: seed.id,
      ExternalID: null,
      InventoryParentID: seed.parentIds ?? [],
      InventoryType: seed.inventoryType,
      UOM: seed.uom ?? 'g',
      RemainingAmount: seed.remainingAmount ?? 0,
      IsSample: seed.isSample ?? false,
      QAStatus: 'Pending',
      LocationLicense: seed.locationLicense,
      ProductName: seed.productName ?? seed.inventoryType,
      Strain: seed.strain ?? null,
      Remediated: false,
      RemediationEligible: false,
      RemediationCount: 0,
      SessionTime: this.settings.sessionTime(),
      TransactionID: this.nextTransactionId(),
    };
    this.inventoryById.set(item.ID, item);
    return item;
  }

  /** Moves an inventory item to another licensee (a sale/transfer completed outside the lab's view). */
  moveInventory(uid: string, toLicense: string): InventoryItem {
    const item = this.inventoryById.get(uid);
    if (!item) throw new NotFound(`inventory ${uid} not found`);
    item.LocationLicense = toLicense;
    item.TransactionID = this.nextTransactionId();
    item.SessionTime = this.settings.sessionTime();
    return item;
  }

  /** The API view of an item: the item plus the lab samples drawn from it (or that it is). */
  inventoryView(item: InventoryItem): Inventory {
    const samples = [...this.labSamplesById.values()].filter((s) => s.ParentID === item.ID || s.InventoryID === item.ID);
    return structuredClone({ ...item, LabSample: samples });
  }

  // ── transfers ──────────────────────────────────────────────────────────────────────────────────────

  transferRecord(id: number): InventoryTransferRecord | undefined {
    return this.transfersById.get(id);
  }

  transferRecords(): InventoryTransferRecord[] {
    return [...this.transfersById.values()].sort((a, b) => a.ID - b.ID);
  }

  transferView(record: InventoryTransferRecord): InventoryTransfer {
    return {
      ...structuredClone(record),
      Item: record.Item.map((item) => {
        const inventory = this.inventoryById.get(item.InventoryID);
        if (!inventory) throw new Error(`transfer ${record.ID} names missing inventory ${item.InventoryID}`);
        return { ...structuredClone(item), Inventory: this.inventoryView(inventory) };
      }),
    };
  }

  /** Creates an inbound sample transfer: each item becomes a sample inventory item drawn from its parent lot. */
  createTransfer(seed: TransferSeed): InventoryTransferRecord {
    const inboundLicense = seed.inboundLicense ?? this.labLicenses()[0];
    if (!inboundLicense) throw new InvalidRequest('inboundLicense: no lab account to send the samples to');
    const id = seed.id ?? this.lastTransferId + 1;
    if (this.transfersById.has(id)) throw new Conflict(`transfer ${id} already exists`);
    seed.items.forEach((item, i) => this.checkTransferItem(seed, item, i));
    const transactionId = this.nextTransactionId();
    const items = seed.items.map((entry) => {
      const parent = this.inventoryById.get(entry.parentId) ?? this.registerParentLot(seed, entry);
      this.registerInventory({
        id: entry.inventoryId,
        inventoryType: entry.inventoryType ?? parent.InventoryType,
        productName: entry.productName ?? `${parent.ProductName} (sample)`,
        strain: parent.Strain ?? undefined,
        uom: entry.uom ?? parent.UOM,
        remainingAmount: entry.amount,
        locationLicense: seed.outboundLicense,
        parentIds: [parent.ID],
        isSample: true,
      });
      this.lastTransferItemId += 1;
      return {
        ID: this.lastTransferItemId,
        InventoryID: entry.inventoryId,
        Amount: entry.amount,
        ReceivedAmount: null,
        Received: false,
        IsRejected: false,
      };
    });
    const record: InventoryTransferRecord = {
      ID: id,
      ManifestID: seed.manifestId ?? `MNF-${String(id).padStart(7, '0')}`,
      OutboundLicense: seed.outboundLicense,
      InboundLicense: inboundLicense,
      TransferType: seed.transferType ?? 'Lab Sample',
      Received: false,
      ReceivedTime: null,
      IsRejected: false,
      Item: items,
      SessionTime: this.settings.sessionTime(),
      TransactionID: transactionId,
    };
    this.transfersById.set(id, record);
    this.lastTransferId = Math.max(this.lastTransferId, id);
    return record;
  }

  /**
   * Marks a transfer received. Accepted items move to the lab and become LabSamples; rejected items stay with
   * the sender. Items missing from `decisions` are accepted in full. Returns the accepted inventory items.
   */
  receiveTransfer(
    record: InventoryTransferRecord,
    decisions: ReadonlyMap<number, { receivedAmount?: number; rejected: boolean }>,
    transactionId: number,
  ): InventoryItem[] {
    const sessionTime = this.settings.sessionTime();
    const accepted: InventoryItem[] = [];
    for (const item of record.Item) {
      const decision = decisions.get(item.ID);
      const inventory = this.inventoryById.get(item.InventoryID);
      if (!inventory) throw new Error(`transfer ${record.ID} names missing inventory ${item.InventoryID}`);
      item.Received = true;
      item.IsRejected = decision?.rejected ?? false;
      item.ReceivedAmount = item.IsRejected ? 0 : (decision?.receivedAmount ?? item.Amount);
      if (item.IsRejected) continue;
      inventory.LocationLicense = record.InboundLicense;
      inventory.RemainingAmount = item.ReceivedAmount;
      inventory.TransactionID = transactionId;
      inventory.SessionTime = sessionTime;
      accepted.push(inventory);
      this.addLabSample(record, inventory, item.ReceivedAmount, transactionId);
    }
    record.Received = true;
    record.ReceivedTime = this.settings.isoNow();
    record.IsRejected = record.Item.every((item) => item.IsRejected);
    record.TransactionID = transactionId;
    record.SessionTime = sessionTime;
    return accepted;
  }

  // ── lab samples ────────────────────────────────────────────────────────────────────────────────────

  labSampleRecord(id: number): LabSample | undefined {
    return this.labSamplesById.get(id);
  }

  labSampleRecordByUid(uid: string): LabSample | undefined {
    return [...this.labSamplesById.values()].find((s) => s.InventoryID === uid);
  }

  labSampleRecords(): LabSample[] {
    return [...this.labSamplesById.values()].sort((a, b) => a.ID - b.ID);
  }

  // ── writes log, idempotency, request log ──────────────────────────────────────────────────────────

  recordEffect(effect: Omit<EffectRecord, 'seq' | 'at'>): void {
    this.effectLog.push({ ...effect, seq: this.effectLog.length + 1, at: this.settings.isoNow() });
  }

  recordAmendment(amendment: AmendmentRecord): void {
    this.amendmentLog.push(structuredClone(amendment));
  }

  storedAnswer(license: string, externalId: string): StoredAnswer | undefined {
    const answer = this.answers.get(answerKey(license, externalId));
    return answer && structuredClone(answer);
  }

  storeAnswer(license: string, externalId: string, answer: StoredAnswer): void {
    this.answers.set(answerKey(license, externalId), structuredClone(answer));
  }

  nextRequestSeq(): number {
    this.lastRequestSeq += 1;
    return this.lastRequestSeq;
  }

  logRequest(entry: RequestLogEntry): void {
    this.log.push(entry);
    if (this.log.length > REQUEST_LOG_LIMIT) this.log.splice(0, this.log.length - REQUEST_LOG_LIMIT);
  }

  // ── SimulatorState ─────────────────────────────────────────────────────────────────────────────────

  effects(filter: { kind?: EffectKind; sample?: string | number } = {}): EffectRecord[] {
    const sample = filter.sample === undefined ? undefined : this.resolveSample(filter.sample);
    return structuredClone(
      this.effectLog.filter(
        (e) =>
          (filter.kind === undefined || e.kind === filter.kind) &&
          (filter.sample === undefined || (sample !== undefined && e.labSampleId === sample.ID)),
      ),
    );
  }

  effectCount(sample: string | number, kind?: EffectKind): number {
    return this.effects({ sample, kind }).length;
  }

  labSample(ref: string | number): LabSample | undefined {
    const sample = this.resolveSample(ref);
    return sample && structuredClone(sample);
  }

  labSamples(): LabSample[] {
    return structuredClone(this.labSampleRecords());
  }

  inventory(uid: string): Inventory | undefined {
    const item = this.inventoryById.get(uid);
    return item && this.inventoryView(item);
  }

  transfers(): InventoryTransfer[] {
    return this.transferRecords().map((t) => this.transferView(t));
  }

  sessions(): SessionRecord[] {
    return structuredClone([...this.sessionsByToken.values()]);
  }

  amendments(sample?: string | number): AmendmentRecord[] {
    const found = sample === undefined ? undefined : this.resolveSample(sample);
    return structuredClone(
      this.amendmentLog.filter((a) => sample === undefined || (found !== undefined && a.labSampleId === found.ID)),
    );
  }

  requestLog(): RequestLogEntry[] {
    return structuredClone(this.log);
  }

  snapshot(): SimulatorSnapshot {
    return {
      transactionId: this.lastTransactionId,
      sessions: [...this.sessionsByToken.values()].map((s) => ({
        username: s.account.username,
        license: s.account.license,
        kind: s.account.kind,
        expiresAt: new Date(s.expiresAtMs).toISOString(),
      })),
      inventory: this.inventoryItems().map((i) => this.inventoryView(i)),
      transfers: this.transfers(),
      labSamples: this.labSamples(),
      effects: this.effects(),
      amendments: this.amendments(),
      requestCount: this.lastRequestSeq,
    };
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────

  private resolveSample(ref: string | number): LabSample | undefined {
    if (typeof ref === 'number') return this.labSamplesById.get(ref);
    if (/^\d{16}$/.test(ref)) return this.labSampleRecordByUid(ref);
    if (/^\d+$/.test(ref)) return this.labSamplesById.get(Number(ref));
    return undefined;
  }

  private checkTransferItem(seed: TransferSeed, item: TransferSeed['items'][number], i: number): void {
    const at = `items[${i}]`;
    if (this.inventoryById.has(item.inventoryId))
      throw new Conflict(`${at}.inventoryId: inventory ${item.inventoryId} already exists`);
    if (seed.items.findIndex((other) => other.inventoryId === item.inventoryId) !== i) {
      throw new InvalidRequest(`${at}.inventoryId: ${item.inventoryId} appears twice`);
    }
    const parent = this.inventoryById.get(item.parentId);
    if (parent && parent.LocationLicense !== seed.outboundLicense) {
      throw new InvalidRequest(
        `${at}.parentId: lot ${item.parentId} is held by ${parent.LocationLicense}, not ${seed.outboundLicense}`,
      );
    }
    if (!parent && !item.inventoryType) {
      throw new InvalidRequest(`${at}.inventoryType: required when the parent lot ${item.parentId} is not registered`);
    }
  }

  private registerParentLot(seed: TransferSeed, entry: TransferSeed['items'][number]): InventoryItem {
    return this.registerInventory({
      id: entry.parentId,
      inventoryType: entry.inventoryType ?? 'Unknown',
      productName: entry.productName,
      uom: entry.uom,
      locationLicense: seed.outboundLicense,
    });
  }

  private addLabSample(record: InventoryTransferRecord, inventory: InventoryItem, amount: number, transactionId: number): void {
    this.lastLabSampleId += 1;
    this.labSamplesById.set(this.lastLabSampleId, {
      ID: this.lastLabSampleId,
      InventoryID: inventory.ID,
      ParentID: inventory.InventoryParentID[0] ?? null,
      InventoryType: inventory.InventoryType,
      LabLicense: record.InboundLicense,
      LocationLicense: record.OutboundLicense,
      Amount: amount,
      AmountUsed: 0,
      Result: 'Pending',
      SampleUse: 'Compliance',
      RnD: false,
      Medical: false,
      CertOfAnalysisHyperlink: null,
      QualityControlDataHyperlink: null,
      TestingData: [],
      SessionTime: this.settings.sessionTime(),
      TransactionID: transactionId,
      Deleted: false,
    });
  }
}

function answerKey(license: string, externalId: string): string {
  return `${license}\u0000${externalId}`;
}
