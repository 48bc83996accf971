import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../helpers/harness.ts';
import { itemWords } from '../../../src/map/index.ts';

let h: ReturnType<typeof createHarness>;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

describe('order-delivery in English', () => {
  it('asks for the mobile number only at the SMS step, re-asks on an invalid one, stores it as E.164', async () => {
    const c = h.conversation('ann', 'en-GB');
    const first = await c.send({ type: 'message', text: 'Please deliver my order' });
    expect(first.map((a) => a.text)).toEqual(['When would you like your order delivered?']);
    expect(first[0]?.suggestedActions?.actions.map((a) => a.title)).toEqual([
      'Morning',
      'Afternoon',
      'Evening',
    ]);
    expect(first[0]?.channelData).toBeUndefined();

    const ask = await c.send({ type: 'message', text: 'Evening' });
    expect(ask).toHaveLength(1);
    expect(ask[0]?.text).toBe(
      "To SMS-confirm this delivery, what's your mobile number? We use it only for text message confirmations of your deliveries and delete it after 30 days. You're free to say no.",
    );
    expect(ask[0]?.channelData).toEqual({
      justask: {
        kind: 'ask',
        journey: 'order-delivery',
        step: 'sms-confirm',
        item: 'mobile',
        purpose: 'delivery-sms',
        required: false,
      },
    });
    expect(ask[0]?.suggestedActions?.actions.map((a) => a.title)).toEqual([
      'Why?',
      'No thanks',
      'Ask me later',
    ]);

    expect(await c.say('0123')).toEqual([
      "That doesn't look like a valid phone number. Could you type your mobile number again? Or say “No thanks”.",
    ]);
    expect(await h.consent.held(c.subject)).toEqual([]);

    expect(await c.say('07911 123456')).toEqual([
      "Thanks, I've saved your mobile number (•••• 456) for text message confirmations of your deliveries.",
      "Your delivery is booked: we'll bring your order in the evening. We'll text •••• 456 on the day.",
    ]);
    const [held] = await h.consent.held(c.subject);
    expect(held?.item).toBe('mobile');
    expect(held && h.consent.reveal(held)).toBe('+447911123456');
    expect(held?.grants.map((g) => [g.purpose, g.basis])).toEqual([['delivery-sms', 'consent']]);
    expect(held?.grants[0]?.expiresAt.toISOString()).toBe('2026-07-01T09:00:00.000Z');
    const events = (await h.consent.ledger(c.subject)).map((r) => [r.event, r.item, r.purpose]);
    expect(events).toEqual([
      ['asked', 'mobile', 'delivery-sms'],
      ['granted', 'mobile', 'delivery-sms'],
    ]);
  });

  it('does not ask again on the next delivery, and says which number it uses', async () => {
    const c = h.conversation('bob', 'en-GB');
    await c.say('deliver my order');
    await c.say('Morning');
    await c.say('07911 123456');
    await c.say('deliver my order');
    expect(await c.say('Afternoon')).toEqual([
      "I'll use the mobile number you gave us before (•••• 456).",
      "Your delivery is booked: we'll bring your order in the afternoon. We'll text •••• 456 on the day.",
    ]);
    const [held] = await h.consent.held(c.subject);
    expect(held?.grants[0]?.lastUsedAt?.toISOString()).toBe('2026-06-01T09:00:00.000Z');
  });

  it('explains why, then on “No thanks” records the decline and falls back to email', async () => {
    const c = h.conversation('cem', 'en-GB');
    await c.start('order-delivery');
    await c.say('2');
    const [why] = await c.say('Why?');
    expect(why).toContain('Legal basis: your consent, which you can withdraw at any time.');
    expect(why).toContain('30 days');
    expect(why).toContain('Who receives it: Example SMS B.V.');
    expect(why).toContain('http://localhost/privacy');
    const email = await c.send({ type: 'message', text: 'No thanks' });
    expect(email.map((a) => a.text)).toEqual([
      'No problem, nothing was saved.',
      "To email-confirm this delivery, what's your email address? We use it only for email confirmations of your deliveries and delete it after 30 days. You're free to say no.",
    ]);
    expect(email[1]?.channelData).toMatchObject({
      justask: { step: 'email-confirm', item: 'email', purpose: 'delivery-email' },
    });
    expect(await c.say('no thanks')).toEqual([
      'No problem, nothing was saved.',
      "Your delivery is booked: we'll bring your order in the afternoon. We won't send a confirmation.",
    ]);
    const events = (await h.consent.ledger(c.subject)).map((r) => `${r.event} ${r.item} ${r.purpose}`);
    expect(events).toEqual([
      'asked mobile delivery-sms',
      'declined mobile delivery-sms',
      'asked email delivery-email',
      'declined email delivery-email',
    ]);
    expect(await h.consent.held(c.subject)).toEqual([]);
  });

  it('answers a redelivered activity the same way without a second ledger record', async () => {
    const c = h.conversation('dee', 'en-GB');
    await c.say('deliver my order');
    await c.say('Morning');
    const once = await c.send({ type: 'message', text: '07911 123456', id: 'same-id' });
    const again = await c.send({ type: 'message', text: '07911 123456', id: 'same-id' });
    expect(again.map((a) => a.text)).toEqual(once.map((a) => a.text));
    expect((await h.consent.ledger(c.subject)).filter((r) => r.event === 'granted')).toHaveLength(1);
  });

  it('keeps the consent records of two customers whose activities share an id', async () => {
    for (const user of ['u-a', 'u-b']) {
      const c = h.conversation(user, 'en-GB');
      await c.send({ type: 'message', text: 'deliver my order', id: 'same-1' });
      await c.send({ type: 'message', text: 'Morning', id: 'same-2' });
      await c.send({ type: 'message', text: '07911 123456', id: 'same-3' });
      expect((await h.consent.ledger(c.subject)).map((r) => r.event)).toEqual(['asked', 'granted']);
    }
  });

  it('stops asking after three invalid answers and stores nothing', async () => {
    const c = h.conversation('eve', 'en-GB');
    await c.say('deliver my order');
    await c.say('Morning');
    await c.say('x');
    await c.say('q');
    const last = await c.say('z');
    expect(last[0]).toBe(
      "I still couldn't read that as a mobile number, so let's leave it. Nothing was saved.",
    );
    expect(last[1]).toContain("what's your email address?");
    expect(await h.consent.held(c.subject)).toEqual([]);
  });
});

describe('order-delivery in other languages', () => {
  it.each([
    ['nl-NL', 'nl', '06 12345678', '+31612345678'],
    ['fr-FR', 'fr', '06 12 34 56 78', '+33612345678'],
    ['de-DE', 'de', '0151 23456789', '+4915123456789'],
  ] as const)('runs in %s with that language’s texts and phone region', async (tag, lng, typed, e164) => {
    const c = h.conversation(`user-${lng}`, tag);
    const t = (key: string, vars?: Record<string, unknown>) => h.texts.t(lng, key, vars, 'map');
    const trigger = h.texts.list(lng, 'journeys.order-delivery.triggers', 'map')[0] ?? '';
    expect(await c.say(trigger)).toEqual([t('order-delivery.slot-prompt')]);
    const ask = await c.send({ type: 'message', text: t('order-delivery.slot-morning') });
    expect(ask[0]?.text).toContain(t('purposes.delivery-sms.reason'));
    expect(ask[0]?.text).toContain(itemWords(h.texts, lng, 'mobile').your);
    expect(ask[0]?.suggestedActions?.actions.map((a) => a.title)).toEqual([
      h.texts.t(lng, 'buttons.why'),
      h.texts.t(lng, 'buttons.decline'),
      h.texts.t(lng, 'buttons.later'),
    ]);
    const invalid = await c.say('12');
    expect(invalid[0]).toContain(h.texts.t(lng, 'invalid.phone'));
    const saved = await c.say(typed);
    expect(saved[1]).toBe(
      t('order-delivery.sms-confirmed', {
        slot: t('order-delivery.slot-morning-phrase'),
        mobile: `•••• ${e164.slice(-3)}`,
      }),
    );
    const [held] = await h.consent.held(c.subject);
    expect(held && h.consent.reveal(held)).toBe(e164);
    expect((await h.consent.ledger(c.subject)).map((r) => r.locale)).toEqual([lng, lng]);
  });
});
