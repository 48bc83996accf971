/**
 * `GET /admin/api/optins` and `/admin/api/optins.csv` (roles marketer, dpo): opt-in rates per
 * group over a day range, from the analytics store's pre-aggregated counters. Aggregates only,
 * and protected against differencing: every count is published through cell-key perturbation
 * (src/analytics/cell-key.ts) and groups with fewer than 5 published asks are hidden. A bad
 * query is 400 with the zod issues.
 */
import { sendIssues } from './bad-request.ts';
import type { Request, Response, Server } from 'restify';
import {
  cellKeySecret,
  counterReads,
  createCellKeys,
  MIN_ASKS,
  optinCsv,
  optinReport,
  optinsParams,
  PROTECTION,
} from '../analytics/index.ts';
import type { Clock } from '../shared/clock.ts';
import type { AnalyticsStore } from '../storage/index.ts';
import { requireRole } from './admin-actor.ts';
import type { Role } from './auth.ts';

export interface OptinRoutesDeps {
  readonly analytics: Pick<AnalyticsStore, 'query'>;
  readonly tokens: ReadonlyMap<string, Role>;
  readonly clock: Clock;
  /** SUBJECT_KEY; the report derives its own cell-key secret from it (HKDF) and uses it for nothing else. */
  readonly subjectKey: Buffer;
}

const ROLES: readonly Role[] = ['marketer', 'dpo'];

/** Mounts the opt-in report routes. */
export function mountOptins(deps: OptinRoutesDeps): (server: Server) => void {
  const cells = createCellKeys(cellKeySecret(deps.subjectKey));
  const counters = counterReads(deps.analytics, deps.clock);

  /** Checks the query; answers 400 itself and returns undefined then. */
  async function report(req: Request, res: Response) {
    const parsed = optinsParams(deps.clock.now()).safeParse(req.query ?? {});
    if (!parsed.success) {
      sendIssues(res, 'invalid query', parsed.error.issues);
      return undefined;
    }
    const q = parsed.data;
    // Every counter row, not the store's sums: each published cell's key is made from its rows.
    const rows = await counters(q);
    res.header('Cache-Control', 'no-store');
    return { query: q, report: optinReport(rows, q.groupBy, cells) };
  }

  const roles = requireRole(deps.tokens, ROLES);
  return (server) => {
    server.get('/admin/api/optins', roles, async (req: Request, res: Response) => {
      const r = await report(req, res);
      if (!r) return;
      const { from, to, filters } = r.query;
      res.send(200, { from, to, filters, minAsks: MIN_ASKS, protection: PROTECTION, ...r.report });
    });
    server.get('/admin/api/optins.csv', roles, async (req: Request, res: Response) => {
      const r = await report(req, res);
      if (!r) return;
      res.header('Content-Type', 'text/csv; charset=utf-8');
      res.header('Content-Disposition', `attachment; filename="optins-${r.query.from}-${r.query.to}.csv"`);
      res.sendRaw(200, optinCsv(r.report));
    });
  };
}
