/**
 * Idle bot state expires: a conversation not written for STATE_TTL loses its state (journey
 * position, pending question, last replies) on both stores, without a TTL index. Runs under a
 * lease, so with several instances one sweeps at a time; afterwards the store is scrubbed so the
 * deleted state leaves no copy in its files.
 */
import type { Clock } from '../shared/clock.ts';
import type { Store } from '../storage/index.ts';

export interface StateExpiryDeps {
  readonly store: Pick<Store, 'state' | 'leases' | 'scrub'>;
  readonly clock: Clock;
  /** How long a conversation may stay idle before its state is deleted, in milliseconds (or as of `now`). */
  readonly idleMs: number | ((now: Date) => number);
  /** This instance's name for the lease. */
  readonly holder: string;
  readonly batchSize?: number;
}

export interface StateExpiryReport {
  /** False when another instance held the lease. */
  readonly ran: boolean;
  readonly deleted: number;
}

const LEASE = 'state-expiry';

export type StateExpiry = ReturnType<typeof createStateExpiry>;

export function createStateExpiry(deps: StateExpiryDeps) {
  const { store, clock } = deps;
  const size = deps.batchSize ?? 500;

  /** Deletes every state document idle for longer than the TTL, a batch at a time. */
  async function sweep(): Promise<StateExpiryReport> {
    const now = clock.now();
    const until = new Date(now.getTime() + 5 * 60_000);
    if (!(await store.leases.acquire(LEASE, deps.holder, now, until))) return { ran: false, deleted: 0 };
    try {
      const idleMs = typeof deps.idleMs === 'number' ? deps.idleMs : deps.idleMs(now);
      const before = new Date(now.getTime() - idleMs);
      let deleted = 0;
      for (let n = size; n === size; deleted += n) n = await store.state.deleteIdle(before, size);
      if (deleted > 0) await store.scrub();
      return { ran: true, deleted };
    } finally {
      await store.leases.release(LEASE, deps.holder);
    }
  }

  return { sweep };
}
