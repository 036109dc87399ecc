import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { DEMO_ACCOUNTS, type RunningSimulator, type SimulatorAccount } from '../../src/simulator/biotrack-ny/simulator';

/** Talks to a running simulator over real HTTP; never throws on an HTTP status, so specs can assert on it. */
export function httpTo(sim: RunningSimulator): AxiosInstance {
  return axios.create({ baseURL: sim.url, validateStatus: () => true, timeout: 5000 });
}

export function demoAccount(license: string): SimulatorAccount {
  const account = DEMO_ACCOUNTS.find((a) => a.license === license);
  if (!account) throw new Error(`no demo account for ${license}`);
  return { ...account };
}

export const LAB = demoAccount('OCM-CPL-2022-00042');
export const CULTIVATOR = demoAccount('OCM-CULT-24-000112');
export const PROCESSOR = demoAccount('OCM-PROC-24-000030');
export const MICRO = demoAccount('OCM-MICR-24-000058');
export const RETAILER = demoAccount('OCM-RETL-24-000415');

export type SessionHeaders = Record<'X-Ubi' | 'X-License' | 'X-Session-Token', string>;

export function loginRequest(http: AxiosInstance, account: SimulatorAccount): Promise<AxiosResponse> {
  const path = account.kind === 'lab' ? '/v1/lab/login' : '/v1/user/login';
  return http.post(
    path,
    { Username: account.username, Password: account.password },
    { headers: { 'X-Ubi': account.ubi, 'X-License': account.license } },
  );
}

export async function loginAs(http: AxiosInstance, account: SimulatorAccount): Promise<SessionHeaders> {
  const response = await loginRequest(http, account);
  if (response.status !== 200)
    throw new Error(`login as ${account.username} answered ${response.status}: ${JSON.stringify(response.data)}`);
  return { 'X-Ubi': account.ubi, 'X-License': account.license, 'X-Session-Token': String(response.data.Session) };
}

/** A random source that answers the given draws in order, then draws that trigger nothing (0.999…). */
export function drawsInOrder(...draws: number[]): () => number {
  const queue = [...draws];
  return () => queue.shift() ?? 0.999_999;
}

let nextUid = 4_815_020_100_000_000;

/** A fresh 16-digit UID string for test data. */
export function freshUid(): string {
  nextUid += 1;
  return String(nextUid);
}

/**
 * Registers a lot at `licensee` and a received sample of it at the lab; answers the sample's UID and the lot's.
 */
export function receivedSample(
  sim: RunningSimulator,
  options: { licensee?: string; inventoryType?: string } = {},
): { sampleUid: string; lotUid: string } {
  const sampleUid = freshUid();
  const lotUid = freshUid();
  sim.control.createInboundTransfer({
    outboundLicense: options.licensee ?? PROCESSOR.license,
    received: true,
    items: [{ inventoryId: sampleUid, parentId: lotUid, amount: 10, inventoryType: options.inventoryType ?? 'Flower' }],
  });
  return { sampleUid, lotUid };
}

/** One test's worth of results, in the contract's body shape. */
export function testingData(testId: number, results: Record<string, number>, extra: Record<string, unknown> = {}) {
  return {
    TestID: testId,
    SamplePreparationTime: '2025-02-28T10:00:00Z',
    LabAnalysisTime: '2025-02-28T17:08:00-05:00',
    TestResult: Object.entries(results).map(([TestPanel, TestValue]) => ({ TestPanel, TestValue })),
    ...extra,
  };
}

/** Passing results for every test a flower sample needs (1–8 and 10), one panel each. */
export function passingFlowerResults() {
  return [
    testingData(1, { moisture: 11.2 }),
    testingData(2, { thca: 26.82, delta9_thc: 0.41 }),
    testingData(3, { foreign_matter_stems: 1 }),
    testingData(4, { salmonella: 0, total_yeast_and_mold: 1200 }),
    testingData(5, { butane: 12 }),
    testingData(6, { aflatoxin_b1: 2 }),
    testingData(7, { abamectin: 0.1 }),
    testingData(8, { lead: 0.12, arsenic: 0.05 }),
    testingData(10, { water_activity: 0.55 }),
  ];
}
