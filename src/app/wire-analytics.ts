/**
 * Opt-in analytics wiring: the runtime's ask-event sink on the store, the pending-ask tracking
 * around the runtime, the abandoned-ask sweep, and the admin routes (report, map, dashboard).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import {
  compactCounts,
  createAskEventSink,
  every,
  scheduleAbandonSweep,
  trackPendingAsks,
} from '../analytics/index.ts';
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
  let jobs: { stop(): Promise<void> }[] | undefined;
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return {
    /** For `createRuntime({ events })`. */
    events,
    /** The runtime with its waiting asks tracked for abandonment. */
    track(runtime: Runtime): Runtime {
      tracked = trackPendingAsks(runtime, { store: store.pendingAsks, clock, log });
      return tracked;
    },
    mounts: (map: () => DialogueMap, texts: () => Texts, subjectKey: Buffer) =>
      adminMounts({ analytics: store.analytics, tokens: cfg.ADMIN_TOKENS, clock, map, texts, subjectKey }),
    /**
     * Starts the jobs: the abandoned-ask sweep every quarter of ABANDON_AFTER (1 s to 1 min) and
     * the day-summary job every 10 minutes.
     */
    startSweep() {
      const { pendingAsks: pending, leases, analytics } = store;
      jobs ??= [
        scheduleAbandonSweep(
          { pending, leases, events, clock, abandonAfterMs: cfg.ABANDON_AFTER, holder },
          { everyMs: Math.min(60_000, Math.max(1_000, cfg.ABANDON_AFTER / 4)), log },
        ),
        every(
          10 * 60_000,
          () => compactCounts({ analytics, leases, clock, holder }),
          log,
          'ask-count day summaries',
        ),
      ];
    },
    /** Stops the sweep and waits for counts still being written. */
    async close() {
      await Promise.all((jobs ?? []).map((j) => j.stop()));
      await tracked?.flush();
      await events.flush();
    },
  };
}
