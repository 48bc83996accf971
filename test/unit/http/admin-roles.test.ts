/**
 * Every admin API route is behind the role-check middleware: without a token it is a 401 with
 * `WWW-Authenticate: Bearer`, with a token of a role it does not admit a 403 — before any handler
 * (whose deps here fail the test if reached) runs.
 */
import pino from 'pino';
import type { Server } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminMounts } from '../../../src/http/admin-routes.ts';
import type { AuditTrail } from '../../../src/http/audit-trail.ts';
import type { Role } from '../../../src/http/auth.ts';
import { createMetrics } from '../../../src/http/metrics.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import type { Store } from '../../../src/storage/index.ts';

const tokens = new Map<string, Role>([
  ['designer-token-0123456789', 'designer'],
  ['marketer-token-0123456789', 'marketer'],
]);
const reached = () => Promise.reject(new Error('a handler ran without its role check'));
const unreachable = new Proxy({}, { get: () => reached }) as never;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createHttpServer({
    store: { kind: 'sqlite', ping: () => Promise.resolve() } as unknown as Store,
    metrics: createMetrics(),
    tokens,
    messages: reached,
    subjectReport: reached,
    eraseSubject: reached,
    subjectOf: () => 's_0',
    audit: { record: (e) => Promise.resolve({ id: '1', at: new Date(), ...e }) } as AuditTrail,
    log: pino({ level: 'silent' }),
    mounts: adminMounts({
      analytics: unreachable,
      map: reached as never,
      texts: reached as never,
      tokens,
      clock: { now: () => new Date('2026-12-01T00:00:00Z') },
      subjectKey: Buffer.alloc(32),
    }),
  });
  await new Promise<void>((ok) => {
    server.listen(0, '127.0.0.1', () => ok());
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(
  () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
    }),
);

/** The admin API's routes as mounted, with their parameters filled in. */
function adminRoutes(): { method: string; path: string }[] {
  const routes = (server.getDebugInfo() as { routes: unknown }).routes as {
    method: string;
    path: string | RegExp;
  }[];
  return routes
    .filter((r) => typeof r.path === 'string' && r.path.startsWith('/admin/api/'))
    .map((r) => ({ method: r.method, path: String(r.path).replace(/:\w+/g, 'x') }));
}

describe('the admin role check', () => {
  it('mounts the routes this test walks', () => {
    const paths = adminRoutes().map((r) => r.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/admin/api/optins', '/admin/api/dialogue-map', '/admin/api/audit']),
    );
    expect(paths.some((p) => p.startsWith('/admin/api/subjects/'))).toBe(true);
  });

  it('answers every admin route without a token with 401 before its handler runs', async () => {
    for (const { method, path } of adminRoutes()) {
      const res = await fetch(`${url}${path}`, { method });
      expect([path, res.status, res.headers.get('www-authenticate')]).toEqual([path, 401, 'Bearer']);
    }
  });

  it('answers a role a route does not admit with 403 before its handler runs', async () => {
    const designer = { authorization: 'Bearer designer-token-0123456789' };
    for (const { method, path } of adminRoutes().filter((r) => r.path !== '/admin/api/dialogue-map')) {
      const res = await fetch(`${url}${path}`, { method, headers: designer });
      expect([path, res.status]).toEqual([path, 403]);
    }
  });
});
