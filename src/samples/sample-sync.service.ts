import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { STATE_SYSTEM, StateSystemFailure, type InboundTransfer, type StateSystem } from '../state-system/state-system.port';
import { Sample } from './sample.entity';
import { SampleService } from './sample.service';

export interface SampleSyncSummary {
  /** Inbound transfers the state system listed. */
  transfers: number;
  /** Transfers this run received (accepted) in the state system. */
  received: string[];
  /** Samples registered by this run. */
  registered: Array<{ labSampleId: string; uid: string; sourceUid: string | null; clientLicense: string; productType: string; transferId: string }>;
  /** Samples that were already registered. */
  alreadyKnown: number;
  /** What could not be done, one line each; the next sync tries again. */
  problems: string[];
}

/**
 * Pulls inbound sample transfers from the state system, registers their samples and receives the transfers.
 * Samples are registered before the transfer is received, so a crash in between loses nothing (the next run sees
 * the transfer again); registering skips known UIDs and receiving carries an idempotency key, so runs repeat safely.
 */
@Injectable()
export class SampleSyncService {
  private readonly logger = new Logger('SampleSync');
  private running: Promise<SampleSyncSummary> | null = null;

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

  private async run(actor: string): Promise<SampleSyncSummary> {
    const summary: SampleSyncSummary = { transfers: 0, received: [], registered: [], alreadyKnown: 0, problems: [] };
    const transfers = await this.stateSystem.inboundTransfers();
    summary.transfers = transfers.length;
    for (const transfer of transfers) {
      if (transfer.rejected) continue;
      try {
        await this.register(actor, transfer, summary);
        if (!transfer.received) await this.receive(actor, transfer, summary);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        summary.problems.push(`transfer ${transfer.id}: ${message}`);
        this.logger.warn(`transfer ${transfer.id}: ${message}`);
      }
    }
    return summary;
  }

  private async register(actor: string, transfer: InboundTransfer, summary: SampleSyncSummary): Promise<void> {
    const items = transfer.items.filter((i) => !i.rejected && (!transfer.received || i.received));
    await this.em.fork().transactional(async (em) => {
      for (const item of items) {
        const known = await em.findOne(Sample, { uid: item.uid });
        if (known) {
          summary.alreadyKnown += 1;
          if (item.stateSampleId !== null) await this.samples.linkStateSample(em, actor, known, item.stateSampleId);
          continue;
        }
        const clash = await em.findOne(Sample, { labSampleId: item.uid });
        if (clash) {
          summary.problems.push(`transfer ${transfer.id}: lab sample id ${item.uid} is already used by a sample without this UID`);
          continue;
        }
        const productType = item.productType ?? 'other';
        if (item.productType === null) {
          summary.problems.push(`transfer ${transfer.id}: InventoryType "${item.inventoryType}" of ${item.uid} has no product type in the mapping; registered as other`);
        }
        await this.samples.registerFromStateSystem(em, actor, {
          uid: item.uid,
          sourceUid: item.parentUid,
          clientLicense: transfer.fromLicense,
          productType,
          productName: item.productName,
          transferId: transfer.id,
          manifestId: transfer.manifestId,
          stateSampleId: item.stateSampleId,
          receivedAt: new Date(),
        });
        summary.registered.push({
          labSampleId: item.uid,
          uid: item.uid,
          sourceUid: item.parentUid,
          clientLicense: transfer.fromLicense,
          productType,
          transferId: transfer.id,
        });
      }
    });
  }

  private async receive(actor: string, transfer: InboundTransfer, summary: SampleSyncSummary): Promise<void> {
    let samples: Array<{ uid: string; stateSampleId: number }>;
    try {
      samples = (await this.stateSystem.receiveTransfer(transfer.id, `lims-receive-${transfer.id}`)).samples;
    } catch (e) {
      // Received meanwhile (by another instance, or our own earlier attempt whose answer was lost): nothing to do.
      if (e instanceof StateSystemFailure && e.details.status === 409) return;
      throw e;
    }
    summary.received.push(transfer.id);
    await this.em.fork().transactional(async (em) => {
      for (const { uid, stateSampleId } of samples) {
        const sample = await em.findOne(Sample, { uid });
        if (sample) await this.samples.linkStateSample(em, actor, sample, stateSampleId);
      }
    });
  }
}
