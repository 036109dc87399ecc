import type { LabSample } from '../src/simulator/biotrack-ny/biotrack.types';
import type { ResultWriteBody } from '../src/state-system/biotrack-ny/biotrack.schemas';
import type { SimulatorProcess } from './simulator-process';

/**
 * Throws unless the simulator took exactly one result write per sample, none besides, and holds exactly the
 * values each body sent: a benchmark that sends wrong data, or sends twice, measures nothing worth having.
 */
export async function expectHeldOnce(sim: SimulatorProcess, bodies: Map<string, ResultWriteBody>, who: string): Promise<void> {
  const writes = new Map<string, number>();
  for (const e of await sim.resultPosts()) writes.set(e.inventoryId ?? '?', (writes.get(e.inventoryId ?? '?') ?? 0) + 1);
  const held = new Map((await sim.labSamples()).map((s) => [s.InventoryID, s]));
  const problems: string[] = [];
  for (const [uid, body] of bodies) {
    const count = writes.get(uid) ?? 0;
    if (count !== 1) problems.push(`${uid}: ${count} result writes`);
    const sample = held.get(uid);
    const want = sentResults(body);
    const got = sample ? heldResults(sample) : '(no lab sample)';
    if (got !== want) problems.push(`${uid}: holds ${got}, was sent ${want}`);
  }
  const strays = [...writes.keys()].filter((uid) => !bodies.has(uid));
  if (strays.length) problems.push(`result writes for samples nobody sent: ${strays.slice(0, 3).join(', ')}`);
  if (problems.length)
    throw new Error(`${who}: ${problems.length} problem(s) in what the simulator holds: ${problems.slice(0, 5).join('; ')}`);
}

function sentResults(body: ResultWriteBody): string {
  return body.TestingData.flatMap((d) => d.TestResult.map((r) => line(d.TestID, r as Record<string, unknown>)))
    .sort()
    .join(', ');
}

function heldResults(sample: LabSample): string {
  return sample.TestingData.flatMap((d) => d.TestResult.map((r) => line(d.TestID, r as unknown as Record<string, unknown>)))
    .sort()
    .join(', ');
}

function line(testId: number, r: Record<string, unknown>): string {
  return `${testId}:${String(r.TestPanel)}=${String(r.TestValue)}${r.TestNote === undefined ? '' : ` (${String(r.TestNote)})`}`;
}
