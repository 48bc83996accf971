/**
 * Actions in the turn reducer: a step with `do:` asks for its action once its needs are settled,
 * with only the items its system receives; what came of it picks the next step, fills vars,
 * records each item sent as a use, and a failure never claims the work was done.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createStep,
  type ActResult,
  type ConversationState,
  type StepFacts,
} from '../../../src/journey/index.ts';
import type { TurnContext } from '../../../src/journey/runtime.ts';
import { loadMapOrThrow } from '../../../src/map/index.ts';
import { emptyAskSummary } from '../../../src/storage/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
const step = createStep({
  map: () => map,
  texts: () => texts,
  noticeUrl: 'http://x/privacy',
  rights: true,
  analytics: false,
});
const now = new Date('2026-06-01T09:00:00Z');
const ctx: TurnContext = { subject: 's1', channel: 'test', locale: 'en', activityId: 'a1' };
const facts: StepFacts = { held: [], summary: emptyAskSummary(), reveal: () => '', now };
const askingMobile: ConversationState = {
  run: {
    journey: 'order-delivery',
    step: 'sms-confirm',
    outcomes: {},
    vars: { slot: 'evening' },
    answers: { slot: 'evening' },
    pending: { kind: 'ask', item: 'mobile', purpose: 'delivery-sms', attempts: 0 },
  },
};
const sent = [{ item: 'mobile', purpose: 'delivery-sms' }];

describe('a step that books through the logistics platform', () => {
  const first = step(askingMobile, { kind: 'text', text: '07911 123456' }, facts, ctx);

  it('asks for book-delivery once the number is settled, with the number and the chosen slot', () => {
    expect(first.act).toEqual({
      system: 'logistics',
      action: 'book-delivery',
      journey: 'order-delivery',
      step: 'sms-confirm',
      answers: { slot: 'evening' },
      items: sent,
    });
    expect(first.replies.map((r) => r.text)).toEqual([expect.stringContaining("I've saved your mobile")]);
  });

  const cases: { name: string; result: ActResult; replies: unknown[]; run: unknown }[] = [
    {
      name: 'no outcome: the step says it is booked and the journey ends',
      result: { ok: true, vars: { reference: 'DL-1' }, sent },
      replies: [
        "Your delivery is booked: we'll bring your order in the evening. We'll text •••• 456 on the day.",
      ],
      run: undefined,
    },
    {
      name: 'a routed outcome goes to its step, its text filled with the vars answered',
      result: { ok: true, outcome: 'slot-full', vars: { nextSlot: 'Friday' }, sent },
      replies: [expect.stringMatching(/already full in the evening.*next free slot is Friday/)],
      run: undefined,
    },
    {
      name: 'an outcome the step does not route is a bad answer: nothing claimed',
      result: { ok: true, outcome: 'teleported', vars: {}, sent },
      replies: ["I couldn't finish that — nothing was booked; please try again later."],
      run: undefined,
    },
    {
      name: 'a timeout: the sorry, nothing claimed',
      result: { ok: false, reason: 'timeout', sent },
      replies: ["I couldn't finish that — nothing was booked; please try again later."],
      run: undefined,
    },
  ];
  it.each(cases)('$name; every item sent is a use', ({ result, replies, run }) => {
    const held = [
      {
        subject: 's1',
        item: 'mobile',
        value: { kid: 'k', iv: 'i', ct: '+447911123456', tag: 't' },
        collectedAt: now,
        collected: { journey: 'order-delivery', step: 'sms-confirm', channel: 'test', locale: 'en' },
        grants: [
          {
            purpose: 'delivery-sms',
            basis: 'consent',
            grantedAt: now,
            noticeVersion: map.noticeVersion,
            expiresAt: new Date('2026-07-01T00:00:00Z'),
            lastUsedAt: null,
          },
        ],
      },
    ];
    const f: StepFacts = { ...facts, held, reveal: (h) => h.value.ct };
    const second = step(first.state, { kind: 'acted', result }, f, ctx);
    expect(second.replies.map((r) => r.text)).toEqual(replies);
    expect(second.state.run).toEqual(run);
    expect(second.effects).toContainEqual({ kind: 'touch', item: 'mobile', purpose: 'delivery-sms' });
    expect(second.act).toBeUndefined();
  });

  it('a failure goes to the onError step when the step has one', () => {
    const journeys = new Map(map.journeys);
    const j = map.journeys.get('order-delivery');
    if (!j) throw new Error('no order-delivery');
    const sms = j.steps['sms-confirm'];
    if (!sms) throw new Error('no sms-confirm');
    journeys.set('order-delivery', {
      ...j,
      steps: { ...j.steps, 'sms-confirm': { ...sms, onError: 'no-confirm' } },
    });
    const s2 = createStep({
      map: () => ({ ...map, journeys }),
      texts: () => texts,
      noticeUrl: 'x',
      rights: false,
      analytics: false,
    });
    const out = s2(
      first.state,
      { kind: 'acted', result: { ok: false, reason: 'status', sent: [] } },
      facts,
      ctx,
    );
    // no-confirm books again: the next action is asked for, nothing said yet.
    expect(out.replies).toEqual([]);
    expect(out.act).toMatchObject({ step: 'no-confirm', items: [] });
    expect(out.effects).toEqual([]);
  });

  it('a declined number takes the email step instead: no action for the SMS step', () => {
    const out = step(askingMobile, { kind: 'text', text: 'No thanks' }, facts, ctx);
    expect(out.act).toBeUndefined();
    expect(out.state.run?.step).toBe('email-confirm');
  });
});
