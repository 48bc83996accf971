/**
 * Abandoned asks: asked, then no answer before the conversation went quiet for ABANDON_AFTER.
 *
 * The mechanism: the runtime keeps the ask it waits for in the conversation state (`run.pending`),
 * and each turn mirrors it into the PendingAskStore with its own batch (journey/step.ts: set while
 * an ask waits, refreshed on every turn; cleared once it is answered, declined or cancelled).
 * A periodic sweep (`sweepAbandoned`, one instance at a time under a lease) takes
 * pending asks quiet for longer than ABANDON_AFTER, settles each one with a conditional delete —
 * so each is counted once — and records an `abandoned` event dated at its last turn. A customer
 * who comes back later and answers is counted as abandoned and as granted: both happened.
 */
import type { Clock } from '../shared/clock.ts';
import type { LeaseStore, PendingAskStore } from '../storage/index.ts';
import type { AskEventSink } from '../storage/ask-events.ts';
import type { PendingAsk } from '../storage/pending-asks.ts';
import { every } from './jobs.ts';
import type { SinkLog } from './sink.ts';

export interface SweepDeps {
  readonly pending: PendingAskStore;
  readonly leases: LeaseStore;
  readonly events: AskEventSink;
  readonly clock: Clock;
  /** Quiet time after which a waiting ask counts as abandoned, in ms. */
  readonly abandonAfterMs: number;
  /** This instance's lease holder id. */
  readonly holder: string;
}

const LEASE = 'abandoned-asks-sweep';
const BATCH = 500;

/** Counts every ask quiet for longer than `abandonAfterMs` as abandoned; returns how many. */
export async function sweepAbandoned(deps: SweepDeps): Promise<number> {
  const now = deps.clock.now();
  const until = new Date(now.getTime() + 5 * 60_000);
  if (!(await deps.leases.acquire(LEASE, deps.holder, now, until))) return 0;
  const before = new Date(now.getTime() - deps.abandonAfterMs);
  let counted = 0;
  try {
    for (let round = 0; round < 100; round++) {
      const quiet: PendingAsk[] = await deps.pending.quiet(before, BATCH);
      for (const p of quiet) {
        if (!(await deps.pending.settle(p.key, p.since))) continue;
        const { key: _key, since, ...where } = p;
        await deps.events.record({ type: 'abandoned', ...where, at: since });
        counted++;
      }
      if (quiet.length < BATCH) break;
    }
  } finally {
    await deps.leases.release(LEASE, deps.holder);
  }
  return counted;
}

export interface SweepScheduleOptions {
  readonly everyMs: number;
  readonly log: SinkLog;
}

/** Runs the sweep every `everyMs` (timer unref'd: it never keeps the process up); `stop` waits for a running one. */
export function scheduleAbandonSweep(deps: SweepDeps, opts: SweepScheduleOptions) {
  return every(opts.everyMs, () => sweepAbandoned(deps), opts.log, 'abandoned-ask sweep');
}
