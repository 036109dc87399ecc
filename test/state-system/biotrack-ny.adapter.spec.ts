import * as path from 'node:path';
import { DEMO_ACCOUNTS, startSimulator, type RunningSimulator } from '../../src/simulator/biotrack-ny/simulator';
import { loadBiotrackMapping } from '../../src/state-system/biotrack-ny/mapping.loader';
import { BiotrackNyAdapter, type BiotrackConnection } from '../../src/state-system/biotrack-ny/biotrack-ny.adapter';
import { StateSystemFailure, type LicenseeAccount } from '../../src/state-system/state-system.port';
import type { SubmissionPayload } from '../../src/outbox/submission-payload';
import { CULTIVATOR, labSamplesAtSimulator, newUid } from './result-set.factory';
import { DEMO_LAB } from './simulator-env';

const MAPPING = loadBiotrackMapping(
  path.resolve(__dirname, '../../templates/state-system/biotrack-ny-mapping.json'),
  'zero_with_note',
);
const account = (license: string): LicenseeAccount => {
  const a = DEMO_ACCOUNTS.find((x) => x.license === license);
  if (!a) throw new Error(license);
  return { ubi: a.ubi, license: a.license, username: a.username, password: a.password };
};

describe('BiotrackNyAdapter against the simulator over real HTTP', () => {
  let sim: RunningSimulator;
  let ss: BiotrackNyAdapter;

  beforeAll(async () => {
    sim = await startSimulator({ seed: true });
  });
  beforeEach(() => {
    sim.control.reset();
    ss = adapterFor(sim);
  });
  afterAll(() => sim.close());

  describe('sessions', () => {
    it('logs in on first use and reuses the session', async () => {
      await ss.testCatalogue();
      await ss.testCatalogue();
      expect(requests()).toEqual(['POST /v1/lab/login 200', 'GET /v1/lab/test 200', 'GET /v1/lab/test 200']);
    });

    it('logs in again once when the state system answers 401, and repeats the call', async () => {
      await ss.testCatalogue();
      sim.control.expireSessions();
      expect(await ss.testCatalogue()).toHaveLength(10);
      expect(requests()).toEqual([
        'POST /v1/lab/login 200',
        'GET /v1/lab/test 200',
        'GET /v1/lab/test 401',
        'POST /v1/lab/login 200',
        'GET /v1/lab/test 200',
      ]);
    });

    it('shares one login between concurrent calls', async () => {
      await Promise.all([ss.testCatalogue(), ss.testCatalogue(), ss.testCatalogue()]);
      expect(requests().filter((r) => r.startsWith('POST /v1/lab/login'))).toHaveLength(1);
    });

    it('gives up after one fresh login still answers 401 (retryable: the next attempt tries again)', async () => {
      await ss.testCatalogue();
      sim.setFaults({ sessionExpireRate: 1 });
      await expect(ss.testCatalogue()).rejects.toMatchObject({ kind: 'retryable', details: { status: 401, code: '63' } });
      expect(requests().slice(-3)).toEqual(['GET /v1/lab/test 401', 'POST /v1/lab/login 200', 'GET /v1/lab/test 401']);
    });

    it('reports refused credentials as a login failure the next attempt retries', async () => {
      const wrong = adapterFor(sim, { password: 'not-the-password' });
      const failure = await wrong.testCatalogue().catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(StateSystemFailure);
      expect(failure).toMatchObject({
        kind: 'retryable',
        message: expect.stringMatching(/^login refused: POST \/v1\/lab\/login: HTTP 401 \(61\)/),
      });
    });
  });

  describe('transfers and samples', () => {
    it('lists inbound transfers with UIDs as strings, lots, product types from the mapping and LabSample ids once received', async () => {
      const transfers = await ss.inboundTransfers();
      expect(transfers.map((t) => [t.id, t.fromLicense, t.received])).toEqual([
        ['7001', 'OCM-CULT-24-000112', false],
        ['7002', 'OCM-PROC-24-000030', false],
        ['7003', 'OCM-MICR-24-000058', true],
      ]);
      expect(transfers[1].items.map((i) => [i.uid, i.parentUid, i.inventoryType, i.productType, i.stateRef])).toEqual([
        ['4815020000009003', '4815020000004201', 'Pre-Roll', 'pre_roll', null],
        ['4815020000009004', '4815020000004202', 'Infused Pre-Roll', 'infused_pre_roll', null],
        ['4815020000009005', '4815020000004203', 'Concentrate', 'concentrate', null],
      ]);
      expect(transfers[2].items.map((i) => i.stateRef)).toEqual([expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)]);
    });

    it('receives a transfer once: the same key replays the answer, another key is refused', async () => {
      const received = await ss.receiveTransfer('7001', 'receive-7001');
      const replay = await ss.receiveTransfer('7001', 'receive-7001');
      expect(received.samples.map((s) => s.uid)).toEqual(['4815020000009001', '4815020000009002']);
      expect(replay).toEqual(received);
      expect(sim.state.effects({ kind: 'receive-transfer' })).toHaveLength(1);
      await expect(ss.receiveTransfer('7001', 'another-key')).rejects.toMatchObject({
        kind: 'permanent',
        details: { status: 409 },
      });
    });

    it('finds a lab sample by UID or by its id, and answers null for one the lab does not have', async () => {
      const uid = '4815020000009006';
      const byUid = await ss.findSample({ uid });
      expect(byUid).toMatchObject({ uid, parentUid: '4815020000005301', status: 'Pending', results: [] });
      expect(await ss.findSample({ stateSampleId: byUid?.stateSampleId ?? 0 })).toEqual(byUid);
      expect(await ss.findSample({ uid: '4815029999999999' })).toBeNull();
      expect(await ss.findSample({ stateSampleId: 999_999 })).toBeNull();
    });
  });

  describe('results', () => {
    it('posts results, and then holds them: a later check finds them with the transaction that wrote them', async () => {
      const { uid, id } = await labSample();
      const receipt = await ss.postResults(id, payload(uid), 'key-post-1');
      const sample = await ss.findSample({ uid });
      expect(sample?.results.map((r) => [r.testId, r.panel, r.value, r.pass, r.labProvided, r.note])).toEqual([
        [8, 'lead', 0.12, true, true, null],
        [8, 'cadmium', 0, true, true, 'ND'],
      ]);
      expect(await ss.holdsResults(sample!, payload(uid))).toEqual({ held: true, transactionId: receipt.transactionId });
      expect(sim.state.effects({ sample: uid })[0]).toMatchObject({
        externalId: 'key-post-1',
        transactionId: Number(receipt.transactionId),
      });
    });

    it('amends results with PUT', async () => {
      const { uid, id } = await labSample();
      await ss.postResults(id, payload(uid), 'key-post-2');
      await ss.amendResults(id, payload(uid, '0.14', 'lead re-integrated'), 'key-amend-2');
      expect(sim.state.amendments(uid)).toEqual([
        expect.objectContaining({ reason: 'lead re-integrated', externalId: 'key-amend-2' }),
      ]);
    });

    it('calls a write answered 500 after it was applied ambiguous; the results are then found held', async () => {
      const { uid, id } = await labSample();
      sim.setFaults({ appliedButErrorRate: 1 });
      await expect(ss.postResults(id, payload(uid), 'key-3')).rejects.toMatchObject({
        kind: 'ambiguous',
        details: { status: 500 },
      });
      sim.setFaults({});
      expect(await ss.holdsResults((await ss.findSample({ uid }))!, payload(uid))).toMatchObject({ held: true });
      expect(sim.state.effectCount(uid)).toBe(1);
    });

    it('calls a 429 retryable and passes on its Retry-After', async () => {
      const { uid, id } = await labSample();
      sim.setFaults({ rate429: 1, retryAfterSeconds: 3 });
      await expect(ss.postResults(id, payload(uid), 'key-4')).rejects.toMatchObject({
        kind: 'retryable',
        details: { status: 429, retryAfterMs: 3000 },
      });
    });

    it('calls a dropped connection ambiguous for a write and retryable for a read', async () => {
      const { uid, id } = await labSample();
      sim.setFaults({ dropRate: 1 });
      await expect(ss.postResults(id, payload(uid), 'key-5')).rejects.toMatchObject({
        kind: 'ambiguous',
        details: { code: 'ECONNRESET' },
      });
      await expect(ss.findSample({ uid })).rejects.toMatchObject({ kind: 'retryable' });
    });

    it('calls a write that timed out ambiguous', async () => {
      const { uid, id } = await labSample();
      const impatient = adapterFor(sim, {}, 150);
      await impatient.holdsResults((await impatient.findSample({ uid }))!, payload(uid));
      sim.setFaults({ latencyMs: 400 });
      await expect(impatient.postResults(id, payload(uid), 'key-6')).rejects.toMatchObject({
        kind: 'ambiguous',
        details: { code: 'ETIMEDOUT' },
      });
    });

    it('calls a refusal permanent and passes on the state system’s reason', async () => {
      const strict = await startSimulator({ seed: false, behaviour: { acceptTestNote: false } });
      try {
        labSamplesAtSimulator(strict, ['4815020000007777']);
        const adapter = adapterFor(strict);
        const sample = await adapter.findSample({ uid: '4815020000007777' });
        const failure = await adapter
          .postResults(sample!.stateSampleId, payload('4815020000007777'), 'key-7')
          .catch((e: unknown) => e);
        expect(failure).toMatchObject({ kind: 'permanent', details: { status: 400, code: '602' } });
        expect((failure as Error).message).toMatch(/TestingData\[0\]\.TestResult\[1\]\.TestNote: not accepted/);
      } finally {
        await strict.close();
      }
    });
  });

  describe('licensee view', () => {
    it('pulls the results of a UID the licensee holds, with its own login', async () => {
      const { uid, id } = await labSample();
      await ss.postResults(id, payload(uid), 'key-8');
      const lot = sim.state.labSample(uid)?.ParentID ?? '';

      const view = await ss.pullResults(lot, account(CULTIVATOR));

      expect(view).toMatchObject({
        uid: lot,
        qaStatus: 'Pending',
        samples: [
          expect.objectContaining({
            uid,
            results: expect.arrayContaining([expect.objectContaining({ panel: 'lead', value: 0.12 })]),
          }),
        ],
      });
      expect(await ss.pullResults(lot, account('OCM-RETL-24-000415'))).toBeNull();
      expect(requests().filter((r) => r.startsWith('POST /v1/user/login'))).toHaveLength(2);
    });
  });

  async function labSample(): Promise<{ uid: string; id: number }> {
    const uid = newUid();
    labSamplesAtSimulator(sim, [uid]);
    const found = await ss.findSample({ uid });
    if (!found) throw new Error('sample not at the simulator');
    // Reads (and caches) the test catalogue, so a fault set afterwards hits the write itself.
    await ss.holdsResults(found, payload(uid));
    return { uid, id: found.stateSampleId };
  }

  function requests(): string[] {
    return sim.state.requestLog().map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`);
  }
});

function adapterFor(sim: RunningSimulator, over: Partial<BiotrackConnection> = {}, timeoutMs = 2000): BiotrackNyAdapter {
  const connection: BiotrackConnection = {
    baseUrl: sim.url,
    ubi: DEMO_LAB.ubi,
    license: DEMO_LAB.license,
    username: DEMO_LAB.username,
    password: DEMO_LAB.password,
    ...over,
  };
  return new BiotrackNyAdapter(connection, MAPPING, { timeoutMs });
}

function payload(uid: string, lead = '0.12', amendmentReason: string | null = null): SubmissionPayload {
  return {
    sample: {
      id: 's',
      labSampleId: `LAB-${uid}`,
      uid,
      sourceUid: null,
      stateRef: null,
      productType: 'flower',
      clientLicense: CULTIVATOR,
    },
    resultSet: {
      id: 'rs',
      version: amendmentReason ? 2 : 1,
      amends: amendmentReason ? { id: 'rs0', version: 1 } : null,
      amendmentReason,
    },
    origin: 'import',
    offlineSource: null,
    certificateUrl: 'http://localhost:3000/api/certificates/rs.pdf',
    releasedAt: '2025-03-01T10:00:00.000Z',
    approvedBy: 'maria',
    results: [
      { panel: 'metals', analyte: 'lead', value: lead, qualifier: null, unit: 'ug/g', loq: null, limit: '0.5', status: 'pass' },
      {
        panel: 'metals',
        analyte: 'cadmium',
        value: null,
        qualifier: 'ND',
        unit: 'ug/g',
        loq: '0.05',
        limit: '0.2',
        status: 'pass',
      },
    ],
  };
}
