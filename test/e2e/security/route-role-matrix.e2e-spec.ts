import request from 'supertest';
import type { Role } from '../../../src/auth/role';
import { ROLES } from '../../../src/auth/role';
import {
  concreteUrl as concrete,
  discoverRoutes,
  type DiscoveredRoute as Route,
  PUBLIC_USER_PAGES,
  USER_MANAGEMENT_ROUTES,
} from '../../support/routes';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';

describe('every route × every role', () => {
  let t: TestApp;
  const tokens = {} as Record<Role, string>;
  let routes: Route[];
  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ROLES)
      tokens[role] = await t.userToken(`matrix-${role}`, role, role === 'licensee' ? 'OCM-RETL-24-000415' : undefined);
    routes = discoverRoutes(t.app).filter(
      (r) => r.path.startsWith('/api') || r.path.startsWith('/health') || r.path.startsWith('/verify'),
    );
  });
  afterAll(async () => t.close());

  it('finds the API routes, and every one declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((r) => !r.isPublic && !r.roles).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('covers the signed workflow routes, bulk approval among them, for managers only', () => {
    const signed = routes
      .filter((r) => /\/(approve|reject|amend|release)$/.test(r.path))
      .map((r) => `${r.method} ${r.path} ${r.roles?.join(',')}`)
      .sort();
    expect(signed).toEqual([
      'post /api/result-sets/:id/amend manager,admin',
      'post /api/result-sets/:id/approve manager,admin',
      'post /api/result-sets/:id/reject manager,admin',
      'post /api/result-sets/approve manager,admin',
      'post /api/submissions/:id/release manager,admin',
    ]);
  });

  it('refuses every non-public route without a token (401)', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => !x.isPublic)) {
      const res = await request(t.http)[r.method as 'get'](concrete(r.path));
      if (res.status !== 401) wrong.push(`${r.method} ${r.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 exactly to the roles a route does not allow, and lets the others through the guard', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => !x.isPublic)) {
      for (const role of ROLES) {
        const res = await request(t.http)[r.method as 'get'](concrete(r.path)).set(bearer(tokens[role])).send({});
        const allowed = r.roles!.includes(role);
        if (allowed && (res.status === 401 || res.status === 403))
          wrong.push(`${role} ${r.method} ${r.path}: ${res.status} (allowed)`);
        if (!allowed && res.status !== 403) wrong.push(`${role} ${r.method} ${r.path}: ${res.status} (should be 403)`);
        if (res.status >= 500) wrong.push(`${role} ${r.method} ${r.path}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps licensees out of every lab route', () => {
    const labRoutes = routes.filter((r) => r.roles && !r.roles.includes('licensee'));
    expect(labRoutes.length).toBeGreaterThan(20);
    expect(
      routes
        .filter((r) => r.roles?.includes('licensee'))
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/api/licensee/results', '/api/licensee/results/:file', '/api/licensee/samples']);
  });

  it('keeps managing people to admins, API and pages, and opens only the set-password page to everyone', () => {
    const all = discoverRoutes(t.app);
    const key = (r: Route) => `${r.method} ${r.path}`;
    const people = all.filter((r) => /^\/(api\/)?users(\/|$)/.test(r.path));
    expect(people.map(key).sort()).toEqual([...USER_MANAGEMENT_ROUTES].sort());
    expect(people.filter((r) => r.isPublic || JSON.stringify(r.roles) !== '["admin"]').map(key)).toEqual([]);
    const setPassword = all.filter((r) => r.path.startsWith('/set-password'));
    expect(setPassword.map(key).sort()).toEqual([...PUBLIC_USER_PAGES].sort());
    expect(setPassword.every((r) => r.isPublic)).toBe(true);
  });
});
