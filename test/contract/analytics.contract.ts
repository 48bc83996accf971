/**
 * Contract: opt-in analytics counters (one per day and dimensions, incremented atomically,
 * summed per group) and pending asks. Each test uses its own journey id, so tests sharing one
 * server database never count each other's events.
 */
import { describe, expect, it } from 'vitest';
import type { AskEvent, CountRow } from '../../src/analytics/index.ts';
import type { Store } from '../../src/storage/index.ts';
import type { SkipReason } from './concurrency.contract.ts';
import { at, t0, uid } from './fixtures.ts';

const event = (journey: string, extra: Partial<AskEvent> = {}): AskEvent => ({
  type: 'asked',
  item: 'mobile',
  purpose: 'delivery-sms',
  journey,
  step: 'sms-confirm',
  locale: 'en',
  channel: 'webchat',
  at: t0,
  ...extra,
});

const day = (minutes: number) => at(minutes).toISOString().slice(0, 10);
const DAY = 24 * 60;
/** Rows in a stable order, for comparison. */
const sorted = (rows: CountRow[]) =>
  [...rows].sort((a, b) =>
    JSON.stringify([a.group, a.type, a.reason]).localeCompare(JSON.stringify([b.group, b.type, b.reason])),
  );

export function analyticsContract(store: () => Store, skipReason: SkipReason): void {
  describe('opt-in analytics counters', () => {
    it('counts events per group, type and reason over a day range', async () => {
      const j = uid('journey');
      const events: Partial<AskEvent>[] = [
        {},
        {},
        { locale: 'nl' },
        { type: 'granted' },
        { type: 'declined', locale: 'nl' },
        { type: 'suppressed', reason: 'cooldown' },
        { type: 'suppressed', reason: 'cooldown', at: at(5) },
        { type: 'suppressed', reason: 'budget' },
        { type: 'asked', at: at(DAY) },
        { type: 'asked', at: at(3 * DAY) },
      ];
      for (const e of events) await store().analytics.record(event(j, e));
      const rows = await store().analytics.query({
        from: day(0),
        to: day(DAY),
        groupBy: ['locale'],
        filters: { journey: [j] },
      });
      expect(sorted(rows)).toEqual(
        sorted([
          { group: { locale: 'en' }, type: 'asked', reason: '', n: 3 },
          { group: { locale: 'nl' }, type: 'asked', reason: '', n: 1 },
          { group: { locale: 'en' }, type: 'granted', reason: '', n: 1 },
          { group: { locale: 'nl' }, type: 'declined', reason: '', n: 1 },
          { group: { locale: 'en' }, type: 'suppressed', reason: 'cooldown', n: 2 },
          { group: { locale: 'en' }, type: 'suppressed', reason: 'budget', n: 1 },
        ]),
      );
    });

    it('groups by several dimensions and by day, and filters on any of them', async () => {
      const j = uid('journey');
      await store().analytics.record(event(j, { channel: 'msteams' }));
      await store().analytics.record(
        event(j, { item: 'email', purpose: 'delivery-email', step: 'email-confirm' }),
      );
      await store().analytics.record(event(j, { at: at(DAY) }));
      const byDay = await store().analytics.query({
        from: day(-DAY),
        to: day(2 * DAY),
        groupBy: ['day', 'item', 'purpose'],
        filters: { journey: [j], channel: ['webchat'] },
      });
      expect(sorted(byDay)).toEqual(
        sorted([
          {
            group: { day: day(0), item: 'email', purpose: 'delivery-email' },
            type: 'asked',
            reason: '',
            n: 1,
          },
          {
            group: { day: day(DAY), item: 'mobile', purpose: 'delivery-sms' },
            type: 'asked',
            reason: '',
            n: 1,
          },
        ]),
      );
      const total = await store().analytics.query({
        from: day(0),
        to: day(DAY),
        groupBy: [],
        filters: { journey: [j], step: ['sms-confirm', 'email-confirm'] },
      });
      expect(total).toEqual([{ group: {}, type: 'asked', reason: '', n: 3 }]);
    });

    it('adds bulk counts to the same counters as single events', async () => {
      const j = uid('journey');
      await store().analytics.record(event(j));
      const key = {
        day: day(0),
        item: 'mobile',
        purpose: 'delivery-sms',
        journey: j,
        step: 'sms-confirm',
        locale: 'en',
        channel: 'webchat',
        type: 'asked' as const,
        reason: '',
      };
      await store().analytics.add([
        { key, n: 5 },
        { key, n: 2 },
        { key: { ...key, type: 'granted' }, n: 4 },
      ]);
      const rows = await store().analytics.query({
        from: day(0),
        to: day(0),
        groupBy: [],
        filters: { journey: [j] },
      });
      expect(sorted(rows)).toEqual(
        sorted([
          { group: {}, type: 'asked', reason: '', n: 8 },
          { group: {}, type: 'granted', reason: '', n: 4 },
        ]),
      );
    });

    it('stores only the key: a value or subject passed along with an event is not kept', async () => {
      const j = uid('journey');
      const leaky = { ...event(j), value: '07911 123456', subject: 's_secret' } as AskEvent;
      await store().analytics.record(leaky);
      const rows = await store().analytics.query({
        from: day(0),
        to: day(0),
        groupBy: ['item', 'purpose', 'journey', 'step', 'locale', 'channel', 'day'],
        filters: { journey: [j] },
      });
      expect(JSON.stringify(rows)).not.toMatch(/07911|s_secret/);
      expect(rows).toHaveLength(1);
    });

    it('returns nothing for a range without events', async () => {
      const rows = await store().analytics.query({
        from: '2001-01-01',
        to: '2001-01-31',
        groupBy: ['item'],
        filters: { journey: [uid('journey')] },
      });
      expect(rows).toEqual([]);
    });

    it('loses no count when 50 increments of one counter run at once', async (ctx) => {
      ctx.skip(skipReason() !== undefined, skipReason());
      const j = uid('journey');
      await Promise.all(Array.from({ length: 50 }, () => store().analytics.record(event(j))));
      const rows = await store().analytics.query({
        from: day(0),
        to: day(0),
        groupBy: [],
        filters: { journey: [j] },
      });
      expect(rows).toEqual([{ group: {}, type: 'asked', reason: '', n: 50 }]);
    });
  });

  describe('opt-in analytics day summaries', () => {
    // Last in the suite: folding days makes later counts of those days show only after the next run.
    it('answers the same after folding past days, and shows later counts once folded again', async () => {
      const j = uid('journey');
      for (const [minutes, locale] of [
        [0, 'en'],
        [0, 'nl'],
        [DAY, 'en'],
        [2 * DAY, 'en'],
      ] as const)
        await store().analytics.record(event(j, { at: at(minutes), locale }));
      await store().analytics.record(event(j, { type: 'suppressed', reason: 'budget', at: at(DAY) }));
      const q = {
        from: day(0),
        to: day(2 * DAY),
        groupBy: ['day', 'locale'] as const,
        filters: { journey: [j] },
      };
      const before = sorted(await store().analytics.query({ ...q, groupBy: [...q.groupBy] }));
      expect(await store().analytics.compact(day(2 * DAY), new Date())).toBeGreaterThanOrEqual(0);
      expect(sorted(await store().analytics.query({ ...q, groupBy: [...q.groupBy] }))).toEqual(before);
      await store().analytics.record(event(j, { at: at(1) }));
      await store().analytics.compact(day(2 * DAY), new Date());
      const after = await store().analytics.query({
        ...q,
        groupBy: ['day'],
        filters: { journey: [j], locale: ['en'] },
      });
      expect(sorted(after)).toEqual(
        sorted([
          { group: { day: day(0) }, type: 'asked', reason: '', n: 2 },
          { group: { day: day(DAY) }, type: 'asked', reason: '', n: 1 },
          { group: { day: day(DAY) }, type: 'suppressed', reason: 'budget', n: 1 },
          { group: { day: day(2 * DAY) }, type: 'asked', reason: '', n: 1 },
        ]),
      );
    });
  });

  describe('pending asks', () => {
    const pending = (key: string, minutes: number) => ({
      key,
      item: 'mobile',
      purpose: 'delivery-sms',
      journey: 'order-delivery',
      step: 'sms-confirm',
      locale: 'en',
      channel: 'webchat',
      since: at(minutes),
    });
    /** Only this test's keys: other tests' pending asks share the store. */
    const quietOf = async (keys: string[], before: Date) =>
      (await store().pendingAsks.quiet(before, 10_000)).filter((p) => keys.includes(p.key));

    it('lists the asks quiet since before a time, oldest first, and replaces a key’s ask', async () => {
      const [a, b, c] = [uid('k'), uid('k'), uid('k')];
      await store().pendingAsks.set(pending(a, -30));
      await store().pendingAsks.set(pending(b, -50));
      await store().pendingAsks.set(pending(c, 10));
      await store().pendingAsks.set({ ...pending(a, -40), item: 'email' });
      expect(await quietOf([a, b, c], at(0))).toEqual([
        pending(b, -50),
        { ...pending(a, -40), item: 'email' },
      ]);
      await store().pendingAsks.clear(b);
      await store().pendingAsks.clear(uid('never-set'));
      expect((await quietOf([a, b, c], at(20))).map((p) => p.key)).toEqual([a, c]);
    });

    it('settles a pending ask once, and not when it was renewed since', async () => {
      const [a, b] = [uid('k'), uid('k')];
      await store().pendingAsks.set(pending(a, -30));
      await store().pendingAsks.set(pending(b, -30));
      await store().pendingAsks.set(pending(b, -5));
      expect(await store().pendingAsks.settle(a, at(-30))).toBe(true);
      expect(await store().pendingAsks.settle(a, at(-30))).toBe(false);
      expect(await store().pendingAsks.settle(b, at(-30))).toBe(false);
      expect(await quietOf([a, b], at(0))).toEqual([pending(b, -5)]);
    });
  });
}
