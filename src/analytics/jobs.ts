/**
 * The analytics background jobs' plumbing: a job run every so often (timer unref'd, runs never
 * overlap, failures logged), and the day-summary job, which folds past days' counters under a
 * lease so one instance does it.
 */
import type { Clock } from '../shared/clock.ts';
import type { AnalyticsStore, LeaseStore } from '../storage/index.ts';
import { dayOf } from '../storage/ask-counts.ts';
import type { SinkLog } from './sink.ts';

/** Runs `job` every `everyMs`; `stop` ends the timer and waits for a run in progress. */
export function every(everyMs: number, job: () => Promise<unknown>, log: SinkLog, what: string) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() =>
      job().catch((err: unknown) =>
        log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, `${what} failed`),
      ),
    );
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

export interface CompactDeps {
  readonly analytics: Pick<AnalyticsStore, 'compact'>;
  readonly leases: LeaseStore;
  readonly clock: Clock;
  readonly holder: string;
}

const LEASE = 'ask-counts-compaction';

/** Folds the counters of days before today into day summaries (where the store keeps them). */
export async function compactCounts(deps: CompactDeps): Promise<number> {
  const now = deps.clock.now();
  if (!(await deps.leases.acquire(LEASE, deps.holder, now, new Date(now.getTime() + 15 * 60_000)))) return 0;
  try {
    return await deps.analytics.compact(dayOf(now), now);
  } finally {
    await deps.leases.release(LEASE, deps.holder);
  }
}
