/**
 * The turn reducer on its own: (state, input, facts) → (state, replies, effects), with the real
 * map and texts and facts as plain objects — no botbuilder, no store, no clock.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TurnEffect } from '../../../src/consent/index.ts';
import { createStep, referenceHash, type StepFacts } from '../../../src/journey/index.ts';
import type { ConversationState } from '../../../src/journey/index.ts';
import type { TurnContext, TurnInput } from '../../../src/journey/runtime.ts';
import { loadMapOrThrow } from '../../../src/map/index.ts';
import { emptyAskSummary, type AskSummary, type HeldItem } from '../../../src/storage/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
const step = createStep({
  map: () => map,
  texts: () => texts,
  noticeUrl: 'http://localhost/privacy',
  rights: true,
  analytics: true,
});
const now = new Date('2026-06-01T09:00:00Z');
const ctx: TurnContext = {
  subject: 's1',
  channel: 'test',
  locale: 'en',
  localeTag: 'en-GB',
  activityId: 'a1',
};

/** A held mobile number (its "ciphertext" is the plain value: `reveal` here is the identity). */
const mobile = (purposes: string[]): HeldItem => ({
  subject: 's1',
  item: 'mobile',
  value: { kid: 'k', iv: 'iv', ct: '+447911123456', tag: 't' },
  collectedAt: now,
  collected: { journey: 'order-delivery', step: 'sms-confirm', channel: 'test', locale: 'en' },
  grants: purposes.map((purpose) => ({
    purpose,
    basis: 'consent',
    grantedAt: now,
    noticeVersion: map.noticeVersion,
    expiresAt: new Date('2026-07-01T09:00:00Z'),
    lastUsedAt: null,
  })),
});
const facts = (held: HeldItem[] = [], summary: AskSummary = emptyAskSummary()): StepFacts => ({
  held,
  summary,
  reveal: (h) => h.value.ct,
  now,
});
const text = (t: string): TurnInput => ({ kind: 'text', text: t });
const atSms = (pending?: NonNullable<ConversationState['run']>['pending']): ConversationState => ({
  run: {
    journey: 'order-delivery',
    step: 'sms-confirm',
    outcomes: {},
    vars: { slot: 'evening' },
    ...(pending ? { pending } : {}),
  },
});
const askingMobile = (attempts = 0) =>
  atSms({ kind: 'ask', item: 'mobile', purpose: 'delivery-sms', attempts });

/** Effects in short: `kind event/type item`. */
const brief = (effects: TurnEffect[]) =>
  effects.map((e) => {
    switch (e.kind) {
      case 'record':
        return `record ${e.event} ${e.item}`;
      case 'count':
        return `count ${e.event.type} ${e.event.item}`;
      case 'put':
        return `put ${e.item} ${e.value} ${e.grant.purpose}`;
      case 'pending-ask':
        return e.ask ? `pending-ask set ${e.ask.item}` : 'pending-ask clear';
      case 'touch':
        return `touch ${e.item} ${e.purpose}`;
      case 'withdraw':
        return `withdraw ${e.item} ${e.purpose}`;
      default:
        return e.kind;
    }
  });

describe('the turn step', () => {
  it.each([
    {
      name: 'a trigger starts the journey at its choice, storing nothing',
      state: {},
      input: text('deliver my order'),
      held: [],
      replies: ['When would you like your order delivered?'],
      effects: [],
    },
    {
      name: 'a chosen slot leads to the SMS step: an ask recorded, counted and left waiting',
      state: {
        run: {
          journey: 'order-delivery',
          step: 'slot',
          outcomes: {},
          vars: {},
          pending: { kind: 'choose' as const },
        },
      },
      input: text('Evening'),
      held: [],
      replies: [expect.stringContaining("what's your mobile number?")],
      effects: ['record asked mobile', 'count asked mobile', 'pending-ask set mobile'],
    },
    {
      // The booking is the logistics platform's action: "booked" is said once it answers.
      name: 'a valid number is stored as E.164 with its grant, recorded, and the waiting ask cleared',
      state: askingMobile(),
      input: text('07911 123456'),
      held: [],
      replies: [
        "Thanks, I've saved your mobile number (•••• 456) for text message confirmations of your deliveries.",
      ],
      effects: [
        'put mobile +447911123456 delivery-sms',
        'record granted mobile',
        'count granted mobile',
        'pending-ask clear',
      ],
    },
    {
      name: 'an invalid number is counted and asked again; nothing is recorded',
      state: askingMobile(),
      input: text('0123'),
      held: [],
      replies: [expect.stringContaining("doesn't look like a valid phone number")],
      effects: ['count invalid mobile', 'pending-ask set mobile'],
    },
    {
      name: 'the third invalid answer gives up on the item (one retry limit)',
      state: askingMobile(2),
      input: text('0123'),
      held: [],
      replies: [expect.stringContaining("so let's leave it"), expect.any(String)],
      effects: ['count invalid mobile', 'record asked email', 'count asked email', 'pending-ask set email'],
    },
    {
      name: 'a number held for the purpose is used, not asked for, and the use recorded',
      state: {
        run: {
          journey: 'order-delivery',
          step: 'slot',
          outcomes: {},
          vars: {},
          pending: { kind: 'choose' as const },
        },
      },
      input: text('Evening'),
      held: [mobile(['delivery-sms'])],
      replies: [expect.stringContaining('•••• 456')],
      effects: ['touch mobile delivery-sms'],
    },
    {
      name: '“No thanks” records a decline and remembers it for “never ask again”',
      state: askingMobile(),
      input: text('No thanks'),
      held: [],
      replies: [expect.any(String), expect.any(String)],
      // …and the journey goes on to its e-mail step.
      effects: [
        'record declined mobile',
        'count declined mobile',
        'record asked email',
        'count asked email',
        'pending-ask set email',
      ],
    },
    {
      name: '“stop using my mobile” asks first, since it deletes the number nothing else needs',
      state: {},
      input: text('stop using my mobile'),
      held: [mobile(['delivery-sms'])],
      replies: [
        "Stop using your mobile number for text message confirmations of your deliveries? Nothing else needs it, so we'd delete it.",
      ],
      effects: [],
    },
    {
      name: '“Yes, stop” to it withdraws its only purpose, as an effect',
      state: { rights: { kind: 'confirm-stop' as const, item: 'mobile', purpose: 'delivery-sms' } },
      input: text('Yes, stop'),
      held: [mobile(['delivery-sms'])],
      replies: [expect.stringContaining("we've deleted it")],
      effects: ['withdraw mobile delivery-sms'],
    },
  ])('$name', ({ state, input, held, replies, effects }) => {
    const out = step(state, input, facts(held), ctx);
    expect(out.replies.map((r) => r.text)).toEqual(replies);
    expect(brief(out.effects)).toEqual(effects);
  });

  it('does not ask for an item the summary says never to ask for', () => {
    const summary = { ...emptyAskSummary(), neverAsk: ['mobile'] };
    const state = {
      run: {
        journey: 'order-delivery',
        step: 'slot',
        outcomes: {},
        vars: {},
        pending: { kind: 'choose' as const },
      },
    };
    const out = step(state, text('Evening'), facts([], summary), ctx);
    expect(brief(out.effects).slice(0, 2)).toEqual(['count suppressed mobile', 'record asked email']);
    expect(out.effects[0]).toMatchObject({ event: { reason: 'never-ask' } });
  });

  it('remembers the item of a “No thanks”, so a “never ask again” that follows refers to it', () => {
    const out = step(askingMobile(), text('No thanks'), facts(), ctx);
    expect(out.state.lastDeclined).toBe('mobile');
    const again = step(out.state, { kind: 'text', text: 'never ask again' }, facts(), {
      ...ctx,
      activityId: 'a2',
    });
    expect(brief(again.effects)).toContain('record never-ask mobile');
  });

  it('saves the conversation reference only when it changed, and once a day', () => {
    const reference = { channelId: 'test', conversation: { id: 'c1' }, serviceUrl: 'http://x' };
    const first = step({}, { kind: 'welcome' }, facts(), { ...ctx, reference });
    expect(first.effects).toEqual([{ kind: 'ref', ref: reference }]);
    expect(first.state.refHash).toBe(referenceHash(reference, now));
    const same = step(first.state, { kind: 'welcome' }, facts(), { ...ctx, activityId: 'a2', reference });
    expect(same.effects).toEqual([]);
    const moved = { ...reference, serviceUrl: 'http://y' };
    const changed = step(same.state, { kind: 'welcome' }, facts(), {
      ...ctx,
      activityId: 'a3',
      reference: moved,
    });
    expect(changed.effects).toEqual([{ kind: 'ref', ref: moved }]);
    const nextDay = { ...facts(), now: new Date('2026-06-02T09:00:00Z') };
    const daily = step(changed.state, { kind: 'welcome' }, nextDay, {
      ...ctx,
      activityId: 'a4',
      reference: moved,
    });
    expect(daily.effects).toEqual([{ kind: 'ref', ref: moved }]);
  });

  it('answers a redelivered activity as before, with no effects', () => {
    const first = step(askingMobile(), text('07911 123456'), facts(), ctx);
    const again = step(first.state, text('07911 123456'), facts(), ctx);
    expect(again.replies).toEqual(first.replies);
    expect(again.effects).toEqual([]);
  });

  it('says what was not saved when the store refuses a value, keeping the question open', () => {
    const out = step(askingMobile(), text('07911 123456'), facts(), ctx);
    expect(out.notSaved?.text).toBe("I couldn't save that — nothing was stored; please try again.");
    expect(out.stored).toEqual(['mobile']);
  });

  it('“forget me”, confirmed, erases the subject and keeps no state of the conversation', () => {
    const asked = step({}, text('forget me'), facts([mobile(['delivery-sms'])]), ctx);
    expect(asked.state.rights).toEqual({ kind: 'confirm-forget' });
    const done = step(asked.state, text('yes'), facts([mobile(['delivery-sms'])]), {
      ...ctx,
      activityId: 'a2',
    });
    expect(brief(done.effects)).toEqual(['erase-subject']);
    expect(done.erased).toBe(true);
  });

  it('a changed value is validated by the same prompt and shown masked at once', () => {
    const state: ConversationState = { rights: { kind: 'change', item: 'mobile', attempts: 0 } };
    const out = step(state, text('07911 123450'), facts([mobile(['delivery-sms'])]), ctx);
    expect(out.effects).toMatchObject([{ kind: 'change', item: 'mobile', value: '+447911123450' }]);
    expect(out.replies.map((r) => r.text).join(' ')).toContain('•••• 450');
  });

  it('asks for the intent reading of a text only when it reads intents, and then steps the same as with it', () => {
    const later = (t: string): TurnInput => ({ kind: 'text', text: t, guessLater: true });
    // A valid answer to the open question, a picked option: no reading needed.
    const answered = step(askingMobile(), later('07911 123456'), facts(), ctx);
    expect(answered.needsGuess).toBeUndefined();
    expect(answered).toEqual(step(askingMobile(), text('07911 123456'), facts(), ctx));
    // Words outside any question: the step wants the reading and says nothing else.
    const asks = step({}, later('deliver my order'), facts(), ctx);
    expect(asks).toEqual({
      state: {},
      replies: [],
      effects: [],
      stored: [],
      erased: false,
      needsGuess: true,
    });
    const guess = { intent: 'journey.order-delivery', score: 0.95 };
    const read = step({}, { kind: 'text', text: 'deliver my order', guess, guessLater: true }, facts(), ctx);
    expect(read).toEqual(step({}, { kind: 'text', text: 'deliver my order', guess }, facts(), ctx));
    expect(read.state.run?.journey).toBe('order-delivery');
  });
});
