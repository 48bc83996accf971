import { afterEach, describe, expect, it } from 'vitest';
import { createAskEventSink, pendingKeyOf, sweepAbandoned } from '../../../src/analytics/index.ts';
import { manualClock } from '../../../src/shared/clock.ts';
import { openSqliteStore } from '../../../src/storage/sqlite/index.ts';

const MIN = 60_000;
const key = pendingKeyOf('s_ann', 'webchat');

const stores: ReturnType<typeof openSqliteStore>[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

function setup() {
  const store = openSqliteStore(':memory:');
  stores.push(store);
  const clock = manualClock(new Date('2026-06-01T10:00:00Z'));
  const log = { warn: () => {} };
  const events = createAskEventSink({ store: store.analytics, log });
  /** What a turn's batch writes while the mobile-number ask waits (journey/step.ts). */
  const waiting = () =>
    store.pendingAsks.set({
      key,
      item: 'mobile',
      purpose: 'delivery-sms',
      journey: 'order-delivery',
      step: 'sms-confirm',
      locale: 'en',
      channel: 'webchat',
      since: clock.now(),
    });
  const answered = () => store.pendingAsks.clear(key);
  const sweep = () =>
    sweepAbandoned({
      pending: store.pendingAsks,
      leases: store.leases,
      events,
      clock,
      abandonAfterMs: 30 * MIN,
      holder: 'test',
    });
  const abandoned = async () =>
    (await store.analytics.query({ from: '2026-05-01', to: '2026-07-01', groupBy: ['day', 'item'] })).filter(
      (r) => r.type === 'abandoned',
    );
  const advance = (minutes: number) => clock.set(new Date(clock.now().getTime() + minutes * MIN));
  return { store, waiting, answered, sweep, abandoned, advance };
}

describe('abandoned asks', () => {
  it('counts an ask left unanswered for ABANDON_AFTER once, on the day of its last turn', async () => {
    const t = setup();
    await t.waiting();
    t.advance(29);
    expect(await t.sweep()).toBe(0);
    t.advance(2);
    expect(await t.sweep()).toBe(1);
    expect(await t.sweep()).toBe(0);
    expect(await t.abandoned()).toEqual([
      { group: { day: '2026-06-01', item: 'mobile' }, type: 'abandoned', reason: '', n: 1 },
    ]);
  });

  it('does not count an ask that was answered, and restarts the quiet time on every turn', async () => {
    const t = setup();
    await t.waiting();
    t.advance(20);
    await t.waiting(); // "Why?": the ask still waits, its quiet time starts again
    t.advance(20);
    expect(await t.sweep()).toBe(0);
    await t.answered();
    t.advance(60);
    expect(await t.sweep()).toBe(0);
    expect(await t.abandoned()).toEqual([]);
  });

  it('keys a pending ask by a hash of the subject, never the subject itself', async () => {
    const t = setup();
    await t.waiting();
    const [p] = await t.store.pendingAsks.quiet(new Date('2030-01-01'), 10);
    expect(p?.key).toBe(key);
    expect(JSON.stringify(p)).not.toContain('s_ann');
  });
});
