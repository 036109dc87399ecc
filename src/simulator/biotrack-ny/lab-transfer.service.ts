import { Injectable } from '@nestjs/common';
import type { InventoryTransfer, InventoryTransferRecord, ReceiveAnswer } from './biotrack.types';
import { IdempotentWrites } from './idempotent-writes';
import { pageOf } from './paging';
import { parseTransferId } from './path-params';
import type { PageQuery, ReceiveTransferBody } from './request.schemas';
import { Conflict, InvalidRequest, NotFound } from './simulator-error';
import { SimulatorSettings } from './simulator-settings';
import { SimulatorStore, type SessionRecord } from './simulator.store';

/** Inbound sample transfers to the lab, and receiving them (which turns their items into LabSamples). */
@Injectable()
export class LabTransferService {
  constructor(
    private readonly store: SimulatorStore,
    private readonly settings: SimulatorSettings,
    private readonly writes: IdempotentWrites,
  ) {}

  listInbound(
    session: SessionRecord,
    query: PageQuery,
  ): { InventoryTransfer: InventoryTransfer[]; NextCursor: number; NextTransactionID: number; SessionTime: number } {
    const transfers = this.store.transferRecords().filter((t) => t.InboundLicense === session.account.license);
    const page = pageOf(transfers, query.cursor ?? 0, query.limit ?? this.settings.behaviour.defaultPageSize);
    return {
      InventoryTransfer: page.items.map((t) => this.store.transferView(t)),
      NextCursor: page.nextCursor,
      NextTransactionID: this.store.upcomingTransactionId(),
      SessionTime: this.settings.sessionTime(),
    };
  }

  receive(session: SessionRecord, id: string, body: ReceiveTransferBody): ReceiveAnswer {
    const transferId = parseTransferId(id);
    const record = this.store.transferRecord(transferId);
    if (!record || record.InboundLicense !== session.account.license) {
      throw new NotFound(`inbound transfer ${transferId} not found for ${session.account.license}`);
    }
    return this.writes.receive(session.account.license, body.ExternalID, `transfer ${transferId}`, () => {
      if (record.Received) throw new Conflict(`transfer ${transferId} was already received at ${record.ReceivedTime}`);
      const decisions = this.decisions(record, body);
      const transactionId = this.store.nextTransactionId();
      const accepted = this.store.receiveTransfer(record, decisions, transactionId);
      this.store.recordEffect({
        kind: 'receive-transfer',
        license: session.account.license,
        labSampleId: null,
        inventoryId: null,
        transferId,
        externalId: body.ExternalID ?? null,
        transactionId,
      });
      return {
        Inventory: accepted.map((item) => this.store.inventoryView(item)),
        InventoryTransfer: this.store.transferView(record),
        TransactionID: transactionId,
        SessionTime: this.settings.sessionTime(),
      };
    });
  }

  /** `IsRejected: true` rejects the whole shipment; `Item[]` decides per item; unlisted items are accepted in full. */
  private decisions(
    record: InventoryTransferRecord,
    body: ReceiveTransferBody,
  ): Map<number, { receivedAmount?: number; rejected: boolean }> {
    if (body.IsRejected && body.Item)
      throw new InvalidRequest('IsRejected: give either IsRejected (the whole transfer) or Item[] (per item), not both');
    if (body.IsRejected) return new Map(record.Item.map((item) => [item.ID, { rejected: true }]));
    const decisions = new Map<number, { receivedAmount?: number; rejected: boolean }>();
    (body.Item ?? []).forEach((entry, i) => {
      const item = record.Item.find((candidate) => candidate.ID === entry.ID);
      if (!item) throw new InvalidRequest(`Item[${i}].ID: transfer ${record.ID} has no item ${entry.ID}`);
      if (decisions.has(entry.ID)) throw new InvalidRequest(`Item[${i}].ID: item ${entry.ID} appears twice`);
      if (entry.ReceivedAmount !== undefined && entry.ReceivedAmount > item.Amount) {
        throw new InvalidRequest(`Item[${i}].ReceivedAmount: ${entry.ReceivedAmount} exceeds the shipped Amount ${item.Amount}`);
      }
      decisions.set(entry.ID, { receivedAmount: entry.ReceivedAmount, rejected: entry.IsRejected ?? false });
    });
    return decisions;
  }
}
