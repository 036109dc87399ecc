import type { EntityManager } from '@mikro-orm/core';
import { SampleAlias } from './sample-alias.entity';
import { Sample } from './sample.entity';

export interface SampleKeys {
  uid?: string;
  labSampleId?: string;
  batch?: string;
}

/** Values per `IN (…)` list: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

/**
 * The samples many references name, found with a few `IN` queries instead of a query or three per
 * reference (an instrument export can name 10,000 samples).
 * The rule: the UID first, then the lab sample id, then a name a person taught (an alias: "1318" is the sample
 * whose lab ID is "1318-A"), then a batch that names exactly one sample. Clients are loaded.
 */
export async function findSamplesByKeys(em: EntityManager, keys: SampleKeys[]): Promise<Array<Sample | null>> {
  const uids = distinct(keys.map((k) => k.uid));
  const labIds = distinct(keys.map((k) => k.labSampleId));
  const batches = distinct(keys.map((k) => k.batch));
  const byUid = new Map<string, Sample>();
  const byLabId = new Map<string, Sample>();
  const byBatch = new Map<string, Sample[]>();
  for (const chunk of chunks(uids)) {
    for (const s of await em.find(Sample, { uid: { $in: chunk } }, { populate: ['client'] })) byUid.set(s.uid!, s);
  }
  for (const chunk of chunks(labIds)) {
    for (const s of await em.find(Sample, { labSampleId: { $in: chunk } }, { populate: ['client'] }))
      byLabId.set(s.labSampleId, s);
  }
  const byAlias = new Map<string, Sample>();
  const unknownIds = labIds.filter((id) => !byLabId.has(id));
  for (const chunk of chunks(unknownIds)) {
    for (const a of await em.find(SampleAlias, { alias: { $in: chunk } }, { populate: ['sample', 'sample.client'] }))
      byAlias.set(a.alias, a.sample);
  }
  for (const chunk of chunks(batches)) {
    for (const s of await em.find(Sample, { batch: { $in: chunk } }, { populate: ['client'] })) {
      const list = byBatch.get(s.batch!) ?? [];
      list.push(s);
      byBatch.set(s.batch!, list);
    }
  }
  return keys.map((k) => {
    const uid = k.uid ? byUid.get(k.uid) : undefined;
    if (uid) return uid;
    const labId = k.labSampleId ? byLabId.get(k.labSampleId) : undefined;
    if (labId) return labId;
    const alias = k.labSampleId ? byAlias.get(k.labSampleId) : undefined;
    if (alias) return alias;
    const batch = k.batch ? byBatch.get(k.batch) : undefined;
    return batch?.length === 1 ? batch[0] : null;
  });
}

function distinct(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
}

function chunks<T>(values: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}
