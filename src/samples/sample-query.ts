import type { FilterQuery } from '@mikro-orm/core';
import type { ResultSet } from '../results/result-set.entity';
import type { Sample } from './sample.entity';
import type { ListSamplesDto, SampleStatus } from './sample.schemas';

const DAY_MS = 86_400_000;

/** A draft sent back from review with a reason. */
const REJECTED: FilterQuery<ResultSet> = { status: 'draft', rejectionReason: { $ne: null } };
/** Being worked on: a draft nobody sent back, or a set waiting for review. */
const OPEN: FilterQuery<ResultSet> = { $or: [{ status: 'draft', rejectionReason: null }, { status: 'in_review' }] };

/**
 * Where a sample's results stand, from the most urgent: sent back (needs action), being worked on (in review),
 * released (an approved version and nothing open), nothing yet (waiting).
 */
const STATUS_WHERE: Record<SampleStatus, FilterQuery<Sample>> = {
  needs_action: { resultSets: { $some: REJECTED } },
  in_review: { resultSets: { $some: OPEN, $none: REJECTED } },
  released: { resultSets: { $some: { status: 'approved' }, $none: { status: { $in: ['draft', 'in_review'] } } } },
  waiting: { resultSets: { $none: {} } },
};

/** The same rule over a sample's loaded result sets (for the rows of a page). */
export function sampleStatus(sets: Array<{ status: string; rejectionReason: string | null }>): SampleStatus {
  if (sets.some((s) => s.status === 'draft' && s.rejectionReason !== null)) return 'needs_action';
  if (sets.some((s) => s.status === 'draft' || s.status === 'in_review')) return 'in_review';
  if (sets.some((s) => s.status === 'approved')) return 'released';
  return 'waiting';
}

/**
 * The filter of a samples list: search text over ids, product, client and batch (case-insensitive on both
 * databases: `ilike` is PostgreSQL's, SQLite's `like` already ignores ASCII case), then each filter given.
 */
export function sampleWhere(q: ListSamplesDto, postgres: boolean): FilterQuery<Sample> {
  const and: Array<FilterQuery<Sample>> = [];
  if (q.clientLicense) and.push({ client: { licenseNumber: q.clientLicense } });
  if (q.q) {
    const has = postgres ? { $ilike: `%${q.q}%` } : { $like: `%${q.q}%` };
    and.push({
      $or: [
        { labSampleId: has },
        { uid: q.q },
        { sourceUid: q.q },
        { batch: has },
        { productName: has },
        { client: { name: has } },
        { client: { licenseNumber: has } },
      ],
    });
  }
  if (q.productType) and.push({ productType: q.productType });
  if (q.origin) and.push({ origin: q.origin });
  if (q.transferId) and.push({ stateTransferId: q.transferId });
  if (q.from) and.push({ receivedAt: { $gte: new Date(`${q.from}T00:00:00.000Z`) } });
  if (q.to) and.push({ receivedAt: { $lt: new Date(Date.parse(`${q.to}T00:00:00.000Z`) + DAY_MS) } });
  if (q.status) and.push(STATUS_WHERE[q.status]);
  return and.length === 0 ? {} : and.length === 1 ? and[0] : { $and: and };
}
