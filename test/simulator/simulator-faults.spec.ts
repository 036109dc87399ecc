import type { AxiosInstance, AxiosResponse } from 'axios';
import { seededRandom, startSimulator, type RunningSimulator } from '../../src/simulator/biotrack-ny/simulator';
import {
  drawsInOrder,
  httpTo,
  LAB,
  loginAs,
  passingFlowerResults,
  receivedSample,
  testingData,
  type SessionHeaders,
} from './simulator-test-client';

describe('BioTrack NY simulator: fault injection', () => {
  let sim: RunningSimulator;
  let http: AxiosInstance;
  let lab: SessionHeaders;
  let draws: () => number = () => 0.5;

  beforeAll(async () => {
    sim = await startSimulator({ seed: false, random: () => draws() });
    http = httpTo(sim);
  });
  beforeEach(async () => {
    sim.control.reset();
    draws = () => 0.5;
    lab = await loginAs(http, LAB);
  });
  afterAll(() => sim.close());

  it('delays answers by latencyMs', async () => {
    sim.setFaults({ latencyMs: 80 });
    const started = Date.now();
    const response = await http.get('/v1/lab/test', { headers: lab });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('draws a latency within a [min, max] range', async () => {
    sim.setFaults({ latencyMs: [40, 60] });
    draws = drawsInOrder(0);
    const started = Date.now();
    await http.get('/v1/lab/test', { headers: lab });
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });

  it.each([
    [0.1, 'drop'],
    [0.3, '429'],
    [0.6, '5xx'],
    [0.9, 'session-expired'],
  ])('with four faults at 25 %% each, the draw %d picks %s', async (draw, fault) => {
    sim.setFaults({ dropRate: 0.25, rate429: 0.25, error5xxRate: 0.25, sessionExpireRate: 0.25 });
    draws = drawsInOrder(draw);
    await http.get('/v1/lab/test', { headers: lab }).catch(() => undefined);
    expect(sim.state.requestLog().at(-1)?.fault).toBe(fault);
  });

  it('answers 5xx in the contract’s error shape, doing nothing', async () => {
    const { sampleUid } = receivedSample(sim);
    sim.setFaults({ error5xxRate: 1, error5xxStatuses: [502] });
    const response = await postResults(sampleUid, { TestingData: [testingData(8, { lead: 0.1 })] });
    expect(response.status).toBe(502);
    expect(response.data).toEqual({ Error: 'server error (simulated 502)', ErrorCode: '502' });
    expect(sim.state.effectCount(sampleUid)).toBe(0);
  });

  it('answers 503 with Retry-After', async () => {
    sim.setFaults({ error5xxRate: 1, error5xxStatuses: [503], retryAfterSeconds: 3 });
    const response = await http.get('/v1/lab/test', { headers: lab });
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('3');
  });

  it('answers 429 with Retry-After', async () => {
    sim.setFaults({ rate429: 1, retryAfterSeconds: 7 });
    const response = await http.get('/v1/lab/inventory/transfer/inbound', { headers: lab });
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.data.ErrorCode).toBe('429');
  });

  it('drops the connection without an answer: the client sees a reset socket', async () => {
    sim.setFaults({ dropRate: 1 });
    const error = await http.get('/v1/lab/test', { headers: lab }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: expect.stringMatching(/^(ECONNRESET|ERR_SOCKET_HANG_UP)$/) });
    expect(sim.state.requestLog().at(-1)).toMatchObject({ status: null, fault: 'drop' });
  });

  it('expires a live session early: 401/63, and the session is gone', async () => {
    sim.setFaults({ sessionExpireRate: 1 });
    const response = await http.get('/v1/lab/test', { headers: lab });
    expect(response.status).toBe(401);
    expect(response.data.ErrorCode).toBe('63');
    expect(sim.state.sessions().map((s) => s.token)).not.toContain(lab['X-Session-Token']);

    sim.setFaults({});
    expect((await http.get('/v1/lab/test', { headers: lab })).status).toBe(401);
    const fresh = await loginAs(http, LAB);
    expect((await http.get('/v1/lab/test', { headers: fresh })).status).toBe(200);
  });

  it('applies the write but answers 500; a retry with the same ExternalID gets the first answer and no second effect', async () => {
    const { sampleUid } = receivedSample(sim);
    const body = { TestingData: passingFlowerResults(), ExternalID: 'applied-once' };
    sim.setFaults({ appliedButErrorRate: 1 });
    const failed = await postResults(sampleUid, body);
    expect(failed.status).toBe(500);
    expect(failed.data.ErrorCode).toBe('500');
    expect(sim.state.effectCount(sampleUid, 'post-result')).toBe(1);
    expect(sim.state.labSample(sampleUid)?.Result).toBe('Passed');
    expect(sim.state.requestLog().at(-1)).toMatchObject({ status: 500, fault: 'applied-but-500' });

    sim.setFaults({});
    const retried = await postResults(sampleUid, body);
    expect(retried.status).toBe(200);
    expect(retried.data.LabSample[0]).toMatchObject({ InventoryID: sampleUid, Result: 'Passed' });
    expect(sim.state.effectCount(sampleUid, 'post-result')).toBe(1);
  });

  it('never faults the control endpoints', async () => {
    sim.setFaults({ dropRate: 1, latencyMs: 2_000 });
    const started = Date.now();
    const state = await http.get('/_sim/state');
    expect(state.status).toBe(200);
    expect(state.data.faults).toEqual({ dropRate: 1, latencyMs: 2_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await http.post('/_sim/faults', {})).status).toBe(200);
  });

  it.each([
    [{ error5xxRate: 1.5 }, 'error5xxRate: expected a rate from 0 to 1'],
    [{ dropRate: 0.6, rate429: 0.6 }, 'must not exceed 1'],
    [{ latencyMs: [50, 10] }, 'latencyMs: expected [min, max] with min <= max'],
    [{ flakiness: 0.1 }, 'unknown field "flakiness"'],
  ])('refuses the fault configuration %j naming the problem', async (faults, message) => {
    const response = await http.post('/_sim/faults', faults);
    expect(response.status).toBe(400);
    expect(response.data.Error).toContain(message);
    expect(() => sim.setFaults(faults as never)).toThrow(message);
  });

  it('with 30 % 5xx, 429s, early expiry and applied-but-500, a retrying client gets every result set accepted exactly once', async () => {
    draws = seededRandom(20250301);
    const samples = Array.from({ length: 25 }, () => receivedSample(sim).sampleUid);
    sim.setFaults({
      error5xxRate: 0.3,
      rate429: 0.1,
      sessionExpireRate: 0.05,
      dropRate: 0.05,
      appliedButErrorRate: 0.2,
      retryAfterSeconds: 0,
    });

    const outcomes = await Promise.all(
      samples.map((uid) => postUntilAccepted(uid, { TestingData: passingFlowerResults(), ExternalID: `set-${uid}` })),
    );

    expect(outcomes.every((o) => o.status === 200)).toBe(true);
    for (const uid of samples) expect(sim.state.effectCount(uid, 'post-result')).toBe(1);
    const faults = new Set(sim.state.requestLog().map((r) => r.fault));
    expect(faults).toEqual(new Set([null, '5xx', '429', 'session-expired', 'drop', 'applied-but-500']));
  });

  function postResults(sample: string, body: object, headers: SessionHeaders = lab): Promise<AxiosResponse> {
    return http.post(`/v1/lab/sample/${sample}/result`, body, { headers });
  }

  /** The retry discipline the outbox follows: same ExternalID every time, log in again on 401, retry the rest. */
  async function postUntilAccepted(sample: string, body: object): Promise<AxiosResponse> {
    let headers = lab;
    for (let attempt = 1; attempt <= 40; attempt++) {
      const response = await postResults(sample, body, headers).catch(() => undefined);
      if (response?.status === 200) return response;
      if (response?.status === 401) headers = await loginUntilAccepted();
    }
    throw new Error(`results for ${sample} were never accepted`);
  }

  async function loginUntilAccepted(): Promise<SessionHeaders> {
    for (let attempt = 1; attempt <= 40; attempt++) {
      const session = await loginAs(http, LAB).catch(() => undefined);
      if (session) return session;
    }
    throw new Error('login never succeeded');
  }
});
