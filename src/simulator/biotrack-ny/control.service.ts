import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Inventory, InventoryTransfer, LabSample } from './biotrack.types';
import { DEMO_SEED, EMPTY_SEED } from './demo-seed';
import type { FaultInjector } from './fault-injector';
import { parseUidParam } from './path-params';
import { parseOrRefuse } from './request-validation.pipe';
import { Conflict, InvalidRequest, NotFound } from './simulator-error';
import {
  InventorySeedSchema,
  TransferSeedSchema,
  type FaultConfig,
  type InventorySeed,
  type SeedData,
  type SimulatorAccount,
  type TransferSeed,
} from './simulator-options.schemas';
import type { EffectRecord, SimulatorSnapshot, SimulatorStore } from './simulator.store';

export const ResetBodySchema = z.strictObject({
  /** "run": the data the simulator started with (default); "demo": the demo seed; "empty": no inventory. */
  seed: z.enum(['run', 'demo', 'empty']).optional(),
});
export const RegisterInventoryBodySchema = z.strictObject({ inventory: z.array(InventorySeedSchema).min(1) });
export const MoveInventoryBodySchema = z.strictObject({ toLicense: z.string().min(1) });
export const LabSampleDeletedBodySchema = z.strictObject({ deleted: z.boolean() });
export const EffectsQuerySchema = z.strictObject({
  sample: z.string().min(1).optional(),
  kind: z.enum(['receive-transfer', 'post-result', 'amend-result']).optional(),
});

export type ResetSeed = NonNullable<z.infer<typeof ResetBodySchema>['seed']>;

/** Test-only control of a running simulator (also served under /_sim, where no fault applies). */
export interface SimulatorControl {
  /** The accounts that can log in (with their passwords: this is a local simulator). */
  accounts(): SimulatorAccount[];
  state(): SimulatorSnapshot & { faults: FaultConfig };
  effects(filter?: z.infer<typeof EffectsQuerySchema>): EffectRecord[];
  faults(): FaultConfig;
  setFaults(config: FaultConfig): FaultConfig;
  /** Forgets all state (sessions, writes, logs) and loads a seed again; faults go back to the run's start. */
  reset(seed?: ResetSeed): void;
  registerInventory(items: InventorySeed[]): Inventory[];
  /** Creates an inbound sample transfer (to the first lab unless inboundLicense is given). */
  createInboundTransfer(transfer: TransferSeed): InventoryTransfer;
  /** Moves an inventory item to another licensee, e.g. product sold on: the new holder then sees its results. */
  moveInventory(uid: string, toLicense: string): Inventory;
  /** Forgets every session, as if all had expired; answers how many there were. */
  expireSessions(): number;
  /** Marks a lab sample (its UID) deleted in BioTrack, or restores it: a deleted one the lab no longer holds. */
  setLabSampleDeleted(uid: string, deleted: boolean): LabSample;
}

@Injectable()
export class ControlService implements SimulatorControl {
  constructor(
    private readonly store: SimulatorStore,
    private readonly injector: FaultInjector,
    private readonly runSeed: SeedData,
    private readonly initialFaults: FaultConfig,
  ) {}

  accounts(): SimulatorAccount[] {
    return structuredClone([...this.store.accounts()]);
  }

  state(): SimulatorSnapshot & { faults: FaultConfig } {
    return { ...this.store.snapshot(), faults: this.injector.current() };
  }

  effects(filter: z.infer<typeof EffectsQuerySchema> = {}): EffectRecord[] {
    return this.store.effects(filter);
  }

  faults(): FaultConfig {
    return this.injector.current();
  }

  setFaults(config: FaultConfig): FaultConfig {
    return this.injector.set(config);
  }

  reset(seed: ResetSeed = 'run'): void {
    this.store.reset(seed === 'run' ? this.runSeed : seed === 'demo' ? DEMO_SEED : EMPTY_SEED);
    this.injector.set(this.initialFaults);
  }

  registerInventory(items: InventorySeed[]): Inventory[] {
    const valid = parseOrRefuse(z.array(InventorySeedSchema).min(1), items, 'body', false);
    valid.forEach((item, i) => {
      if (this.store.inventoryItem(item.id)) throw new Conflict(`inventory[${i}].id: inventory ${item.id} already exists`);
      if (valid.findIndex((other) => other.id === item.id) !== i)
        throw new InvalidRequest(`inventory[${i}].id: ${item.id} appears twice`);
    });
    return valid.map((item) => this.store.inventoryView(this.store.registerInventory(item)));
  }

  createInboundTransfer(transfer: TransferSeed): InventoryTransfer {
    const valid = parseOrRefuse(TransferSeedSchema, transfer, 'body', false);
    const record = this.store.createTransfer(valid);
    if (valid.received) this.store.receiveTransfer(record, new Map(), this.store.nextTransactionId());
    return this.store.transferView(record);
  }

  moveInventory(uid: string, toLicense: string): Inventory {
    return this.store.inventoryView(this.store.moveInventory(parseUidParam(uid), toLicense));
  }

  expireSessions(): number {
    return this.store.dropAllSessions();
  }

  setLabSampleDeleted(uid: string, deleted: boolean): LabSample {
    const sample = this.store.labSampleRecordByUid(parseUidParam(uid));
    if (!sample) throw new NotFound(`no lab sample with UID ${uid}`);
    sample.Deleted = deleted;
    return structuredClone(sample);
  }
}
