/**
 * Give-back: finds grants past their retention or unused past their purpose's give-back-after,
 * revokes them, deletes items left without a grant, records `expired` / `given-back` in the
 * ledger and tells the customer. Each due item is given back whether or not its notice can be
 * delivered (undelivered notices are retried, bounded, by give-back-notices.ts), and one item
 * that fails is counted and logged while the sweep goes on. Runs under a lease, so with several
 * instances each grant is handled and each message sent once; its cost follows the number of
 * due items (an index on each item's due time), not the number of customers.
 */
import type { DialogueMap, Texts } from '../map/index.ts';
import type { Clock } from '../shared/clock.ts';
import { addDuration } from '../shared/duration.ts';
import { grantDueAt, itemDueAt, type Grant, type HeldItem, type Store } from '../storage/index.ts';
import type { ConsentService } from './consent-service.ts';
import { createNoticeSender, type NoticeOutcome, type Notifier, type SweepLog } from './give-back-notices.ts';

export type { Notifier, SweepLog } from './give-back-notices.ts';

export interface GiveBackDeps {
  readonly store: Store;
  readonly consent: ConsentService;
  readonly map: () => DialogueMap;
  readonly texts: () => Texts;
  readonly clock: Clock;
  readonly notifier: Notifier;
  /** This instance's name for the lease. */
  readonly holder: string;
  readonly batchSize?: number;
  /** Delivery attempts of a notice, across sweeps, before it is abandoned (default 3). */
  readonly noticeAttempts?: number;
  readonly log?: SweepLog;
  /**
   * Deletes what is kept for every conversation of a subject (bot state, reference), once a
   * give-back leaves the subject with nothing and its last notice is settled.
   */
  readonly forgetConversations?: (subject: string) => Promise<void>;
}

export interface SweepReport {
  readonly ran: boolean;
  readonly items: number;
  readonly expired: number;
  readonly givenBack: number;
  readonly deleted: number;
  /** Notices delivered (new ones and retries). */
  readonly notified: number;
  /** Notices not delivered this sweep, kept to be retried. */
  readonly noticesFailed: number;
  /** Notices given up after their last attempt. */
  readonly noticesAbandoned: number;
  /** Items or notices that failed with an error; left for the next sweep. */
  readonly failed: number;
}

const LEASE = 'give-back';
const LEASE_MS = 5 * 60_000;

/** Keeps the sweep's lease; false once another instance holds it. */
type Hold = () => Promise<boolean>;

/** Unused past its give-back-after is a give-back (the friendlier truth); otherwise its retention ran out. */
function dueKind(g: Grant, now: Date): 'given-back' | 'expired' {
  return g.giveBackAfter && addDuration(g.lastUsedAt ?? g.grantedAt, g.giveBackAfter) <= now
    ? 'given-back'
    : 'expired';
}

type Tally = { -readonly [K in keyof SweepReport]: SweepReport[K] };

const countOutcome = (t: Tally, o: NoticeOutcome | undefined) => {
  if (o === 'sent') t.notified++;
  else if (o === 'failed') t.noticesFailed++;
  else if (o === 'abandoned') t.noticesAbandoned++;
};

export type GiveBack = ReturnType<typeof createGiveBack>;

export function createGiveBack(deps: GiveBackDeps) {
  const { store, clock } = deps;
  const notices = createNoticeSender({
    store,
    consent: deps.consent,
    texts: deps.texts,
    notifier: deps.notifier,
    ...(deps.noticeAttempts !== undefined ? { maxAttempts: deps.noticeAttempts } : {}),
    ...(deps.log ? { log: deps.log } : {}),
  });

  /**
   * Revokes one due grant with its ledger record. `fresh` says this run gives it back: the record
   * is new, or an earlier sweep recorded it but failed before revoking (the customer is still owed
   * the notice). A record made at this sweep's time is another instance's, which tells the customer.
   */
  async function revoke(held: HeldItem, g: Grant, now: Date): Promise<{ fresh: boolean; remaining: number }> {
    const ctx = { subject: held.subject, channel: held.collected.channel, locale: held.collected.locale };
    const idem = `sweep:${held.subject}:${held.item}:${g.purpose}:${g.grantedAt.toISOString()}`;
    const event = dueKind(g, now);
    const appended = await deps.consent.recordEvent(
      { ...ctx, journey: '', step: '', activityId: idem },
      { item: held.item, purpose: g.purpose },
      event,
    );
    const fresh =
      appended === 'appended' ||
      (await store.ledger.forSubject(held.subject)).some(
        (r) => r.activityId === idem && r.event === event && r.at < now,
      );
    const remaining = (await store.items.removeGrant(held.subject, held.item, g.purpose)) ?? 0;
    return { fresh, remaining };
  }

  /** Handles one due item: gives back its due grants, then tries to tell the customer. */
  async function handle(held: HeldItem, now: Date, dryRun: boolean, t: Tally): Promise<void> {
    const due = held.grants.filter((g) => grantDueAt(g) <= now);
    const kinds = due.map((g) => dueKind(g, now));
    if (dryRun || due.length === 0) {
      for (const k of kinds) t[k === 'expired' ? 'expired' : 'givenBack']++;
      if (dryRun) t.deleted += due.length === held.grants.length ? 1 : 0;
      else if (held.grants.length === 0) await store.items.delete(held.subject, held.item);
      else await store.items.setDueAt(held.subject, held.item, itemDueAt(held.grants) ?? now);
      return;
    }
    let fresh = false;
    let remaining = held.grants.length;
    for (const g of due) {
      const r = await revoke(held, g, now);
      fresh ||= r.fresh;
      remaining = r.remaining;
      t[dueKind(g, now) === 'expired' ? 'expired' : 'givenBack']++;
    }
    if (remaining === 0) {
      await store.items.delete(held.subject, held.item);
      t.deleted++;
    } else {
      const left = held.grants.filter((g) => !due.includes(g));
      await store.items.setDueAt(held.subject, held.item, itemDueAt(left) ?? now);
    }
    if (!fresh) return;
    const notice = {
      id: `${held.subject}|${held.item}|${now.toISOString()}`,
      subject: held.subject,
      item: held.item,
      purposes: due.map((g) => g.purpose),
      kind: kinds.includes('given-back') ? ('given-back' as const) : ('expired' as const),
      remaining,
      channel: held.collected.channel,
      locale: held.collected.locale,
      attempts: 0,
      nextAt: now,
    };
    const outcome = await notices.attempt(notice, now);
    countOutcome(t, outcome);
    await forgetIfGone(held.subject, outcome);
  }

  /**
   * A subject given back everything keeps no conversation either: its state and reference go once
   * the notice is sent or given up (a notice still to be retried needs the reference).
   */
  async function forgetIfGone(subject: string, outcome: NoticeOutcome | undefined): Promise<void> {
    if (!deps.forgetConversations || outcome === 'failed') return;
    if ((await store.items.forSubject(subject)).length > 0) return;
    await deps.forgetConversations(subject);
  }

  /** Counts and logs a failure (no value), and moves the item past this sweep so the rest go on. */
  async function failedItem(held: HeldItem, now: Date, e: unknown, t: Tally): Promise<void> {
    t.failed++;
    deps.log?.warn(
      { subject: held.subject, item: held.item, err: { name: (e as Error).name } },
      'give-back of an item failed; retried next sweep',
    );
    await store.items.setDueAt(held.subject, held.item, new Date(now.getTime() + 1)).catch(() => undefined);
  }

  /** Retries the notices earlier sweeps could not deliver. */
  async function retryNotices(now: Date, size: number, t: Tally, hold: Hold): Promise<void> {
    const seen = new Set<string>();
    for (;;) {
      const batch = (await store.notices.due(now, size)).filter((n) => !seen.has(n.id));
      if (batch.length === 0) return;
      for (const n of batch) {
        if (!(await hold())) return;
        seen.add(n.id);
        try {
          const outcome = await notices.attempt(n, now);
          countOutcome(t, outcome);
          await forgetIfGone(n.subject, outcome);
        } catch (e) {
          t.failed++;
          deps.log?.warn(
            { subject: n.subject, item: n.item, err: { name: (e as Error).name } },
            'notice retry failed',
          );
        }
      }
    }
  }

  /** Every due item, a batch at a time; an item that fails does not stop the others. */
  async function giveBackDue(now: Date, size: number, dryRun: boolean, t: Tally, hold: Hold): Promise<void> {
    const seen = new Set<string>();
    for (;;) {
      const batch = (await store.items.due(now, size)).filter((h) => !seen.has(`${h.subject}|${h.item}`));
      if (batch.length === 0) return;
      for (const held of batch) {
        if (!(await hold())) return;
        seen.add(`${held.subject}|${held.item}`);
        t.items++;
        try {
          await handle(held, now, dryRun, t);
        } catch (e) {
          await failedItem(held, now, e, t);
        }
      }
    }
  }

  const takeLease = () => {
    const at = clock.now();
    return store.leases.acquire(LEASE, deps.holder, at, new Date(at.getTime() + LEASE_MS));
  };

  /** One sweep over every due item (in batches). With `dryRun`, reports what it would do and changes nothing. */
  async function sweep(opts: { dryRun?: boolean } = {}): Promise<SweepReport> {
    const dryRun = opts.dryRun ?? false;
    const now = clock.now();
    const t: Tally = {
      ran: true,
      items: 0,
      expired: 0,
      givenBack: 0,
      deleted: 0,
      notified: 0,
      noticesFailed: 0,
      noticesAbandoned: 0,
      failed: 0,
    };
    if (!dryRun && !(await takeLease())) return { ...t, ran: false };
    // Renewed once half of it has run: slow channels must not let it lapse to another instance.
    let renewedAt = now.getTime();
    const hold: Hold = async () => {
      if (dryRun || clock.now().getTime() - renewedAt < LEASE_MS / 2) return true;
      renewedAt = clock.now().getTime();
      if (await takeLease()) return true;
      deps.log?.warn({ holder: deps.holder }, 'give-back lease lost; the sweep stops here');
      return false;
    };
    try {
      const size = deps.batchSize ?? 500;
      // Retries first: a notice that fails in this sweep waits for the next one.
      if (!dryRun) await retryNotices(now, size, t, hold);
      await giveBackDue(now, size, dryRun, t, hold);
      return t;
    } finally {
      if (!dryRun) await store.leases.release(LEASE, deps.holder);
    }
  }

  return { sweep };
}
