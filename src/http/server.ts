/**
 * The HTTP edge (restify): Bot Framework messages, health, metrics and the admin API.
 * One error sink: bad bodies are 400 with a reason, a missing route 404, a bug 500 — never a crash.
 */
import restify, { type Request, type Response, type Server } from 'restify';
import type { Store } from '../storage/index.ts';
import { mountAuditLog } from './admin-audit.ts';
import { mountSubjects, type SubjectRoutesDeps } from './admin-subjects.ts';
import type { Role } from './auth.ts';
import type { Metrics } from './metrics.ts';
import type { RateLimits } from './rate-limit.ts';

export interface HttpDeps extends SubjectRoutesDeps {
  readonly store: Store;
  readonly metrics: Metrics;
  readonly tokens: ReadonlyMap<string, Role>;
  readonly messages: (req: Request, res: Response) => Promise<void>;
  /** Abuse limits (429) in front of /api/messages. */
  readonly limits: Pick<RateLimits, 'messages'>;
  readonly log: { error(obj: object, msg: string): void };
  /** More routes (web chat, privacy pages, dashboards), each mounted by its own module. */
  readonly mounts?: readonly ((server: Server) => void)[];
}

const MAX_BODY = 256 * 1024;

export function createHttpServer(deps: HttpDeps): Server {
  const server = restify.createServer({ name: 'justask', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Bodies are parsed (and unknown types refused) only for requests that carry one.
  const parsers = restify.plugins.bodyParser({
    mapParams: false,
    maxBodySize: MAX_BODY,
    rejectUnknown: true,
  });
  server.use((req: Request, res: Response, next: (err?: unknown) => void) => {
    const hasBody =
      req.method === 'POST' ||
      req.method === 'PUT' ||
      req.method === 'PATCH' ||
      Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody) return next();
    let i = 0;
    const step = (err?: unknown): void => {
      const h = parsers[i++];
      if (err !== undefined || !h) return next(err);
      h(req, res, step);
    };
    step();
  });
  server.on('after', (req: Request, res: Response) => {
    deps.metrics.http.inc({
      route: req.getRoute()?.path?.toString() ?? 'unknown',
      status: String(res.statusCode),
    });
  });
  server.on(
    'restifyError',
    (req: Request, res: Response, err: Error & { statusCode?: number }, next: (e?: unknown) => void) => {
      if ((err.statusCode ?? 500) >= 500)
        deps.log.error({ err: { name: err.name, message: err.message }, url: req.url }, 'request failed');
      next();
    },
  );

  server.post('/api/messages', deps.limits.messages, async (req: Request, res: Response) => {
    const end = deps.metrics.turnSeconds.startTimer();
    try {
      await deps.messages(req, res);
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
