import type { EntityManager } from '@mikro-orm/core';
import { AuditService } from '../../src/audit/audit.service';
import { defaultRoute } from '../../src/catalog';
import { ResultSet } from '../../src/results/result-set.entity';
import { Client } from '../../src/samples/client.entity';
import { Sample } from '../../src/samples/sample.entity';
import { OutboxService } from '../../src/outbox/outbox.service';
import { BENCH_PASSWORD, type BenchApp } from '../bench-app';
import { uploadFile } from '../http-upload';
import { CULTIVATOR } from '../simulator-process';
import { longCsv } from './long-csv';

/** startBenchApp's technician: the imports are theirs, so they submit. */
const TECHNICIAN = 'bench.tech';
export const MANAGER = 'bench.manager';
/** Sets per transaction when submitting or approving in bulk. */
export const SETS_PER_TRANSACTION = 50;

/** A sample the state system shipped to the lab: the lab's own id (what the instrument prints) and the state's UIDs. */
export interface StateSample {
  labSampleId: string;
  uid: string;
  parentUid: string;
}

/**
 * `count` samples for reporting run `run` (0–9), with a potency CSV naming them: 16-digit UIDs `48<run><n>` drawn
 * from lots `49<run><n>`, so the runs of one database never share a UID.
 */
export function reportingRun(run: number, count: number): { samples: StateSample[]; csv: ReturnType<typeof longCsv> } {
  const csv = longCsv(`r${run}`, count);
  const samples = csv.sampleIds.map((labSampleId, i) => ({
    labSampleId,
    uid: `48${run}${String(i + 1).padStart(13, '0')}`,
    parentUid: `49${run}${String(i + 1).padStart(13, '0')}`,
  }));
  return { samples, csv };
}

/**
 * Registers the samples as a sample sync leaves them (UID, lot, LabSample.ID), straight through the ORM: like
 * BenchApp.registerSamples, registration is not what is measured.
 */
export async function registerStateSamples(
  app: BenchApp,
  samples: StateSample[],
  stateSampleIds: Map<string, number>,
): Promise<void> {
  const em = app.orm.em.fork();
  const client = (await em.findOne(Client, { licenseNumber: CULTIVATOR })) ?? new Client(CULTIVATOR, 'Finger Lakes Farm');
  em.persist(client);
  for (const s of samples) {
    const sample = new Sample(s.labSampleId, client, 'flower', defaultRoute('flower'));
    sample.uid = s.uid;
    sample.sourceUid = s.parentUid;
    sample.origin = 'state-system';
    sample.stateSampleId = stateSampleIds.get(s.uid) ?? null;
    em.persist(sample);
  }
  await em.flush();
}

/** Imports the run's CSV over HTTP as the technician; answers the ids of the draft result sets, in the file's order. */
export async function importDrafts(app: BenchApp, csv: ReturnType<typeof longCsv>): Promise<string[]> {
  const answer = await uploadFile(app.baseUrl, app.techToken, csv, csv.fields);
  if (answer.status !== 201 || answer.body.unmatchedPage?.total) {
    throw new Error(
      `${csv.name}: expected 201 with every sample matched, got ${answer.status}: ${answer.body.message ?? JSON.stringify(answer.body).slice(0, 300)}`,
    );
  }
  const ids = ((answer.body.resultSets ?? []) as unknown as Array<{ id: string }>).map((s) => s.id);
  if (ids.length !== csv.sampleIds.length)
    throw new Error(`${csv.name}: ${csv.sampleIds.length} samples, ${ids.length} result sets drafted`);
  return ids;
}

/**
 * The technician submits every draft for review, fifty per transaction: over HTTP each submit costs tens of
 * milliseconds, one at a time, and submitting is not what is measured.
 */
export async function submitInBulk(app: BenchApp, ids: string[]): Promise<void> {
  const audit = new AuditService(app.orm.em);
  await inChunks(app, ids, async (em, chunk) => {
    const moved = await em.nativeUpdate(
      ResultSet,
      { id: { $in: chunk }, status: 'draft' },
      { status: 'in_review', submittedBy: TECHNICIAN, updatedAt: new Date() },
    );
    if (moved !== chunk.length) throw new Error(`submitted ${moved} of ${chunk.length} drafts`);
    await audit.recordMany(
      em,
      chunk.map((id) => ({
        actor: TECHNICIAN,
        action: 'result_set.submitted',
        entityType: 'result_set',
        entityId: id,
        before: { status: 'draft' },
        after: { status: 'in_review', submittedBy: TECHNICIAN },
      })),
    );
  });
}

/**
 * The manager approves sets in review fifty per transaction, doing what an approval does to the database (the
 * set approved, its outbox row queued by the service's own OutboxService, the audit event), at the pace of a lab
 * that approves faster than the state system is sent to; over HTTP approvals go one at a time.
 */
export async function approveInBulk(app: BenchApp, ids: string[]): Promise<void> {
  const audit = new AuditService(app.orm.em);
  const outbox = app.get(OutboxService);
  await inChunks(app, ids, async (em, chunk) => {
    const sets = await em.find(
      ResultSet,
      { id: { $in: chunk }, status: 'in_review' },
      { populate: ['results', 'sample.client'] },
    );
    if (sets.length !== chunk.length) throw new Error(`${sets.length} of ${chunk.length} sets are in review`);
    const releasedAt = new Date();
    for (const set of sets) {
      set.status = 'approved';
      set.approvedBy = MANAGER;
      set.approvedAt = releasedAt;
      await outbox.enqueue(em, set, set.results.getItems(), { actor: MANAGER, releasedAt });
    }
    await audit.recordMany(
      em,
      sets.map((set) => ({
        actor: MANAGER,
        action: 'result_set.approved',
        entityType: 'result_set',
        entityId: set.id,
        before: { status: 'in_review' },
        after: { status: 'approved', approvedAt: releasedAt.toISOString() },
      })),
    );
  });
}

async function inChunks(
  app: BenchApp,
  ids: string[],
  work: (em: EntityManager, chunk: string[]) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < ids.length; i += SETS_PER_TRANSACTION) {
    await app.orm.em.fork().transactional((em) => work(em, ids.slice(i, i + SETS_PER_TRANSACTION)));
  }
}

/** A lab manager's token: the two-person rule wants someone other than the technician who imported and submitted. */
export async function managerToken(app: BenchApp): Promise<string> {
  const res = await fetch(`${app.baseUrl}/api/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.config.bootstrapAdminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      username: MANAGER,
      fullName: 'Bench Manager',
      title: 'Laboratory Director',
      role: 'manager',
      password: BENCH_PASSWORD,
    }),
  });
  if (res.status !== 201) throw new Error(`could not create the bench manager: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/**
 * The manager's signed approval of a bench set. The bench's sets hold potency only, so each is released as the
 * deliberately partial set a client who ordered only potency gets: the release gate's override, with its reason.
 */
export const SIGNED_PARTIAL_APPROVAL = {
  signature: { password: BENCH_PASSWORD, meaning: 'Reviewed and approved for release' },
  override: { reason: 'The client ordered potency only (bench)' },
};

/** POSTs a JSON body to the service; throws unless it answers 200. */
export async function post(baseUrl: string, token: string, route: string, body: unknown = {}): Promise<void> {
  const res = await fetch(`${baseUrl}${route}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST ${route}: ${res.status} ${text.slice(0, 300)}`);
}
