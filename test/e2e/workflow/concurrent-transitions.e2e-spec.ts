import { randomUUID } from 'node:crypto';
import { idempotencyKey } from '../../../src/outbox/outbox.service';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../../support/test-app';
import { auditTrail, countRows, reviewAs, submissionsOf, submittedSet } from './review-requests';

describe('concurrent transitions of one result set resolve to exactly one winner; approval and its outbox row are atomic', () => {
  let t: TestApp;
  let tech: ReturnType<typeof reviewAs>;
  let mia: ReturnType<typeof reviewAs>;
  let max: ReturnType<typeof reviewAs>;
  let sample = 0;

  beforeAll(async () => {
    t = await startTestApp();
    // Requests below are fired together; the server must already listen for them to overlap.
    await t.app.listen(0, '127.0.0.1');
    tech = reviewAs(t, await t.userToken('tara.tech', 'technician'));
    mia = reviewAs(t, await t.userToken('mia.manager', 'manager'));
    max = reviewAs(t, await t.userToken('max.manager', 'manager'));
  });
  afterAll(async () => t.close());

  async function inReview(): Promise<string> {
    sample += 1;
    return submittedSet(t, tech, `2502RLI0135-09${String(sample).padStart(2, '0')}`);
  }

  const transitions = async (id: string) =>
    (await auditTrail(t, ADMIN_TOKEN, 'result_set', id)).filter(
      ([, a]) => a === 'result_set.approved' || a === 'result_set.rejected',
    );

  it.each([1, 2, 3, 4])(
    'approve and reject fired together (round %i): one 200, one 409, and the state of the winner',
    async () => {
      const id = await inReview();
      const [approve, reject] = await Promise.all([mia.approve(id), max.reject(id, 'rejecting while someone approves')]);
      expect([approve.status, reject.status].sort()).toEqual([200, 409]);
      const loser = approve.status === 409 ? approve : reject;
      expect(loser.body.message).toMatch(
        new RegExp(`^result set ${id} is (approved|draft); only a result set that is in_review can be`),
      );

      const after = (await mia.get(id).expect(200)).body;
      const outbox = await submissionsOf(t, id);
      if (approve.status === 200) {
        expect(after).toMatchObject({ status: 'approved', approvedBy: 'mia.manager', rejectionReason: null });
        expect(outbox).toHaveLength(1);
        expect(await transitions(id)).toEqual([['mia.manager', 'result_set.approved']]);
      } else {
        expect(after).toMatchObject({ status: 'draft', approvedBy: null, rejectionReason: 'rejecting while someone approves' });
        expect(outbox).toHaveLength(0);
        expect(await transitions(id)).toEqual([['max.manager', 'result_set.rejected']]);
      }
    },
  );

  it('two managers approving at once: one approval, one outbox row', async () => {
    const id = await inReview();
    const results = await Promise.all([mia.approve(id), max.approve(id)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await submissionsOf(t, id)).toHaveLength(1);
    expect(await transitions(id)).toHaveLength(1);
  });

  it('two managers amending at once: one new version, the other refused', async () => {
    const id = await inReview();
    await mia.approve(id).expect(200);
    const before = await countRows(t, 'result_sets');
    const body = (analyteValue: string) => ({
      reason: 'lead corrected from the raw ICP-MS data',
      changes: [{ analyte: 'lead', value: analyteValue }],
    });
    const results = await Promise.all([mia.amend(id, body('0.140')), max.amend(id, body('0.141'))]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await countRows(t, 'result_sets')).toBe(before + 1);
    expect((await mia.get(id).expect(200)).body.amendedBy).toMatchObject({ version: 2, status: 'draft' });
  });

  it('does not approve a set whose outbox row cannot be written: status, outbox and audit roll back together', async () => {
    const id = await inReview();
    const auditBefore = await countRows(t, 'audit_events');
    // A row already holding this set's idempotency key makes the outbox insert fail inside the approval.
    const now = new Date();
    await t.sql(
      `insert into submissions (id, created_at, updated_at, result_set_id, target, kind, payload, status, attempts, next_attempt_at, idempotency_key, deadline_at)
       values (?, ?, ?, ?, 'simulator', 'post', '{}', 'dead', 0, ?, ?, ?)`,
      [randomUUID(), now, now, id, now, idempotencyKey(id, 'simulator'), now],
    );
    const res = await mia.approve(id);
    expect(res.status).toBe(500);
    const after = (await mia.get(id).expect(200)).body;
    expect(after).toMatchObject({ status: 'in_review', approvedBy: null, approvedAt: null });
    expect(await countRows(t, 'audit_events')).toBe(auditBefore);
    expect((await submissionsOf(t, id)).map((s) => s.status)).toEqual(['dead']);

    await t.sql('delete from submissions where result_set_id = ?', [id]);
    await mia.approve(id).expect(200);
    expect((await submissionsOf(t, id)).map((s) => s.status)).toEqual(['pending']);
  });
});
