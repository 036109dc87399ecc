import type { AxiosInstance } from 'axios';
import { startSimulator, type RunningSimulator } from '../../src/simulator/biotrack-ny/simulator';
import { CULTIVATOR, freshUid, httpTo, LAB, loginAs, PROCESSOR, type SessionHeaders } from './simulator-test-client';

const UID = /^\d{16}$/;

describe('BioTrack NY simulator: inbound sample transfers', () => {
  let sim: RunningSimulator;
  let http: AxiosInstance;
  let lab: SessionHeaders;

  beforeAll(async () => {
    sim = await startSimulator();
    http = httpTo(sim);
  });
  beforeEach(async () => {
    sim.control.reset();
    lab = await loginAs(http, LAB);
  });
  afterAll(() => sim.close());

  it('lists the seeded transfers to the lab, each item a sample with a 16-digit UID drawn from a 16-digit lot', async () => {
    const response = await http.get('/v1/lab/inventory/transfer/inbound', { headers: lab });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({
      InventoryTransfer: expect.any(Array),
      NextCursor: 0,
      NextTransactionID: expect.any(Number),
      SessionTime: expect.any(Number),
    });
    expect(response.data.InventoryTransfer.map((t: { ID: number }) => t.ID)).toEqual([7001, 7002, 7003]);
    const items = response.data.InventoryTransfer.flatMap((t: { Item: unknown[] }) => t.Item);
    expect(items).toHaveLength(7);
    for (const item of items) {
      expect(item.InventoryID).toMatch(UID);
      expect(item.Inventory).toMatchObject({
        ID: item.InventoryID,
        IsSample: true,
        InventoryParentID: [expect.stringMatching(UID)],
      });
    }
  });

  it('pages with cursor and limit: NextCursor points at the next page and is 0 on the last', async () => {
    const pages: number[][] = [];
    let cursor = 0;
    do {
      const response = await http.get('/v1/lab/inventory/transfer/inbound', { headers: lab, params: { cursor, limit: 2 } });
      expect(response.status).toBe(200);
      pages.push(response.data.InventoryTransfer.map((t: { ID: number }) => t.ID));
      cursor = response.data.NextCursor;
    } while (cursor !== 0);
    expect(pages).toEqual([[7001, 7002], [7003]]);
  });

  it.each([
    [{ limit: 1001 }, 'limit: expected at most 1000'],
    [{ limit: 0 }, 'limit: expected at least 1'],
    [{ cursor: 'abc' }, 'cursor: expected a whole number'],
    [{ Cursor: 1 }, 'unknown field "Cursor"'],
  ])('refuses the query %j with 400 naming the parameter', async (params, message) => {
    const response = await http.get('/v1/lab/inventory/transfer/inbound', { headers: lab, params });
    expect(response.status).toBe(400);
    expect(response.data).toEqual({ Error: expect.stringContaining(message), ErrorCode: '602' });
  });

  it('receives a transfer: items move to the lab and become Pending LabSamples; the sender keeps its lots', async () => {
    const response = await http.put('/v1/lab/inventory/transfer/7001/receive', undefined, { headers: lab });
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({
      InventoryTransfer: { ID: 7001, Received: true, ReceivedTime: expect.any(String), IsRejected: false },
      TransactionID: expect.any(Number),
      SessionTime: expect.any(Number),
    });
    expect(response.data.Inventory.map((i: { ID: string; LocationLicense: string }) => [i.ID, i.LocationLicense])).toEqual([
      ['4815020000009001', LAB.license],
      ['4815020000009002', LAB.license],
    ]);
    const samples = await http.get('/v1/lab/sample', { headers: lab, params: { inventoryid: '4815020000009001' } });
    expect(samples.data.LabSample).toEqual([
      expect.objectContaining({
        InventoryID: '4815020000009001',
        ParentID: '4815020000003101',
        LabLicense: LAB.license,
        LocationLicense: CULTIVATOR.license,
        Result: 'Pending',
        TestingData: [],
      }),
    ]);
    expect(sim.state.inventory('4815020000003101')?.LocationLicense).toBe(CULTIVATOR.license);
  });

  it('answers 409 to a second receive of the same transfer, and records one effect', async () => {
    expect((await http.put('/v1/lab/inventory/transfer/7002/receive', {}, { headers: lab })).status).toBe(200);
    const again = await http.put('/v1/lab/inventory/transfer/7002/receive', {}, { headers: lab });
    expect(again.status).toBe(409);
    expect(again.data.ErrorCode).toBe('409');
    expect(sim.control.effects({ kind: 'receive-transfer' })).toHaveLength(1);
  });

  it('replays the first answer to a repeated ExternalID without receiving twice', async () => {
    const body = { ExternalID: 'receive-7001-once' };
    const first = await http.put('/v1/lab/inventory/transfer/7001/receive', body, { headers: lab });
    const second = await http.put('/v1/lab/inventory/transfer/7001/receive', body, { headers: lab });
    expect(second.status).toBe(200);
    expect(second.data).toEqual(first.data);
    expect(sim.control.effects({ kind: 'receive-transfer' })).toHaveLength(1);
  });

  it('rejects one item: it stays with the sender and no LabSample is made of it', async () => {
    const transfer = await http.get('/v1/lab/inventory/transfer/inbound', { headers: lab });
    const items: { ID: number; InventoryID: string }[] = transfer.data.InventoryTransfer[1].Item;
    const [rejected, ...accepted] = items;
    const response = await http.put(
      '/v1/lab/inventory/transfer/7002/receive',
      { Item: [{ ID: rejected?.ID, IsRejected: true }] },
      { headers: lab },
    );
    expect(response.status).toBe(200);
    expect(response.data.Inventory.map((i: { ID: string }) => i.ID)).toEqual(accepted.map((i) => i.InventoryID));
    expect(sim.state.inventory(rejected?.InventoryID ?? '')?.LocationLicense).toBe(PROCESSOR.license);
    expect(sim.state.labSample(rejected?.InventoryID ?? '')).toBeUndefined();
  });

  it.each([
    ['an item of another transfer', { Item: [{ ID: 999 }] }, 'Item[0].ID: transfer 7001 has no item 999'],
    [
      'more than was shipped',
      { Item: [{ ID: 1, ReceivedAmount: 13 }] },
      'Item[0].ReceivedAmount: 13 exceeds the shipped Amount 12',
    ],
    ['both IsRejected and Item', { IsRejected: true, Item: [{ ID: 1 }] }, 'IsRejected: give either'],
  ])('refuses a receive naming %s (400)', async (_case, body, message) => {
    const response = await http.put('/v1/lab/inventory/transfer/7001/receive', body, { headers: lab });
    expect(response.status).toBe(400);
    expect(response.data.Error).toContain(message);
    expect(sim.control.effects()).toHaveLength(0);
  });

  it('answers 404 for a transfer that is not addressed to the lab', async () => {
    const outbound = sim.control.createInboundTransfer({
      outboundLicense: PROCESSOR.license,
      inboundLicense: 'OCM-CPL-2023-00077',
      items: [{ inventoryId: freshUid(), parentId: '4815020000004201', amount: 3 }],
    });
    const response = await http.put(`/v1/lab/inventory/transfer/${outbound.ID}/receive`, {}, { headers: lab });
    expect(response.status).toBe(404);
  });

  it('adds a transfer registered through the control endpoint, registering an unknown parent lot', async () => {
    const sampleUid = freshUid();
    const lotUid = freshUid();
    const created = await http.post('/_sim/transfers', {
      outboundLicense: CULTIVATOR.license,
      items: [{ inventoryId: sampleUid, parentId: lotUid, amount: 8, inventoryType: 'Flower' }],
    });
    expect(created.status).toBe(201);
    const list = await http.get('/v1/lab/inventory/transfer/inbound', { headers: lab });
    expect(list.data.InventoryTransfer.at(-1).Item[0].InventoryID).toBe(sampleUid);
    expect(sim.state.inventory(lotUid)).toMatchObject({ LocationLicense: CULTIVATOR.license, InventoryType: 'Flower' });
  });

  it.each([
    [{ inventoryId: 4815020000009901, parentId: '4815020000003101', amount: 1 }, 'items[0].inventoryId: expected a UID'],
    [{ inventoryId: '481502000000990', parentId: '4815020000003101', amount: 1 }, 'items[0].inventoryId: expected a UID'],
    [{ inventoryId: '4815020000009901', parentId: '48150200000031011', amount: 1 }, 'items[0].parentId: expected a UID'],
  ])('refuses a control transfer whose UID is a number or the wrong length: %j', async (item, message) => {
    const response = await http.post('/_sim/transfers', { outboundLicense: CULTIVATOR.license, items: [item] });
    expect(response.status).toBe(400);
    expect(response.data.Error).toContain(message);
  });
});
