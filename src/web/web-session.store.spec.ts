import { SESSION_IDLE_MS, SESSION_MAX_AGE_MS, WebSessionStore } from './web-session.store';

describe('WebSessionStore', () => {
  const t0 = Date.UTC(2026, 0, 5, 8);

  it('creates a session with its own random id and CSRF token, found again by its id', () => {
    const sut = new WebSessionStore();
    const a = sut.create('token-a', 'user-token-a', t0);
    const b = sut.create('token-b', 'user-token-b', t0);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set([a.id, b.id, a.csrfToken, b.csrfToken]).size).toBe(4);
    expect(sut.find(a.id, t0 + 1000)?.token).toBe('token-a');
  });

  it.each([
    ['an unknown id', (s: WebSessionStore) => s.find('nope', t0)],
    ['no id', (s: WebSessionStore) => s.find(undefined, t0)],
  ])('finds nothing for %s', (_, look) => {
    const sut = new WebSessionStore();
    sut.create('token', 'user-token', t0);
    expect(look(sut)).toBeNull();
  });

  it('ends a session left idle longer than the idle limit, and keeps one in use', () => {
    const sut = new WebSessionStore();
    const idle = sut.create('idle', 'user-idle', t0);
    const used = sut.create('used', 'user-used', t0);
    expect(sut.find(used.id, t0 + SESSION_IDLE_MS - 1)).not.toBeNull();
    expect(sut.find(idle.id, t0 + SESSION_IDLE_MS + 1)).toBeNull();
    expect(sut.find(used.id, t0 + SESSION_IDLE_MS + 1)).not.toBeNull();
  });

  it('ends every session at its maximum age, however busy', () => {
    const sut = new WebSessionStore();
    const s = sut.create('busy', 'user-busy', t0);
    for (let at = t0; at < t0 + SESSION_MAX_AGE_MS; at += SESSION_IDLE_MS / 2) expect(sut.find(s.id, at)).not.toBeNull();
    expect(sut.find(s.id, t0 + SESSION_MAX_AGE_MS + 1)).toBeNull();
  });

  it("ends a user's own oldest session past the per-user bound, and never another user's", () => {
    const sut = new WebSessionStore(3);
    const victim = sut.create('victim-token', 'victim', t0);
    const flood = Array.from({ length: 50 }, (_, i) => sut.create('attacker-token', 'attacker', t0 + i));
    expect(sut.find(victim.id, t0 + 100)?.token).toBe('victim-token');
    expect(sut.countOf('attacker', t0 + 100)).toBe(3);
    expect(flood.slice(-3).every((s) => sut.find(s.id, t0 + 100))).toBe(true);
    expect(sut.find(flood[0].id, t0 + 100)).toBeNull();
  });

  it('counts only live sessions towards the bound', () => {
    const sut = new WebSessionStore(2);
    const old = sut.create('t', 'u', t0);
    const later = t0 + SESSION_IDLE_MS + 1;
    const a = sut.create('t', 'u', later);
    const b = sut.create('t', 'u', later);
    expect(sut.find(old.id, later)).toBeNull();
    expect([sut.find(a.id, later), sut.find(b.id, later)].every(Boolean)).toBe(true);
  });

  it('forgets a destroyed session (sign out)', () => {
    const sut = new WebSessionStore();
    const s = sut.create('token', 'user-token', t0);
    sut.destroy(s.id);
    expect(sut.find(s.id, t0)).toBeNull();
  });
});
