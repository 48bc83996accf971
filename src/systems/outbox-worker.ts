/**
 * The events worker: delivers the outbox to `<url>/events` of each system, signed, under a lease
 * (one instance at a time), at least once. A failed attempt is retried on a backoff schedule (the
 * first within 30 s) with the same `webhook-id`; past the schedule the event is given up, kept
 * without value for the DPO and counted in /metrics. A delivered event is deleted, value and all.
 */
import type { Logger } from 'pino';
import type { ResolvedSystem } from '../map/index.ts';
import type { Clock } from '../shared/clock.ts';
import type { OutboxEvent, Store } from '../storage/index.ts';
import { postSigned, type PostResult } from './post-signed.ts';

/** Waits after each failed attempt: 10 s, 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about 28 h in all). */
export const RETRY_SCHEDULE_MS: readonly number[] = [
  10_000,
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

const LEASE = 'events-outbox';
const LEASE_MS = 60_000;
const BATCH = 50;
/** Batches per run, so one run never holds the lease for long. */
const MAX_BATCHES = 20;
const TIMEOUT_MS = 5_000;

/** The body POSTed to `<url>/events` (docs/openapi.yaml, Event). */
export interface EventBody {
  readonly type: OutboxEvent['type'];
  readonly subject: string;
  readonly item: string;
  readonly purpose: string;
  readonly at: string;
  readonly value?: string;
}

export interface OutboxWorkerDeps {
  readonly store: Pick<Store, 'outbox' | 'leases' | 'items'>;
  readonly systems: () => ReadonlyMap<string, ResolvedSystem>;
  /** The plain value of an event that carries one; throws when it cannot be read. */
  readonly reveal: (e: OutboxEvent) => string;
  /** Schedules (due times, backoff). */
  readonly clock: Clock;
  /** The wall clock for signatures (receivers check it against theirs). */
  readonly wallClock: Clock;
  readonly holder: string;
  readonly log: Logger;
  readonly schedule?: readonly number[];
}

export interface OutboxRun {
  readonly ran: boolean;
  readonly delivered: number;
  readonly retried: number;
  readonly failed: number;
}

const errorOf = (r: Exclude<PostResult, { kind: 'answered' }>): string =>
  r.kind === 'status' ? `status ${r.status}` : r.kind;

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;

export function createOutboxWorker(deps: OutboxWorkerDeps) {
  const schedule = deps.schedule ?? RETRY_SCHEDULE_MS;
  const { outbox, leases, items } = deps.store;

  const bodyOf = (e: OutboxEvent): EventBody => ({
    type: e.type,
    subject: e.subject,
    item: e.item,
    purpose: e.purpose,
    at: e.at.toISOString(),
    ...(e.value ? { value: deps.reveal(e) } : {}),
  });

  /** One attempt at one event; what became of it. */
  async function attempt(e: OutboxEvent): Promise<'delivered' | 'retried' | 'failed'> {
    let r: PostResult | undefined;
    let body: EventBody | undefined;
    try {
      body = bodyOf(e);
    } catch {
      // A value sealed under a key no longer configured: there is nothing to send, ever.
    }
    if (body) {
      const system = deps.systems().get(e.system);
      r = await postSigned(
        system,
        '/events',
        e.id,
        body,
        deps.wallClock.now(),
        system?.timeoutMs ?? TIMEOUT_MS,
      );
    }
    if (r?.kind === 'answered') {
      await outbox.delivered(e.id);
      // The system received the value: a use of its grant, as an action's item is.
      if (body?.value !== undefined) await items.touch(e.subject, e.item, e.purpose, deps.clock.now());
      return 'delivered';
    }
    const attempts = e.attempts + 1;
    const error = r ? errorOf(r) : 'value unreadable';
    const now = deps.clock.now();
    const wait = schedule[attempts - 1];
    const ctx = { system: e.system, type: e.type, webhookId: e.id, attempts, error };
    if (wait === undefined) {
      await outbox.giveUp(e.id, attempts, now, error);
      deps.log.error(ctx, 'event given up after its retry window; the DPO sees it in the admin API');
      return 'failed';
    }
    await outbox.retry(e.id, attempts, new Date(now.getTime() + wait), error);
    deps.log.warn(ctx, 'event not delivered; retrying');
    return 'retried';
  }

  const hold = () => {
    const now = deps.clock.now();
    return leases.acquire(LEASE, deps.holder, now, new Date(now.getTime() + LEASE_MS));
  };

  /** Delivers what is due, while this instance holds the lease. */
  async function run(): Promise<OutboxRun> {
    const tally = { delivered: 0, retried: 0, failed: 0 };
    if (!(await hold())) return { ran: false, ...tally };
    try {
      for (let n = 0; n < MAX_BATCHES; n++) {
        const due = await outbox.due(deps.clock.now(), BATCH);
        if (due.length === 0) break;
        for (const e of due) tally[await attempt(e)]++;
        if (!(await hold())) break;
      }
    } finally {
      await leases.release(LEASE, deps.holder);
    }
    return { ran: true, ...tally };
  }

  return { run };
}
