import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import {
  STATE_SYSTEM,
  StateSystemFailure,
  type InboundItem,
  type InboundTransfer,
  type StateSystem,
} from '../state-system/state-system.port';
import { Sample } from './sample.entity';
import { SampleService, type StateSampleRegistration } from './sample.service';

export interface SampleSyncSummary {
  /** Inbound transfers the state system listed. */
  transfers: number;
  /** Transfers this run received (accepted) in the state system. */
  received: string[];
  /** Samples registered by this run. */
  registered: Array<{
    labSampleId: string;
    uid: string;
    sourceUid: string | null;
    clientLicense: string;
    productType: string;
    transferId: string;
  }>;
  /** Samples that were already registered. */
  alreadyKnown: number;
  /** What could not be done, one line each; the next sync tries again. */
  problems: string[];
}

/** Where the current (or last) run of this instance stands: what the dashboard and `GET /api/samples/sync` show. */
export interface SampleSyncProgress {
  state: 'idle' | 'running' | 'done' | 'failed';
  startedBy: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Inbound transfers listed, and how many of them this run has finished with. */
  transfers: { total: number; done: number };
  /** Samples on those transfers, and how many have been registered or found registered. */
  samples: { total: number; done: number };
  registered: number;
  alreadyKnown: number;
  received: number;
  /** The first problems of the run (all of them are in the run's summary). */
  problems: string[];
  problemCount: number;
  /** Why the run stopped, when it failed as a whole (the state system could not be asked). */
  error: string | null;
}

/**
 * Samples registered, or linked to the state's sample ids, per transaction. Each batch costs a few queries
 * whatever its size, and between batches other requests (pages, /health, the outbox) get the database and the
 * event loop: one transaction per transfer held SQLite's only connection for 16 s over 1,000 samples.
 */
export const SYNC_BATCH = 200;
const PROGRESS_PROBLEMS = 20;

const idle = (): SampleSyncProgress => ({
  state: 'idle',
  startedBy: null,
  startedAt: null,
  finishedAt: null,
  transfers: { total: 0, done: 0 },
  samples: { total: 0, done: 0 },
  registered: 0,
  alreadyKnown: 0,
  received: 0,
  problems: [],
  problemCount: 0,
  error: null,
});

/**
 * Pulls inbound sample transfers from the state system, registers their samples and receives the transfers.
 * Samples are registered before the transfer is received, so a crash in between loses nothing (the next run sees
 * the transfer again); registering skips known UIDs and receiving carries an idempotency key, so runs repeat safely.
 * Work is linear in the samples: each batch finds its known samples with one query and inserts the rest together.
 */
@Injectable()
export class SampleSyncService {
  private readonly logger = new Logger('SampleSync');
  private running: Promise<SampleSyncSummary> | null = null;
  private current: SampleSyncProgress = idle();

  constructor(
    private readonly em: EntityManager,
    @Inject(STATE_SYSTEM) private readonly stateSystem: StateSystem,
    private readonly samples: SampleService,
  ) {}

  /** One run at a time per instance: a call while one runs gets that run's summary. */
  sync(actor: string): Promise<SampleSyncSummary> {
    this.running ??= this.run(actor).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The current run's progress, or the last run's outcome. */
  progress(): SampleSyncProgress {
    return structuredClone(this.current);
  }

  private async run(actor: string): Promise<SampleSyncSummary> {
    const summary: SampleSyncSummary = { transfers: 0, received: [], registered: [], alreadyKnown: 0, problems: [] };
    const progress: SampleSyncProgress = { ...idle(), state: 'running', startedBy: actor, startedAt: new Date().toISOString() };
    this.current = progress;
    const problem = (line: string) => {
      summary.problems.push(line);
      progress.problemCount += 1;
      if (progress.problems.length < PROGRESS_PROBLEMS) progress.problems.push(line);
    };
    try {
      const listed = await this.stateSystem.inboundTransfers();
      summary.transfers = listed.length;
      const transfers = listed.filter((t) => !t.rejected);
      progress.transfers.total = transfers.length;
      progress.samples.total = transfers.reduce((n, t) => n + itemsToRegister(t).length, 0);
      for (const transfer of transfers) {
        try {
          await this.register(actor, transfer, summary, progress, problem);
          if (!transfer.received && this.stateSystem.receiveTransfer) await this.receive(actor, transfer, summary);
          progress.received = summary.received.length;
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          problem(`transfer ${transfer.id}: ${message}`);
          this.logger.warn(`transfer ${transfer.id}: ${message}`);
        }
        progress.transfers.done += 1;
      }
      progress.state = 'done';
      return summary;
    } catch (e) {
      progress.state = 'failed';
      progress.error = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      progress.finishedAt = new Date().toISOString();
    }
  }

  private async register(
    actor: string,
    transfer: InboundTransfer,
    summary: SampleSyncSummary,
    progress: SampleSyncProgress,
    problem: (line: string) => void,
  ): Promise<void> {
    const items = itemsToRegister(transfer);
    for (let from = 0; from < items.length; from += SYNC_BATCH) {
      const batch = items.slice(from, from + SYNC_BATCH);
      const outcome = await this.em.fork().transactional((em) => this.registerBatch(em, actor, transfer, batch));
      // Counted once the batch committed: a batch that failed registered nothing.
      summary.alreadyKnown += outcome.alreadyKnown;
      summary.registered.push(...outcome.registered);
      outcome.problems.forEach(problem);
      progress.alreadyKnown += outcome.alreadyKnown;
      progress.registered += outcome.registered.length;
      progress.samples.done += batch.length;
      await letOthersRun();
    }
  }

  private async registerBatch(
    em: EntityManager,
    actor: string,
    transfer: InboundTransfer,
    items: InboundItem[],
  ): Promise<{ alreadyKnown: number; registered: SampleSyncSummary['registered']; problems: string[] }> {
    const uids = [...new Set(items.map((i) => i.uid))];
    const byUid = new Map((await em.find(Sample, { uid: { $in: uids } })).map((s) => [s.uid!, s] as const));
    // Checked after the UID: a sample whose lab sample id is this UID but which is not found by it is another one.
    const labIdsTaken = new Set((await em.find(Sample, { labSampleId: { $in: uids } })).map((s) => s.labSampleId));
    const out = { alreadyKnown: 0, registered: [] as SampleSyncSummary['registered'], problems: [] as string[] };
    const links: Array<{ sample: Sample; stateSampleId: number }> = [];
    const toRegister: StateSampleRegistration[] = [];
    const inBatch = new Set<string>();
    for (const item of items) {
      const known = byUid.get(item.uid);
      if (known || inBatch.has(item.uid)) {
        out.alreadyKnown += 1;
        const stateSampleId = stateSampleIdOf(item.stateRef);
        if (known && stateSampleId !== null) links.push({ sample: known, stateSampleId });
        continue;
      }
      if (labIdsTaken.has(item.uid)) {
        out.problems.push(`transfer ${transfer.id}: lab sample id ${item.uid} is already used by a sample without this UID`);
        continue;
      }
      const productType = item.productType ?? 'other';
      if (item.productType === null) {
        out.problems.push(
          `transfer ${transfer.id}: InventoryType "${item.inventoryType}" of ${item.uid} has no product type in the mapping; registered as other`,
        );
      }
      inBatch.add(item.uid);
      toRegister.push({
        uid: item.uid,
        sourceUid: item.parentUid,
        clientLicense: transfer.fromLicense,
        productType,
        productName: item.productName,
        transferId: transfer.id,
        manifestId: transfer.manifestId,
        stateSampleId: stateSampleIdOf(item.stateRef),
        receivedAt: new Date(),
      });
      out.registered.push({
        labSampleId: item.uid,
        uid: item.uid,
        sourceUid: item.parentUid,
        clientLicense: transfer.fromLicense,
        productType,
        transferId: transfer.id,
      });
    }
    await this.samples.linkStateSamples(em, actor, links);
    if (toRegister.length) await this.samples.registerFromStateSystem(em, actor, toRegister);
    return out;
  }

  private async receive(actor: string, transfer: InboundTransfer, summary: SampleSyncSummary): Promise<void> {
    let samples: Array<{ uid: string; stateRef: string }>;
    try {
      samples = (await this.stateSystem.receiveTransfer!(transfer.id, `lims-receive-${transfer.id}`)).samples;
    } catch (e) {
      // Received meanwhile (by another instance, or our own earlier attempt whose answer was lost): nothing to do.
      if (e instanceof StateSystemFailure && e.details.status === 409) return;
      throw e;
    }
    summary.received.push(transfer.id);
    for (let from = 0; from < samples.length; from += SYNC_BATCH) {
      const batch = samples.slice(from, from + SYNC_BATCH);
      await this.em.fork().transactional(async (em) => {
        const byUid = new Map(
          (await em.find(Sample, { uid: { $in: batch.map((s) => s.uid) } })).map((s) => [s.uid!, s] as const),
        );
        const links = batch.flatMap(({ uid, stateRef }) => {
          const sample = byUid.get(uid);
          const stateSampleId = stateSampleIdOf(stateRef);
          return sample && stateSampleId !== null ? [{ sample, stateSampleId }] : [];
        });
        await this.samples.linkStateSamples(em, actor, links);
      });
      await letOthersRun();
    }
  }
}

/** The items of a transfer to register: not rejected, and (once the transfer is received) those received. */
function itemsToRegister(transfer: InboundTransfer): InboundItem[] {
  return transfer.items.filter((i) => !i.rejected && (!transfer.received || i.received));
}

const letOthersRun = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Both state systems number the lab's samples (BioTrack's LabSample ID, Metrc's package Id); the port carries them as strings. */
function stateSampleIdOf(ref: string | null): number | null {
  return ref !== null && /^\d{1,15}$/.test(ref) ? Number(ref) : null;
}
