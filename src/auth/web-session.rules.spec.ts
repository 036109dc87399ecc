import { keepableFields, SESSION_IDLE_MS, SESSION_MAX_AGE_MS, sessionExpired, sessionsToEnd } from './web-session.rules';

describe('web session rules', () => {
  const t0 = Date.UTC(2026, 0, 5, 8);
  const s = (id: string, createdAt: number, lastSeenAt = createdAt) => ({ id, createdAt, lastSeenAt });

  it('ends a session left idle longer than the idle limit, and keeps one in use', () => {
    expect(sessionExpired(s('a', t0), t0 + SESSION_IDLE_MS - 1)).toBe(false);
    expect(sessionExpired(s('a', t0), t0 + SESSION_IDLE_MS + 1)).toBe(true);
    expect(sessionExpired(s('a', t0, t0 + SESSION_IDLE_MS), t0 + SESSION_IDLE_MS + 1)).toBe(false);
  });

  it('ends every session at its maximum age, however busy', () => {
    expect(sessionExpired(s('a', t0, t0 + SESSION_MAX_AGE_MS), t0 + SESSION_MAX_AGE_MS)).toBe(false);
    expect(sessionExpired(s('a', t0, t0 + SESSION_MAX_AGE_MS), t0 + SESSION_MAX_AGE_MS + 1)).toBe(true);
  });

  it("ends a user's oldest live sessions so a new one fits the bound", () => {
    const mine = Array.from({ length: 5 }, (_, i) => s(`s${i}`, t0 + i));
    expect(sessionsToEnd(mine, 3, t0 + 10).map((x) => x.id)).toEqual(['s2', 's1', 's0']);
    expect(sessionsToEnd(mine.slice(0, 2), 3, t0 + 10)).toEqual([]);
  });

  it('counts only live sessions towards the bound', () => {
    const later = t0 + SESSION_IDLE_MS + 1;
    expect(sessionsToEnd([s('old', t0), s('a', later)], 2, later)).toEqual([]);
  });

  it('keeps what a form held, with its nested and repeated names, and never a password, signature, token or CSRF token', () => {
    const body = {
      _csrf: 'x',
      reason: 'Lead re-integrated',
      changes: [
        { analyte: 'Lead', value: '0.40' },
        { analyte: '', value: '' },
      ],
      ids: ['a', 'b'],
      password: 'hunter2',
      newPassword: 'x',
      signature: { password: 'p', meaning: 'approved' },
      token: 'lims_x',
    };
    expect(keepableFields(body)).toEqual([
      ['reason', 'Lead re-integrated'],
      ['changes[0][analyte]', 'Lead'],
      ['changes[0][value]', '0.40'],
      ['changes[1][analyte]', ''],
      ['changes[1][value]', ''],
      ['ids', 'a'],
      ['ids', 'b'],
    ]);
  });

  it.each([[undefined], [null], [{}], [{ password: 'only' }], ['text']])('keeps nothing of %p', (body) => {
    expect(keepableFields(body)).toBeNull();
  });
});
