import request from 'supertest';
import { METALS, POTENCY, ResultSetFactory } from '../../support/factories/result-set.factory';
import { bearer, signature, type TestApp } from '../../support/test-app';

/**
 * The review workflow's requests, as the people who make them; each returns supertest's response. Approve, reject and
 * amend are signed with the test password unless the body gives its own `signature` (`signature: undefined` sends none).
 */
export function reviewAs(t: TestApp, token: string) {
  const post = (path: string, body?: object) => request(t.http).post(`/api/result-sets/${path}`).set(bearer(token)).send(body);
  return {
    get: (id: string) => request(t.http).get(`/api/result-sets/${id}`).set(bearer(token)),
    list: (query = '') => request(t.http).get(`/api/result-sets${query}`).set(bearer(token)),
    submit: (id: string, body?: object) => post(`${id}/submit`, body),
    approve: (id: string, body: object = {}) => post(`${id}/approve`, { signature: signature(), ...body }),
    approveMany: (body: object) => post('approve', { signature: signature(), ...body }),
    reject: (id: string, reason: string, sig: object = signature('Reviewed and rejected')) =>
      post(`${id}/reject`, { reason, signature: sig }),
    amend: (id: string, body: object) => post(`${id}/amend`, { signature: signature('Amended with the reason given'), ...body }),
    resolveConflict: (id: string, body: object) => post(`${id}/resolve-conflict`, body),
  };
}

/** A complete set (potency and metals) imported by tara.tech for its own sample `labSampleId`, submitted by `tech`. */
export async function submittedSet(t: TestApp, tech: ReturnType<typeof reviewAs>, labSampleId: string): Promise<string> {
  const built = await ResultSetFactory.for(t)
    .by('tara.tech')
    .sample({ labSampleId })
    .from(POTENCY)
    .from(METALS)
    .complete()
    .build();
  await tech.submit(built.resultSetId).expect(200);
  return built.resultSetId;
}

export interface SubmissionRow {
  id: string;
  result_set_id: string;
  kind: string;
  status: string;
  target: string;
  payload: Record<string, unknown>;
  deadline_at: Date;
}

/** The outbox rows of a result set, read behind the service's back. */
export async function submissionsOf(t: TestApp, resultSetId: string): Promise<SubmissionRow[]> {
  const rows = (await t.sql(
    'select id, result_set_id, kind, status, target, payload, deadline_at from submissions where result_set_id = ? order by created_at',
    [resultSetId],
  )) as Array<Omit<SubmissionRow, 'payload' | 'deadline_at'> & { payload: unknown; deadline_at: unknown }>;
  return rows.map((r) => ({
    ...r,
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    deadline_at: toDate(r.deadline_at),
  }));
}

export async function countRows(t: TestApp, table: string): Promise<number> {
  const rows = (await t.sql(`select count(*) as n from ${table}`)) as Array<{ n: number | string }>;
  return Number(rows[0].n);
}

/** The audit events of one entity, oldest first, as [actor, action]. */
export async function auditTrail(
  t: TestApp,
  token: string,
  entityType: string,
  entityId: string,
): Promise<Array<[string, string]>> {
  const res = await request(t.http)
    .get(`/api/audit?entityType=${entityType}&entityId=${entityId}`)
    .set(bearer(token))
    .expect(200);
  return (res.body as Array<{ actor: string; action: string }>).map((e) => [e.actor, e.action]);
}

/** SQLite returns datetimes as epoch milliseconds, PostgreSQL as Date. */
function toDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'number') return new Date(v);
  return new Date(String(v));
}
