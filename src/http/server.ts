/**
 * The HTTP edge (restify): Bot Framework messages, health, metrics and the admin API.
 * One error sink: bad bodies are 4xx with a reason, a missing route 404, a bug a generic 500 — never
 * a crash, and never internal error text in a response.
 */
import restify, { type Request, type Response, type Server } from 'restify';
import { loggableError } from '../shared/redact.ts';
import type { Store } from '../storage/index.ts';
import { mountAuditLog } from './admin-audit.ts';
import { mountSubjects, type SubjectRoutesDeps } from './admin-subjects.ts';
import type { Role } from './auth.ts';
import type { Metrics } from './metrics.ts';
import { bodyReader } from './read-body.ts';
import { noLimit, type RateLimits } from './rate-limit.ts';

export interface HttpDeps extends SubjectRoutesDeps {
  readonly store: Store;
  readonly metrics: Metrics;
  readonly tokens: ReadonlyMap<string, Role>;
  /** Handles a posted Bot Framework activity: its body and Authorization header in, the answer out. */
  readonly messages: (body: unknown, authorization: string) => Promise<{ status: number; body?: unknown }>;
  /** Abuse limits (429) in front of /api/messages; none when absent. */
  readonly limits?: Pick<RateLimits, 'messages'>;
  readonly log: { error(obj: object, msg: string): void };
  /** More routes (web chat, privacy pages, dashboards), each mounted by its own module. */
  readonly mounts?: readonly ((server: Server) => void)[];
}

const MAX_BODY = 256 * 1024;

const routeOf = (req: Request): string => req.getRoute()?.path?.toString() ?? 'unknown';

export function createHttpServer(deps: HttpDeps): Server {
  const server = restify.createServer({ name: 'justask', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Every request that carries a body (any method) gets it decoded and parsed, or a 4xx with a reason.
  server.use(bodyReader({ maxBytes: MAX_BODY }));
  server.on('after', (req: Request, res: Response) => {
    deps.metrics.http.inc({
      route: routeOf(req),
      status: String(res.statusCode),
    });
  });
  server.on(
    'restifyError',
    (req: Request, res: Response, err: Error & { statusCode?: number }, next: (e?: unknown) => void) => {
      const status = err.statusCode ?? 500;
      if (status >= 500) {
        // The route's pattern, never the raw URL: admin URLs carry channel user ids.
        deps.log.error(
          {
            // Path parameters are ids (a channel user id is a phone number on SMS): out of the message too.
            err: loggableError(err, Object.values((req.params ?? {}) as Record<string, string>)),
            route: routeOf(req),
          },
          'request failed',
        );
        // A generic body: what went wrong inside is for the log, not the caller.
        if (!res.headersSent) res.send(status, { error: 'internal error' });
      }
      next();
    },
  );

  server.post('/api/messages', deps.limits?.messages ?? noLimit, async (req: Request, res: Response) => {
    const end = deps.metrics.turnSeconds.startTimer();
    try {
      const out = await deps.messages(req.body, req.headers.authorization ?? '');
      if (out.body === undefined) res.send(out.status);
      else res.send(out.status, out.body);
    } finally {
      end();
    }
  });
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
    return Promise.resolve();
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    try {
      await deps.store.ping();
      res.send(200, { status: 'ready', store: deps.store.kind });
    } catch {
      res.send(503, { status: 'unavailable', store: deps.store.kind });
    }
  });
  server.get('/metrics', async (_req: Request, res: Response) => {
    const body = await deps.metrics.registry.metrics();
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.sendRaw(200, body);
  });
  mountSubjects(deps)(server);
  mountAuditLog(deps)(server);
  for (const mount of deps.mounts ?? []) mount(server);
  return server;
}
