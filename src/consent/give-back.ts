/**
 * Give-back: finds grants past their retention or unused past their purpose's give-back-after,
 * revokes them, deletes items left without a grant, records `expired` / `given-back` in the
 * ledger and tells the customer. Runs under a lease, so with several instances each grant is
 * handled and each message sent once; its cost follows the number of due items (an index on
 * each item's due time), not the number of customers.
 */
import type { DialogueMap, Texts, Locale } from '../map/index.ts';
import type { Clock } from '../shared/clock.ts';
import { addDuration } from '../shared/duration.ts';
import { grantDueAt, itemDueAt, type Grant, type HeldItem, type Store } from '../storage/index.ts';
import type { ConsentService } from './consent-service.ts';

/** Sends a customer a message on the conversation they last used; false when there is none. */
export interface Notifier {
  notify(subject: string, text: (locale: Locale) => string): Promise<boolean>;
}

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
}

export interface SweepReport {
  readonly ran: boolean;
  readonly items: number;
  readonly expired: number;
  readonly givenBack: number;
  readonly deleted: number;
  readonly notified: number;
}

const LEASE = 'give-back';

/** Unused past its give-back-after is a give-back (the friendlier truth); otherwise its retention ran out. */
function dueKind(g: Grant, now: Date): 'given-back' | 'expired' {
  return g.giveBackAfter && addDuration(g.lastUsedAt ?? g.grantedAt, g.giveBackAfter) <= now
    ? 'given-back'
    : 'expired';
}

export type GiveBack = ReturnType<typeof createGiveBack>;

export function createGiveBack(deps: GiveBackDeps) {
  const { store, clock } = deps;

  function message(
    held: HeldItem,
    kinds: Set<'expired' | 'given-back'>,
    purposes: string[],
    remaining: number,
  ) {
    return (lng: Locale) => {
      const t = deps.texts();
      const item = t.t(lng, `items.${held.item}.name`, {}, 'map');
      if (remaining > 0) {
        const description = purposes.map((p) => t.t(lng, `purposes.${p}.description`, {}, 'map')).join(', ');
        return t.t(lng, 'giveback.purpose', { item, description });
      }
      return t.t(lng, kinds.has('given-back') ? 'giveback.unused' : 'giveback.expired', { item });
    };
  }

  /** Handles one due item; returns what it did. */
  async function handle(held: HeldItem, now: Date, dryRun: boolean) {
    const due = held.grants.filter((g) => grantDueAt(g) <= now);
    const kinds = new Set(due.map((g) => dueKind(g, now)));
    const counts = { expired: 0, givenBack: 0, deleted: 0, notified: 0 };
    if (due.length === 0 || dryRun) {
      if (!dryRun) await store.items.setDueAt(held.subject, held.item, itemDueAt(held.grants) ?? now);
      for (const g of due) counts[dueKind(g, now) === 'expired' ? 'expired' : 'givenBack']++;
      return { ...counts, deleted: dryRun && due.length === held.grants.length ? 1 : 0 };
    }
    let fresh = false;
    let remaining = held.grants.length;
    for (const g of due) {
      const event = dueKind(g, now);
      const ctx = {
        subject: held.subject,
        channel: held.collected.channel,
        locale: held.collected.locale,
        journey: '',
        step: '',
      };
      const idem = `sweep:${held.subject}:${held.item}:${g.purpose}:${g.grantedAt.toISOString()}`;
      if (
        (await deps.consent.recordEvent(
          { ...ctx, activityId: idem },
          { item: held.item, purpose: g.purpose },
          event,
        )) === 'appended'
      ) {
        fresh = true;
      }
      remaining = (await store.items.removeGrant(held.subject, held.item, g.purpose)) ?? 0;
      counts[event === 'expired' ? 'expired' : 'givenBack']++;
    }
    if (remaining === 0) {
      await store.items.delete(held.subject, held.item);
      counts.deleted = 1;
    } else {
      const left = held.grants.filter((g) => !due.includes(g));
      await store.items.setDueAt(held.subject, held.item, itemDueAt(left) ?? now);
    }
    if (fresh) {
      const sent = await deps.notifier.notify(
        held.subject,
        message(
          held,
          kinds,
          due.map((g) => g.purpose),
          remaining,
        ),
      );
      if (sent) counts.notified = 1;
    }
    return counts;
  }

  /** One sweep over every due item (in batches). With `dryRun`, reports what it would do and changes nothing. */
  async function sweep(opts: { dryRun?: boolean } = {}): Promise<SweepReport> {
    const dryRun = opts.dryRun ?? false;
    const now = clock.now();
    const total = { ran: true, items: 0, expired: 0, givenBack: 0, deleted: 0, notified: 0 };
    if (
      !dryRun &&
      !(await store.leases.acquire(LEASE, deps.holder, now, new Date(now.getTime() + 5 * 60_000)))
    ) {
      return { ...total, ran: false };
    }
    try {
      const size = deps.batchSize ?? 500;
      const seen = new Set<string>();
      for (;;) {
        const batch = (await store.items.due(now, size)).filter((h) => !seen.has(`${h.subject}|${h.item}`));
        if (batch.length === 0) break;
        for (const held of batch) {
          seen.add(`${held.subject}|${held.item}`);
          const r = await handle(held, now, dryRun);
          total.items++;
          total.expired += r.expired;
          total.givenBack += r.givenBack;
          total.deleted += r.deleted;
          total.notified += r.notified;
        }
      }
      return total;
    } finally {
      if (!dryRun) await store.leases.release(LEASE, deps.holder);
    }
  }

  return { sweep };
}
