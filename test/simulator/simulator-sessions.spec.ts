import type { AxiosInstance } from 'axios';
import { startSimulator, type RunningSimulator } from '../../src/simulator/biotrack-ny/simulator';
import { CULTIVATOR, httpTo, LAB, loginAs, loginRequest, PROCESSOR } from './simulator-test-client';

describe('BioTrack NY simulator: login and sessions', () => {
  let sim: RunningSimulator;
  let http: AxiosInstance;
  let nowMs = Date.UTC(2025, 2, 1, 12, 0, 0);

  beforeAll(async () => {
    sim = await startSimulator({ sessionTtlSeconds: 60, now: () => nowMs });
    http = httpTo(sim);
  });
  afterAll(() => sim.close());

  it('answers a lab login with a Session token, and the token opens lab endpoints', async () => {
    const login = await loginRequest(http, LAB);
    expect(login.status).toBe(200);
    expect(login.data).toEqual({ Session: expect.any(String) });

    const headers = { 'X-Ubi': LAB.ubi, 'X-License': LAB.license, 'X-Session-Token': login.data.Session };
    const tests = await http.get('/v1/lab/test', { headers });
    expect(tests.status).toBe(200);
  });

  it.each([
    ['a wrong password', { ...LAB, password: 'wrong' }],
    ['an X-License other than the account’s', { ...LAB, license: 'OCM-CPL-2022-99999' }],
    ['an X-Ubi other than the account’s', { ...LAB, ubi: '999999999' }],
    ['licensee credentials on the lab login', { ...PROCESSOR, kind: 'lab' as const }],
    ['lab credentials on the user login', { ...LAB, kind: 'licensee' as const }],
  ])('refuses a login with %s: 401, ErrorCode 61', async (_case, account) => {
    const response = await loginRequest(http, account);
    expect(response.status).toBe(401);
    expect(response.data).toEqual({ Error: expect.stringContaining('login failed'), ErrorCode: '61' });
  });

  it('refuses a login without X-Ubi/X-License headers', async () => {
    const response = await http.post('/v1/lab/login', { Username: LAB.username, Password: LAB.password });
    expect(response.status).toBe(401);
    expect(response.data.Error).toContain('X-Ubi and X-License');
  });

  it('refuses a login body with an unknown field, naming it (400, ErrorCode 602)', async () => {
    const response = await http.post(
      '/v1/lab/login',
      { Username: LAB.username, Password: LAB.password, Remember: true },
      { headers: { 'X-Ubi': LAB.ubi, 'X-License': LAB.license } },
    );
    expect(response.status).toBe(400);
    expect(response.data).toEqual({ Error: expect.stringContaining('unknown field "Remember"'), ErrorCode: '602' });
  });

  it.each([
    ['a text/plain body', 'Username=lab', 'text/plain', 'body: expected a JSON object (send Content-Type: application/json)'],
    ['malformed JSON', '{"Username": ', 'application/json', 'body: '],
    ['a JSON array', '[]', 'application/json', 'body: '],
  ])('refuses %s with 400/602', async (_case, data, contentType, message) => {
    const response = await http.post('/v1/lab/login', data, {
      headers: { 'X-Ubi': LAB.ubi, 'X-License': LAB.license, 'Content-Type': contentType },
      transformRequest: [(body: unknown) => body],
    });
    expect(response.status).toBe(400);
    expect(response.data).toEqual({ Error: expect.stringContaining(message), ErrorCode: '602' });
  });

  it('answers 401/63 without X-Session-Token, and with a token sent under other X-Ubi/X-License headers', async () => {
    const lab = await loginAs(http, LAB);
    const missing = await http.get('/v1/lab/test', { headers: { 'X-Ubi': LAB.ubi, 'X-License': LAB.license } });
    expect(missing.status).toBe(401);
    expect(missing.data).toEqual({ Error: expect.stringContaining('X-Session-Token'), ErrorCode: '63' });

    const borrowed = await http.get('/v1/lab/test', { headers: { ...lab, 'X-License': CULTIVATOR.license } });
    expect(borrowed.status).toBe(401);
    expect(borrowed.data.ErrorCode).toBe('63');
  });

  it('expires a session sessionTtlSeconds after login (401/63), and a new login works again', async () => {
    const lab = await loginAs(http, LAB);
    nowMs += 59_000;
    expect((await http.get('/v1/lab/test', { headers: lab })).status).toBe(200);

    nowMs += 1_000;
    const expired = await http.get('/v1/lab/test', { headers: lab });
    expect(expired.status).toBe(401);
    expect(expired.data).toEqual({ Error: expect.stringContaining('expired'), ErrorCode: '63' });
    expect(sim.state.sessions().some((s) => s.token === lab['X-Session-Token'])).toBe(false);

    const again = await loginAs(http, LAB);
    expect((await http.get('/v1/lab/test', { headers: again })).status).toBe(200);
  });

  it('forgets every session when the control endpoint expires them', async () => {
    const lab = await loginAs(http, LAB);
    const expire = await http.post('/_sim/sessions/expire');
    expect(expire.status).toBe(200);
    expect(expire.data.expired).toBeGreaterThanOrEqual(1);
    expect((await http.get('/v1/lab/test', { headers: lab })).status).toBe(401);
  });

  it.each([
    ['a licensee session on a lab endpoint', PROCESSOR, '/v1/lab/sample'],
    ['a lab session on a licensee endpoint', LAB, '/v1/inventory/lab/sample'],
  ])('answers 403/62 to %s', async (_case, account, path) => {
    const headers = await loginAs(http, account);
    const response = await http.get(path, { headers });
    expect(response.status).toBe(403);
    expect(response.data.ErrorCode).toBe('62');
  });

  it('answers an unknown path in the contract’s error shape', async () => {
    const response = await http.get('/v1/lab/nothing-here');
    expect(response.status).toBe(404);
    expect(response.data).toEqual({ Error: 'no such endpoint: GET /v1/lab/nothing-here', ErrorCode: '404' });
  });
});
