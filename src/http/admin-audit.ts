/**
 * The audit log for the DPO: `GET /admin/api/audit?from=&to=&actor=&action=&limit=&cursor=`
 * (role dpo; newest first; `from` inclusive, `to` exclusive, ISO dates or date-times; a bad query
 * is 400 with the zod issues). Reading it is itself recorded. Also records the admin reads of
 * aggregates (opt-in figures, the dialogue map) once they were answered.
 */
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { AuditAction, auditPosition, MAX_AUDIT_PAGE } from '../storage/index.ts';
import { actorOf, adminActor, requireRole } from './admin-actor.ts';
import type { AuditTrail } from './audit-trail.ts';
import type { Role } from './auth.ts';
import { sendIssues } from './bad-request.ts';
import { loggableError } from '../shared/redact.ts';

export interface AuditRoutesDeps {
  readonly tokens: ReadonlyMap<string, Role>;
  readonly audit: AuditTrail;
  readonly log: { error(obj: object, msg: string): void };
}

const Instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((s) => new Date(s));

export const AuditParams = z
  .strictObject({
    from: Instant.optional(),
    to: Instant.optional(),
    actor: z
      .string()
      .regex(/^(customer|(marketer|designer|dpo):[0-9a-f]{8})$/, 'customer, or role:fingerprint')
      .optional(),
    action: AuditAction.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(100),
    cursor: z
      .string()
      .max(1024)
      .refine((c) => auditPosition(c) !== undefined, 'not a cursor of this log')
      .optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['to'] });

/** Admin routes that read aggregates, recorded after a successful answer. */
const AGGREGATE_READS: Readonly<Record<string, AuditAction>> = {
  '/admin/api/optins': 'optins.read',
  '/admin/api/optins.csv': 'optins.read',
  '/admin/api/dialogue-map': 'map.read',
};

/** Records each answered aggregate read; a failure to record is logged (these hold no personal data). */
function auditAggregateReads(server: Server, deps: AuditRoutesDeps): void {
  server.on('after', (req: Request, res: Response) => {
    const route = req.getRoute()?.path?.toString() ?? '';
    const action = AGGREGATE_READS[route];
    const actor = action && res.statusCode < 400 ? adminActor(req, deps.tokens) : undefined;
    if (!action || !actor) return;
    deps.audit.record({ actor, action, detail: { route, status: res.statusCode } }).catch((e: unknown) => {
      deps.log.error({ err: loggableError(e), route }, 'audit failed');
    });
  });
}

export function mountAuditLog(deps: AuditRoutesDeps): (server: Server) => void {
  return (server) => {
    server.get('/admin/api/audit', requireRole(deps.tokens, ['dpo']), async (req: Request, res: Response) => {
      const q = AuditParams.safeParse(req.query ?? {});
      if (!q.success) return sendIssues(res, 'invalid query', q.error.issues);
      const { action, actor, from, to } = q.data;
      await deps.audit.record({
        actor: actorOf(req),
        action: 'audit.read',
        detail: {
          ...(action ? { action } : {}),
          ...(actor ? { actor } : {}),
          ...(from ? { from: from.toISOString() } : {}),
          ...(to ? { to: to.toISOString() } : {}),
        },
      });
      const page = await deps.audit.query(q.data);
      res.header('Cache-Control', 'no-store');
      res.send(200, page);
    });
    auditAggregateReads(server, deps);
  };
}
