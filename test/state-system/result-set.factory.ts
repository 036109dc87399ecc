import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { type EntityManager, MikroORM } from '@mikro-orm/core';
import { Result } from '../../src/results/result.entity';
import { ResultSet } from '../../src/results/result-set.entity';
import { Client } from '../../src/samples/client.entity';
import { Sample } from '../../src/samples/sample.entity';
import { OutboxService } from '../../src/outbox/outbox.service';
import type { Submission } from '../../src/outbox/submission.entity';
import type { RunningSimulator } from '../../src/simulator/biotrack-ny/simulator';

/** The demo cultivator the simulator knows; its samples come to the demo lab. */
export const CULTIVATOR = 'OCM-CULT-24-000112';

export interface ResultSpec {
  panel: string;
  analyte: string;
  value?: string;
  qualifier?: string;
  unit: string;
  loq?: string;
  status: 'pass' | 'fail' | 'report_only' | 'not_tested';
  derived?: boolean;
}

/** Flower potency and two metals, one of them not detected. */
export const FLOWER_RESULTS: ResultSpec[] = [
  { panel: 'cannabinoids', analyte: 'thca', value: '26.82', unit: '%', status: 'report_only' },
  { panel: 'cannabinoids', analyte: 'delta9_thc', value: '0.31', unit: '%', status: 'report_only' },
  { panel: 'cannabinoids', analyte: 'total_thc', value: '23.83', unit: '%', status: 'report_only', derived: true },
  { panel: 'metals', analyte: 'lead', value: '0.12', unit: 'ug/g', status: 'pass' },
  { panel: 'metals', analyte: 'cadmium', qualifier: 'ND', unit: 'ug/g', status: 'pass' },
];

/** A fresh 16-digit UID (a string, as UIDs always are). */
export function newUid(): string {
  return `48${String(parseInt(randomBytes(6).toString('hex'), 16))
    .padStart(14, '0')
    .slice(-14)}`;
}

/** Lab samples at the simulator's demo lab: an inbound transfer of these UIDs, already received. */
export function labSamplesAtSimulator(sim: RunningSimulator, uids: string[], outboundLicense = CULTIVATOR): void {
  for (let i = 0; i < uids.length; i += 500) {
    sim.control.createInboundTransfer({
      outboundLicense,
      received: true,
      items: uids
        .slice(i, i + 500)
        .map((uid) => ({ inventoryId: uid, parentId: newUid(), amount: 10, uom: 'g', inventoryType: 'Flower' })),
    });
  }
}

export interface ApprovedResultSet {
  sampleId: string;
  resultSetId: string;
  submissionId: string;
  uid: string;
}

export interface ResultSetOptions {
  uid: string;
  results?: ResultSpec[];
  origin?: string;
  meta?: Record<string, unknown>;
  /** The result set this one amends (a new version of the same sample). */
  amends?: string;
  amendmentReason?: string;
  releasedAt?: Date;
  stateSampleId?: number;
}

/**
 * An approved result set queued for the state system exactly as the approval does it: Sample (+ Client),
 * ResultSet (approved), Result rows and `OutboxService.enqueue` in one transaction.
 */
export async function approveResultSet(app: INestApplication, opts: ResultSetOptions): Promise<ApprovedResultSet> {
  const outbox = app.get(OutboxService);
  const releasedAt = opts.releasedAt ?? new Date();
  return app
    .get(MikroORM)
    .em.fork()
    .transactional(async (em) => {
      const { set, sample, results } = await buildResultSet(em, opts);
      set.status = 'approved';
      set.submittedBy = 'tara';
      set.approvedBy = 'maria';
      set.approvedAt = releasedAt;
      await em.flush();
      const submission: Submission = await outbox.enqueue(em, set, results, { actor: 'maria', releasedAt });
      return { sampleId: sample.id, resultSetId: set.id, submissionId: submission.id, uid: opts.uid };
    });
}

/** A draft result set, as an import leaves it, created by `importer`; the review workflow takes it from there. */
export async function draftResultSet(app: INestApplication, opts: ResultSetOptions): Promise<{ resultSetId: string }> {
  return app
    .get(MikroORM)
    .em.fork()
    .transactional(async (em) => {
      const { set } = await buildResultSet(em, opts);
      await em.flush();
      return { resultSetId: set.id };
    });
}

async function buildResultSet(
  em: EntityManager,
  opts: ResultSetOptions,
): Promise<{ set: ResultSet; sample: Sample; results: Result[] }> {
  let sample = await em.findOne(Sample, { uid: opts.uid }, { populate: ['client'] });
  if (!sample) {
    const client = (await em.findOne(Client, { licenseNumber: CULTIVATOR })) ?? new Client(CULTIVATOR, 'Finger Lakes Farm');
    sample = new Sample(`LAB-${opts.uid}`, client, 'flower', 'inhaled');
    sample.uid = opts.uid;
    sample.stateSampleId = opts.stateSampleId ?? null;
    em.persist(client);
    em.persist(sample);
  }
  const set = new ResultSet(sample, opts.origin ?? (opts.amends ? 'amendment' : 'import'), 'importer');
  set.meta = opts.meta ?? null;
  if (opts.amends) {
    const previous = await em.findOneOrFail(ResultSet, { id: opts.amends });
    previous.status = 'superseded';
    set.amends = previous;
    set.version = previous.version + 1;
    set.amendmentReason = opts.amendmentReason ?? 'corrected after re-integration';
  }
  em.persist(set);
  const results = (opts.results ?? FLOWER_RESULTS).map((spec, i) => {
    const r = new Result(set, {
      panel: spec.panel,
      analyte: spec.analyte,
      name: spec.analyte,
      unit: spec.unit,
      reportedValue: spec.value ?? spec.qualifier ?? '',
      reportedUnit: spec.unit,
      status: spec.status,
      provenance: { kind: 'cell', sha256: 'a'.repeat(64), row: i + 2, column: 'C' },
      value: spec.value,
      qualifier: spec.qualifier,
      loq: spec.loq,
    });
    r.derived = spec.derived ?? false;
    em.persist(r);
    return r;
  });
  return { set, sample, results };
}
