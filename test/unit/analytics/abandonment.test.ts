import { afterEach, describe, expect, it } from 'vitest';
import {
  createAskEventSink,
  pendingKeyOf,
  sweepAbandoned,
  trackPendingAsks,
} from '../../../src/analytics/index.ts';
import type { ConversationState, Runtime, TurnContext } from '../../../src/journey/index.ts';
import { manualClock } from '../../../src/shared/clock.ts';
import { openSqliteStore } from '../../../src/storage/sqlite/index.ts';

const MIN = 60_000;
const ctx: TurnContext = { subject: 's_ann', channel: 'webchat', locale: 'en' };
const asking: ConversationState = {
  run: {
    journey: 'order-delivery',
    step: 'sms-confirm',
    outcomes: {},
    vars: {},
    pending: { kind: 'ask', item: 'mobile', purpose: 'delivery-sms', attempts: 0 },
  },
};
const done: ConversationState = {};

/** A runtime whose next turns end in the given states. */
function scripted(states: ConversationState[]): Runtime {
  return { turn: () => Promise.resolve({ state: states.shift() ?? {}, replies: [], stored: [] }) };
}

const stores: ReturnType<typeof openSqliteStore>[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

function setup(states: ConversationState[]) {
  const store = openSqliteStore(':memory:');
  stores.push(store);
  const clock = manualClock(new Date('2026-06-01T10:00:00Z'));
  const log = { warn: () => {} };
  const runtime = trackPendingAsks(scripted(states), { store: store.pendingAsks, clock, log });
  const events = createAskEventSink({ store: store.analytics, log });
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
  return { store, runtime, sweep, abandoned, advance };
}

describe('abandoned asks', () => {
  it('counts an ask left unanswered for ABANDON_AFTER once, on the day of its last turn', async () => {
    const t = setup([asking]);
    await t.runtime.turn({}, { kind: 'text', text: 'deliver my order' }, ctx);
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
    const t = setup([asking, asking, done]);
    await t.runtime.turn({}, { kind: 'text', text: 'deliver my order' }, ctx);
    t.advance(20);
    await t.runtime.turn(asking, { kind: 'text', text: 'Why?' }, ctx);
    t.advance(20);
    expect(await t.sweep()).toBe(0);
    await t.runtime.turn(asking, { kind: 'text', text: '07911 123456' }, ctx);
    t.advance(60);
    expect(await t.sweep()).toBe(0);
    expect(await t.abandoned()).toEqual([]);
  });

  it('keeps the pending ask under a hash of the subject, never the subject itself', async () => {
    const t = setup([asking]);
    await t.runtime.turn({}, { kind: 'text', text: 'deliver my order' }, ctx);
    t.advance(60);
    const [p] = await t.store.pendingAsks.quiet(new Date('2030-01-01'), 10);
    expect(p?.key).toBe(pendingKeyOf('s_ann', 'webchat'));
    expect(JSON.stringify(p)).not.toContain('s_ann');
  });

  it('writes nothing for turns that neither had nor left an ask waiting', async () => {
    const t = setup([done]);
    const failing = { ...t.store.pendingAsks, clear: () => Promise.reject(new Error('must not be called')) };
    const runtime = trackPendingAsks(scripted([done]), {
      store: failing,
      clock: manualClock(new Date()),
      log: { warn: () => expect.fail('no write expected') },
    });
    await runtime.turn({}, { kind: 'text', text: 'help' }, ctx);
    await runtime.flush();
  });

  it('never fails the turn when the pending-ask store fails', async () => {
    const t = setup([asking]);
    const warnings: string[] = [];
    const broken = { ...t.store.pendingAsks, set: () => Promise.reject(new Error('down')) };
    const runtime = trackPendingAsks(scripted([asking]), {
      store: broken,
      clock: manualClock(new Date()),
      log: { warn: (_o, msg) => void warnings.push(msg) },
    });
    await expect(runtime.turn({}, { kind: 'text', text: 'x' }, ctx)).resolves.toMatchObject({ replies: [] });
    await runtime.flush();
    expect(warnings).toEqual(['tracking a pending ask failed']);
  });
});
