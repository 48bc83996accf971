/**
 * Opt-in analytics wiring: the runtime's ask-event sink on the store, the pending-ask tracking
 * around the runtime, the abandoned-ask sweep, and the admin routes (report, map, dashboard).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { createAskEventSink, scheduleAbandonSweep, trackPendingAsks } from '../analytics/index.ts';
import { adminMounts } from '../http/admin-routes.ts';
import type { Runtime } from '../journey/index.ts';
import type { DialogueMap, Texts } from '../map/index.ts';
import type { Clock } from '../shared/clock.ts';
import type { Store } from '../storage/index.ts';
import type { Config } from './config.ts';

export interface AnalyticsWiringDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
}

export function wireAnalytics(
  cfg: Pick<Config, 'ABANDON_AFTER' | 'ADMIN_TOKENS'>,
  deps: AnalyticsWiringDeps,
) {
  const { store, clock, log } = deps;
  const events = createAskEventSink({ store: store.analytics, log });
  let tracked: ReturnType<typeof trackPendingAsks> | undefined;
  let sweep: ReturnType<typeof scheduleAbandonSweep> | undefined;
  return {
    /** For `createRuntime({ events })`. */
    events,
    /** The runtime with its waiting asks tracked for abandonment. */
    track(runtime: Runtime): Runtime {
      tracked = trackPendingAsks(runtime, { store: store.pendingAsks, clock, log });
      return tracked;
    },
    mounts: (map: () => DialogueMap, texts: () => Texts) =>
      adminMounts({ analytics: store.analytics, tokens: cfg.ADMIN_TOKENS, clock, map, texts }),
    /** Starts the abandoned-ask sweep: every quarter of ABANDON_AFTER, between 1 s and 1 min. */
    startSweep() {
      sweep ??= scheduleAbandonSweep(
        {
          pending: store.pendingAsks,
          leases: store.leases,
          events,
          clock,
          abandonAfterMs: cfg.ABANDON_AFTER,
          holder: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
        },
        { everyMs: Math.min(60_000, Math.max(1_000, cfg.ABANDON_AFTER / 4)), log },
      );
    },
    /** Stops the sweep and waits for counts still being written. */
    async close() {
      await sweep?.stop();
      await tracked?.flush();
      await events.flush();
    },
  };
}
