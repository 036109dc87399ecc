import type { AxiosInstance } from 'axios';
import { startSimulator, type RunningSimulator } from '../../src/simulator/biotrack-ny/simulator';
import {
  CULTIVATOR,
  httpTo,
  LAB,
  loginAs,
  passingFlowerResults,
  PROCESSOR,
  receivedSample,
  RETAILER,
  type SessionHeaders,
} from './simulator-test-client';

describe('BioTrack NY simulator: licensee result pulls', () => {
  let sim: RunningSimulator;
  let http: AxiosInstance;
  let lab: SessionHeaders;
  let processor: SessionHeaders;
  let retailer: SessionHeaders;
  let cultivator: SessionHeaders;
  let sampleUid: string;
  let lotUid: string;

  beforeAll(async () => {
    sim = await startSimulator({ seed: false });
    http = httpTo(sim);
    lab = await loginAs(http, LAB);
    processor = await loginAs(http, PROCESSOR);
    retailer = await loginAs(http, RETAILER);
    cultivator = await loginAs(http, CULTIVATOR);
    ({ sampleUid, lotUid } = receivedSample(sim, { licensee: PROCESSOR.license }));
    const posted = await http.post(
      `/v1/lab/sample/${sampleUid}/result`,
      { TestingData: passingFlowerResults(), CertOfAnalysisHyperlink: 'https://lab.example/coa/77.pdf' },
      { headers: lab },
    );
    expect(posted.status).toBe(200);
  });
  afterAll(() => sim.close());

  it('shows the holder its lot with QAStatus and the lab samples drawn from it, results included', async () => {
    const response = await http.get(`/v1/inventory/${lotUid}`, { headers: processor });
    expect(response.status).toBe(200);
    expect(response.data.Inventory).toMatchObject({ ID: lotUid, LocationLicense: PROCESSOR.license, QAStatus: 'Passed' });
    expect(response.data.Inventory.LabSample).toEqual([
      expect.objectContaining({
        InventoryID: sampleUid,
        ParentID: lotUid,
        Result: 'Passed',
        CertOfAnalysisHyperlink: 'https://lab.example/coa/77.pdf',
      }),
    ]);
    expect(response.data.Inventory.LabSample[0].TestingData).toHaveLength(9);
  });

  it('answers 404 to a licensee that does not hold the lot', async () => {
    const response = await http.get(`/v1/inventory/${lotUid}`, { headers: cultivator });
    expect(response.status).toBe(404);
    expect((await http.get(`/v1/inventory/lab/sample/${sampleUid}`, { headers: cultivator })).status).toBe(404);
    const list = await http.get('/v1/inventory/lab/sample', { headers: cultivator });
    expect(list.data.LabSample).toEqual([]);
  });

  it('lists the holder’s samples and its inventory with nested results, filtered by ?inventoryid=', async () => {
    const samples = await http.get('/v1/inventory/lab/sample', { headers: processor, params: { inventoryid: lotUid } });
    expect(samples.data).toEqual({
      LabSample: [expect.objectContaining({ InventoryID: sampleUid })],
      NextCursor: 0,
      NextTransactionID: expect.any(Number),
    });
    const results = await http.get('/v1/inventory/lab/test/result', { headers: processor, params: { inventoryid: lotUid } });
    expect(results.status).toBe(200);
    expect(results.data.Inventory).toEqual([
      expect.objectContaining({ ID: lotUid, QAStatus: 'Passed', LabSample: [expect.objectContaining({ Result: 'Passed' })] }),
    ]);
  });

  it('moves the results with the product: after a transfer to the retailer only the retailer sees them', async () => {
    const moved = await http.post(`/_sim/inventory/${lotUid}/move`, { toLicense: RETAILER.license });
    expect(moved.status).toBe(200);

    const forRetailer = await http.get(`/v1/inventory/${lotUid}`, { headers: retailer });
    expect(forRetailer.status).toBe(200);
    expect(forRetailer.data.Inventory).toMatchObject({ LocationLicense: RETAILER.license, QAStatus: 'Passed' });
    const sample = await http.get(`/v1/inventory/lab/sample/${sampleUid}`, { headers: retailer });
    expect(sample.data.LabSample).toMatchObject({ InventoryID: sampleUid, Result: 'Passed' });

    expect((await http.get(`/v1/inventory/${lotUid}`, { headers: processor })).status).toBe(404);
    const results = await http.get('/v1/inventory/lab/test/result', { headers: processor });
    expect(results.data.Inventory).toEqual([]);
  });

  it.each([
    ['/v1/inventory/4815020000003101x', 'id: expected a UID: a string of exactly 16 digits'],
    ['/v1/inventory/481502000000310', 'id: expected a UID: a string of exactly 16 digits'],
    ['/v1/inventory/lab/test/result?inventoryid=48150200000031010', 'inventoryid: expected a UID: a string of exactly 16 digits'],
    ['/v1/inventory/lab/sample?inventoryId=4815020000003101', 'unknown field "inventoryId"'],
  ])('refuses %s with 400 naming the field', async (path, message) => {
    const response = await http.get(path, { headers: processor });
    expect(response.status).toBe(400);
    expect(response.data).toEqual({ Error: expect.stringContaining(message), ErrorCode: '602' });
  });

  it('registers inventory through the control endpoint for its holder only', async () => {
    const created = await http.post('/_sim/inventory', {
      inventory: [{ id: '4815020000777001', inventoryType: 'Concentrate', locationLicense: CULTIVATOR.license }],
    });
    expect(created.status).toBe(201);
    expect((await http.get('/v1/inventory/4815020000777001', { headers: cultivator })).data.Inventory).toMatchObject({
      QAStatus: 'Pending',
      LabSample: [],
    });
    expect((await http.get('/v1/inventory/4815020000777001', { headers: processor })).status).toBe(404);
    expect(
      (
        await http.post('/_sim/inventory', {
          inventory: [{ id: 4815020000777002, inventoryType: 'Flower', locationLicense: 'x' }],
        })
      ).data.Error,
    ).toContain('inventory[0].id: expected a UID');
  });
});
