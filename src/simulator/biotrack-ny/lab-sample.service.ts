import { Injectable } from '@nestjs/common';
import type { LabSample } from './biotrack.types';
import { pageOf } from './paging';
import { parseSampleRef } from './path-params';
import type { PageByInventoryQuery } from './request.schemas';
import { NotFound } from './simulator-error';
import { SimulatorSettings } from './simulator-settings';
import { SimulatorStore, type SessionRecord } from './simulator.store';

/** The lab's view of its samples: those it received (LabLicense = the session's license). */
@Injectable()
export class LabSampleService {
  constructor(
    private readonly store: SimulatorStore,
    private readonly settings: SimulatorSettings,
  ) {}

  list(
    session: SessionRecord,
    query: PageByInventoryQuery,
  ): { LabSample: LabSample[]; NextCursor: number; NextTransactionID: number } {
    const samples = this.store
      .labSampleRecords()
      .filter((s) => s.LabLicense === session.account.license && matchesInventory(s, query.inventoryid));
    const page = pageOf(samples, query.cursor ?? 0, query.limit ?? this.settings.behaviour.defaultPageSize);
    return {
      LabSample: structuredClone(page.items),
      NextCursor: page.nextCursor,
      NextTransactionID: this.store.upcomingTransactionId(),
    };
  }

  one(session: SessionRecord, id: string): { LabSample: LabSample } {
    return { LabSample: structuredClone(this.findOwn(session, id)) };
  }

  /** The stored sample (not a copy) for writes; 404 unless the session's lab received it. */
  findOwn(session: SessionRecord, id: string): LabSample {
    const ref = parseSampleRef(id, this.settings.behaviour.acceptUidAsSampleId);
    const sample = ref.by === 'id' ? this.store.labSampleRecord(ref.id) : this.store.labSampleRecordByUid(ref.uid);
    if (!sample || sample.LabLicense !== session.account.license || sample.Deleted) {
      throw new NotFound(`lab sample ${id} not found among ${session.account.license}'s samples`);
    }
    return sample;
  }
}

/** `?inventoryid=` matches the sample's own UID or its source lot's UID [assumed]. */
export function matchesInventory(sample: LabSample, inventoryId: string | undefined): boolean {
  return inventoryId === undefined || sample.InventoryID === inventoryId || sample.ParentID === inventoryId;
}
