/**
 * Opt-in analytics wiring: the ask-event sink on the store (its presence turns on the counts and
 * waiting asks each turn writes with its batch), the abandoned-ask sweep, and the admin routes.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { compactCounts, createAskEventSink, every, scheduleAbandonSweep } from '../analytics/index.ts';
import { adminMounts } from '../http/admin-routes.ts';
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
  let jobs: { stop(): Promise<void> }[] | undefined;
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return {
    /** For `createBotServices({ events })`: with it, each turn writes its ask counts and waiting ask. */
    events,
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
      await events.flush();
    },
  };
}
