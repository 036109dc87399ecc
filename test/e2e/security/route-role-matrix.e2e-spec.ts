import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import request from 'supertest';
import type { Role } from '../../../src/auth/role';
import { ROLES } from '../../../src/auth/role';
import { PUBLIC_KEY, ROLES_KEY } from '../../../src/auth/roles.decorator';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';

interface Route {
  method: string;
  path: string;
  roles: Role[] | null;
  isPublic: boolean;
}

/** Every route the application registered, read from the controllers' metadata (so new routes are covered too). */
function discoverRoutes(t: TestApp): Route[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const reflector = t.app.get(Reflector);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
    const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name] as (...args: unknown[]) => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const targets = [handler, wrapper.metatype];
      routes.push({
        method: RequestMethod[method].toLowerCase(),
        path: `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/'),
        roles: reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? null,
        isPublic: reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets) ?? false,
      });
    }
  }
  return routes;
}

/** Concrete URL for a route pattern: ids become a well-formed UUID that exists nowhere; files a UID file name. */
function concrete(path: string): string {
  return path
    .replace(':file', '4815020000009001.json')
    .replace(/:id\.pdf/, '00000000-0000-4000-8000-000000000000.pdf')
    .replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
}

describe('every route × every role', () => {
  let t: TestApp;
  const tokens = {} as Record<Role, string>;
  let routes: Route[];
  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ROLES) tokens[role] = await t.userToken(`matrix-${role}`, role, role === 'licensee' ? 'OCM-RETL-24-000415' : undefined);
    routes = discoverRoutes(t).filter((r) => r.path.startsWith('/api') || r.path.startsWith('/health') || r.path.startsWith('/verify'));
  });
  afterAll(async () => t.close());

  it('finds the API routes, and every one declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((r) => !r.isPublic && !r.roles).map((r) => `${r.method} ${r.path}`)).toEqual([]);
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
        if (allowed && (res.status === 401 || res.status === 403)) wrong.push(`${role} ${r.method} ${r.path}: ${res.status} (allowed)`);
        if (!allowed && res.status !== 403) wrong.push(`${role} ${r.method} ${r.path}: ${res.status} (should be 403)`);
        if (res.status >= 500) wrong.push(`${role} ${r.method} ${r.path}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps licensees out of every lab route', () => {
    const labRoutes = routes.filter((r) => r.roles && !r.roles.includes('licensee'));
    expect(labRoutes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => r.roles?.includes('licensee')).map((r) => r.path).sort()).toEqual(['/api/licensee/results', '/api/licensee/results/:file']);
  });
});
