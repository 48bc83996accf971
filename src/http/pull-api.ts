/**
 * The pull API for the business's systems, with a system's bearer token (`SYSTEM_TOKENS`):
 * `GET /api/v1/purposes/:purpose/items?item=&cursor=&limit=` pages through the values granted for
 * a purpose the system receives; `GET /api/v1/subjects/:subject/purposes/:purpose` gives one
 * subject's. 401 without a valid token, 403 for a purpose the system does not receive, 404 for an
 * unknown purpose. Each value returned is recorded as a use (docs/openapi.yaml).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response, Server } from 'restify';
import { z } from 'zod';
import type { PullCursor, PullResult, RecipientPull } from '../consent/index.ts';
import { sendIssues } from './bad-request.ts';

export interface PullRoutesDeps {
  /** token → system id. */
  readonly systemTokens: ReadonlyMap<string, string>;
  readonly pull: RecipientPull;
  /** Abuse limits, as on the other public routes. */
  readonly limit: RequestHandler;
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** The system a bearer token belongs to, compared in constant time against every token. */
export function systemForToken(presented: string, tokens: ReadonlyMap<string, string>): string | undefined {
  const digest = sha256(presented);
  let found: string | undefined;
  for (const [token, system] of tokens) if (timingSafeEqual(digest, sha256(token))) found = system;
  return found;
}

const Id = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);

const Cursor = z
  .string()
  .max(2048)
  .transform((s, ctx) => {
    try {
      const v = z
        .object({ s: z.string().min(1), i: z.string().min(1) })
        .parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
      const c: PullCursor = { subject: v.s, item: v.i };
      return c;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a cursor this API gave out' });
      return z.NEVER;
    }
  });
const cursorOf = (c: PullCursor) =>
  Buffer.from(JSON.stringify({ s: c.subject, i: c.item })).toString('base64url');

const ItemsQuery = z.strictObject({
  item: Id.optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The calling system, or a 401 answered here. */
function systemOf(req: Request, res: Response, tokens: ReadonlyMap<string, string>): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const system = m?.[1] ? systemForToken(m[1], tokens) : undefined;
  if (!system) {
    res.header('WWW-Authenticate', 'Bearer');
    res.send(401, { error: 'a valid system token is required' });
  }
  return system;
}

/** Answers a scope refusal; true when the result may be sent. */
function inScope<T>(
  res: Response,
  r: PullResult<T>,
  system: string,
  purpose: string,
): r is { kind: 'ok'; value: T } {
  if (r.kind === 'unknown-purpose') res.send(404, { error: `unknown purpose "${purpose}"` });
  else if (r.kind === 'not-a-recipient')
    res.send(403, { error: `system "${system}" is not a recipient of purpose "${purpose}"` });
  return r.kind === 'ok';
}

export function mountPullApi(deps: PullRoutesDeps): (server: Server) => void {
  return (server) => {
    server.get('/api/v1/purposes/:purpose/items', deps.limit, async (req: Request, res: Response) => {
      const system = systemOf(req, res, deps.systemTokens);
      if (!system) return;
      const purpose = Id.safeParse((req.params as { purpose?: string }).purpose);
      const q = ItemsQuery.safeParse(req.query ?? {});
      if (!purpose.success) return sendIssues(res, 'invalid purpose', purpose.error.issues);
      if (!q.success) return sendIssues(res, 'invalid query', q.error.issues);
      const r = await deps.pull.purposeItems(system, purpose.data, {
        limit: q.data.limit,
        ...(q.data.item ? { item: q.data.item } : {}),
        ...(q.data.cursor ? { cursor: q.data.cursor } : {}),
      });
      if (!inScope(res, r, system, purpose.data)) return;
      res.header('Cache-Control', 'no-store');
      res.send(200, {
        purpose: purpose.data,
        items: r.value.values.map((v) => ({
          subject: v.subject,
          item: v.item,
          value: v.value,
          grantedAt: v.grantedAt.toISOString(),
        })),
        next: r.value.next ? cursorOf(r.value.next) : null,
      });
    });

    server.get(
      '/api/v1/subjects/:subject/purposes/:purpose',
      deps.limit,
      async (req: Request, res: Response) => {
        const system = systemOf(req, res, deps.systemTokens);
        if (!system) return;
        const p = z.object({ subject: z.string().min(1).max(200), purpose: Id }).safeParse(req.params ?? {});
        if (!p.success) return sendIssues(res, 'invalid path', p.error.issues);
        const r = await deps.pull.subjectPurpose(system, p.data.subject, p.data.purpose);
        if (!inScope(res, r, system, p.data.purpose)) return;
        res.header('Cache-Control', 'no-store');
        res.send(200, {
          subject: p.data.subject,
          purpose: p.data.purpose,
          items: r.value.map((v) => ({ item: v.item, value: v.value, grantedAt: v.grantedAt.toISOString() })),
        });
      },
    );
  };
}
