import request from 'supertest';
import { STATE_SYSTEM, type StateSystem } from '../../../src/state-system/state-system.port';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';

// Demo licensees of the built-in simulator, each with a state-system account.
const RETAILER = 'OCM-RETL-24-000415';
const CULTIVATOR = 'OCM-CULT-24-000112';
const unknownUid = (n: number) => `99990000${String(n).padStart(8, '0')}`;

describe('licensee look-ups of UIDs the service holds nothing for: cached, asked once, limited per license', () => {
  let t: TestApp;
  let retailer: string;
  let grower: string;
  let asked: jest.SpyInstance;
  beforeAll(async () => {
    t = await startTestApp({ LICENSEE_LOOKUPS_PER_LICENSE: '5' });
    retailer = await t.userToken('shop', 'licensee', RETAILER);
    grower = await t.userToken('grower', 'licensee', CULTIVATOR);
    asked = jest.spyOn(t.app.get<StateSystem>(STATE_SYSTEM), 'pullResults');
  });
  afterAll(async () => t.close());
  beforeEach(() => asked.mockClear());

  const pull = (token: string, uid: string) => request(t.http).get(`/api/licensee/results?uid=${uid}`).set(bearer(token));

  it('asks the state system once for the same unknown UID looked up many times at once and again', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => pull(retailer, unknownUid(1))));
    await pull(retailer, unknownUid(1)).expect(404);

    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(404));
    expect(asked).toHaveBeenCalledTimes(1);
  });

  it('answers 429 with Retry-After once a license has asked about LICENSEE_LOOKUPS_PER_LICENSE UIDs, and not other licenses', async () => {
    const statuses: number[] = [];
    for (let n = 2; n <= 6; n++) statuses.push((await pull(retailer, unknownUid(n))).status);
    const limited = await pull(retailer, unknownUid(7));

    // UID 1 was asked in the test before: four new UIDs reach the limit of five, the fifth new one is refused.
    expect(statuses).toEqual([404, 404, 404, 404, 429]);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.body.message).toBe('too many look-ups in the state system for this license: try again in 60 s');
    expect(asked).toHaveBeenCalledTimes(4);
    await pull(retailer, unknownUid(2)).expect(404);
    await pull(grower, unknownUid(2)).expect(404);
    expect(asked).toHaveBeenCalledTimes(5);
  });
});
