/**
 * `GET /admin/api/events/failed` (role dpo): events to the business's systems given up after
 * their retry window — which system was not told what, about which pseudonymous subject. No
 * value: a given-up event keeps none.
 */
import type { Request, Response, Server } from 'restify';
import type { OutboxStore } from '../storage/index.ts';
import { allow, type Role } from './auth.ts';

export interface EventRoutesDeps {
  readonly outbox: OutboxStore;
  readonly tokens: ReadonlyMap<string, Role>;
}

const LIMIT = 500;

export function mountFailedEvents(deps: EventRoutesDeps): (server: Server) => void {
  return (server) => {
    server.get('/admin/api/events/failed', async (req: Request, res: Response) => {
      if (!allow(req, res, deps.tokens, ['dpo'])) return;
      const [failed, counts] = await Promise.all([deps.outbox.failures(LIMIT), deps.outbox.counts()]);
      res.send(200, {
        counts,
        failed: failed.map((e) => ({
          id: e.id,
          system: e.system,
          type: e.type,
          subject: e.subject,
          item: e.item,
          purpose: e.purpose,
          at: e.at.toISOString(),
          attempts: e.attempts,
          lastError: e.lastError ?? null,
          failedAt: e.failedAt?.toISOString() ?? null,
        })),
      });
    });
  };
}
