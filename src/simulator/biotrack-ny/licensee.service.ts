import { Injectable } from '@nestjs/common';
import type { Inventory, LabSample } from './biotrack.types';
import { matchesInventory } from './lab-sample.service';
import { pageOf } from './paging';
import { parseSampleRef, parseUidParam } from './path-params';
import type { PageByInventoryQuery } from './request.schemas';
import { NotFound } from './simulator-error';
import { SimulatorSettings } from './simulator-settings';
import { SimulatorStore, type SessionRecord } from './simulator.store';

/**
 * Licensee pulls. Only the licensee currently holding an item (its LocationLicense) sees it; a lab sample is seen by
 * whoever holds its source lot, so results follow the product when it is transferred to another licensee [assumed].
 */
@Injectable()
export class LicenseeService {
  constructor(
    private readonly store: SimulatorStore,
    private readonly settings: SimulatorSettings,
  ) {}

  inventory(session: SessionRecord, id: string): { Inventory: Inventory } {
    const uid = parseUidParam(id);
    const item = this.store.inventoryItem(uid);
    if (!item || item.LocationLicense !== session.account.license) {
      throw new NotFound(`inventory ${uid} not found among ${session.account.license}'s inventory`);
    }
    return { Inventory: this.store.inventoryView(item) };
  }

  testResults(
    session: SessionRecord,
    query: PageByInventoryQuery,
  ): { Inventory: Inventory[]; NextCursor: number; NextTransactionID: number; SessionTime: number } {
    const held = this.store
      .inventoryItems()
      .filter((item) => item.LocationLicense === session.account.license)
      .map((item) => this.store.inventoryView(item))
      .filter((item) => (query.inventoryid === undefined ? item.LabSample.length > 0 : item.ID === query.inventoryid));
    const page = pageOf(held, query.cursor ?? 0, query.limit ?? this.settings.behaviour.defaultPageSize);
    return {
      Inventory: page.items,
      NextCursor: page.nextCursor,
      NextTransactionID: this.store.upcomingTransactionId(),
      SessionTime: this.settings.sessionTime(),
    };
  }

  labSamples(
    session: SessionRecord,
    query: PageByInventoryQuery,
  ): { LabSample: LabSample[]; NextCursor: number; NextTransactionID: number } {
    const visible = this.store
      .labSampleRecords()
      .filter((s) => this.visibleTo(s, session.account.license) && matchesInventory(s, query.inventoryid));
    const page = pageOf(visible, query.cursor ?? 0, query.limit ?? this.settings.behaviour.defaultPageSize);
    return {
      LabSample: structuredClone(page.items),
      NextCursor: page.nextCursor,
      NextTransactionID: this.store.upcomingTransactionId(),
    };
  }

  labSample(session: SessionRecord, id: string): { LabSample: LabSample } {
    const ref = parseSampleRef(id, this.settings.behaviour.acceptUidAsSampleId);
    const sample = ref.by === 'id' ? this.store.labSampleRecord(ref.id) : this.store.labSampleRecordByUid(ref.uid);
    if (!sample || !this.visibleTo(sample, session.account.license)) {
      throw new NotFound(`lab sample ${id} not found among ${session.account.license}'s samples`);
    }
    return { LabSample: structuredClone(sample) };
  }

  private visibleTo(sample: LabSample, license: string): boolean {
    return !sample.Deleted && this.store.inventoryItem(sample.ParentID ?? sample.InventoryID)?.LocationLicense === license;
  }
}
