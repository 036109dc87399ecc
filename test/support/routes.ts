import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Role } from '../../src/auth/role';
import { PUBLIC_KEY, ROLES_KEY } from '../../src/auth/roles.decorator';

export interface DiscoveredRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /** The route's `@Roles`, or null when it declares none. */
  roles: Role[] | null;
  isPublic: boolean;
}

/** Every route the application registered, read from the controllers' metadata (so new routes are covered too). */
export function discoverRoutes(app: INestApplication): DiscoveredRoute[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: DiscoveredRoute[] = [];
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
        method: RequestMethod[method].toLowerCase() as DiscoveredRoute['method'],
        path: `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/'),
        roles: reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? null,
        isPublic: reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets) ?? false,
      });
    }
  }
  return routes;
}

/** A concrete URL for a route pattern: ids become a well-formed UUID that exists nowhere; files a UID file name. */
export function concreteUrl(path: string): string {
  return path
    .replace(':file', '4815020000009001.json')
    .replace(/:id\.pdf/, '00000000-0000-4000-8000-000000000000.pdf')
    .replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
}

/** The routes that manage people, API and pages: admins only (the route × role matrix checks each). */
export const USER_MANAGEMENT_ROUTES: readonly string[] = [
  'get /api/users',
  'post /api/users',
  'patch /api/users/:id',
  'post /api/users/:id/deactivate',
  'post /api/users/:id/password-reset',
  'get /api/users/:id/tokens',
  'post /api/users/:id/tokens',
  'delete /api/users/:id/tokens/:tokenId',
  'get /users',
  'post /users',
  'post /users/:id',
  'get /users/:id/deactivate',
  'post /users/:id/deactivate',
  'post /users/:id/password-reset',
  'post /users/:id/tokens',
  'post /users/:id/tokens/:tokenId/revoke',
];

/** Pages a signed-out person may open: a one-time set-password link is the way in before there is a password. */
export const PUBLIC_USER_PAGES: readonly string[] = ['get /set-password/:token', 'post /set-password/:token'];
