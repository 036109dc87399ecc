import type { FilterQuery } from '@mikro-orm/core';
import type { ResultSet } from '../results/result-set.entity';
import type { Sample } from '../samples/sample.entity';
import type { LicenseeListDto } from './licensee.schemas';
import { HeldUid } from './uid-input';

const DAY_MS = 86_400_000;

/**
 * The samples a licensee's list shows: only those its own license submitted (product received from another
 * licensee is looked up by UID, where the state system confirms the holder). A search that reads as a UID
 * matches the sample or the lot it was drawn from exactly; anything else is part of a name, batch or lab ID.
 */
export function portalWhere(license: string, q: LicenseeListDto, postgres: boolean): FilterQuery<Sample> {
  const and: Array<FilterQuery<Sample>> = [{ client: { licenseNumber: license } }];
  if (q.q) {
    const uid = HeldUid.safeParse(q.q);
    if (uid.success) and.push({ $or: [{ uid: uid.data }, { sourceUid: uid.data }] });
    else {
      const has = postgres ? { $ilike: `%${q.q}%` } : { $like: `%${q.q}%` };
      and.push({ $or: [{ labSampleId: has }, { batch: has }, { productName: has }] });
    }
  }
  const release: FilterQuery<ResultSet> = { status: 'approved' };
  if (q.verdict) release.verdict = q.verdict;
  if (q.from || q.to) {
    release.approvedAt = {
      ...(q.from ? { $gte: new Date(`${q.from}T00:00:00.000Z`) } : {}),
      ...(q.to ? { $lt: new Date(Date.parse(`${q.to}T00:00:00.000Z`) + DAY_MS) } : {}),
    };
  }
  const filtersRelease = q.verdict || q.from || q.to;
  if (q.state === 'in_testing') {
    // Nothing released yet: a release filter cannot match anything.
    if (filtersRelease) return { id: { $in: [] } };
    and.push({ resultSets: { $none: { status: 'approved' } } });
  } else if (q.state === 'released' || filtersRelease) {
    and.push({ resultSets: { $some: release } });
  }
  return and.length === 1 ? and[0] : { $and: and };
}
