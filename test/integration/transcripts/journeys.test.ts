import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../helpers/harness.ts';

let h: ReturnType<typeof createHarness>;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

describe('newsletter', () => {
  it('asks for the email for the newsletter on consent, and stores it with that basis', async () => {
    const c = h.conversation('ann', 'en-US');
    const [ask] = await c.send({ type: 'message', text: 'I want the newsletter' });
    expect(ask?.text).toBe(
      "To send you our monthly newsletter, what's your email address? We use it only for the monthly newsletter and delete it after 2 years. You're free to say no.",
    );
    expect(ask?.channelData).toMatchObject({
      justask: { kind: 'ask', item: 'email', purpose: 'newsletter', required: false },
    });
    expect(await c.say('Ann@Example.org')).toEqual([
      "Thanks, I've saved your email address (a•••@example.org) for the monthly newsletter.",
      "You're subscribed. The next newsletter goes to a•••@example.org; you can unsubscribe at any time.",
    ]);
    const [held] = await h.consent.held(c.subject);
    expect(held?.grants.map((g) => [g.purpose, g.basis])).toEqual([['newsletter', 'consent']]);
  });

  it('in Dutch, a “nee bedankt” records a decline and stores nothing', async () => {
    const c = h.conversation('bram', 'nl-NL');
    const [ask] = await c.send({ type: 'event', name: 'journey.start', value: { journey: 'newsletter' } });
    expect(ask?.text).toContain(h.texts.t('nl', 'purposes.newsletter.reason', {}, 'map'));
    const replies = await c.say(h.texts.t('nl', 'buttons.decline'));
    expect(replies).toEqual([
      h.texts.t('nl', 'decline.ok'),
      h.texts.t('nl', 'newsletter.not-subscribed', {}, 'map'),
    ]);
    expect(await h.consent.held(c.subject)).toEqual([]);
    expect((await h.consent.ledger(c.subject)).map((r) => r.event)).toEqual(['asked', 'declined']);
  });
});

describe('support-callback', () => {
  it('asks to reuse a mobile number held for delivery instead of asking for the number', async () => {
    const c = h.conversation('cas', 'en-GB');
    await c.say('deliver my order');
    await c.say('Morning');
    await c.say('07911 123456');
    expect(await c.say('call me back')).toEqual(['What would you like to talk about?']);
    const [ask] = await c.send({ type: 'message', text: 'Billing' });
    expect(ask?.text).toBe(
      "We already have your mobile number (•••• 456). So a support agent can call you back, may we also use it for the support callback you asked for? We'd keep it for that for 14 days. You're free to say no.",
    );
    expect(ask?.channelData).toMatchObject({
      justask: { kind: 'ask-reuse', item: 'mobile', purpose: 'support-callback', required: true },
    });
    expect(ask?.suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes', 'No thanks', 'Why?']);
    expect(await c.say('Yes')).toEqual([
      "Thanks, we'll also use your mobile number for the support callback you asked for.",
      'A support agent will call •••• 456 about billing within one working day.',
    ]);
    const [held] = await h.consent.held(c.subject);
    expect(held?.grants.map((g) => g.purpose).sort()).toEqual(['delivery-sms', 'support-callback']);
    expect((await h.consent.ledger(c.subject)).map((r) => `${r.event} ${r.purpose}`)).toEqual([
      'asked delivery-sms',
      'granted delivery-sms',
      'asked support-callback',
      'reused support-callback',
    ]);
  });

  it('in French, declining the reuse leaves the number bound to delivery only and offers the chat', async () => {
    const c = h.conversation('chloe', 'fr-FR');
    await c.start('order-delivery');
    await c.say('1');
    await c.say('06 12 34 56 78');
    await c.start('support-callback');
    const [ask] = await c.send({ type: 'message', text: '1' });
    expect(ask?.channelData).toMatchObject({ justask: { kind: 'ask-reuse', purpose: 'support-callback' } });
    expect(await c.say(h.texts.t('fr', 'buttons.decline'))).toEqual([
      h.texts.t('fr', 'decline.ok'),
      h.texts.t('fr', 'support-callback.chat-instead', {}, 'map'),
    ]);
    const [held] = await h.consent.held(c.subject);
    expect(held?.grants.map((g) => g.purpose)).toEqual(['delivery-sms']);
  });
});

describe('birthday-offer', () => {
  it('asks for the birthday only once the customer chooses the offer', async () => {
    const c = h.conversation('dirk', 'de-DE');
    const offer = await c.send({
      type: 'event',
      name: 'journey.start',
      value: { journey: 'birthday-offer' },
    });
    expect(offer[0]?.channelData).toBeUndefined();
    expect(offer[0]?.text).toBe(h.texts.t('de', 'birthday-offer.offer-prompt', {}, 'map'));
    expect((await h.consent.ledger(c.subject)).length).toBe(0);
    const [ask] = await c.send({
      type: 'message',
      text: h.texts.t('de', 'birthday-offer.offer-yes', {}, 'map'),
    });
    expect(ask?.channelData).toMatchObject({
      justask: { kind: 'ask', item: 'birthday', purpose: 'birthday-offer' },
    });
    const invalid = await c.say('31.02.1990');
    expect(invalid[0]).toContain(h.texts.t('de', 'invalid.date'));
    expect(await c.say('17.05.1990')).toHaveLength(2);
    const [held] = await h.consent.held(c.subject);
    expect(held && h.consent.reveal(held)).toBe('1990-05-17');
  });

  it('never asks when the customer turns the offer down', async () => {
    const c = h.conversation('eva', 'en-GB');
    await c.say('birthday treat');
    expect(await c.say('No thanks')).toEqual(['Okay, no birthday treat. Enjoy your day anyway!']);
    expect(await h.consent.ledger(c.subject)).toEqual([]);
  });
});

describe('conversation basics', () => {
  it('welcomes a new member with what it can do, in their language', async () => {
    const c = h.conversation('fay', 'nl-NL');
    const [welcome] = await c.send({
      type: 'conversationUpdate',
      membersAdded: [{ id: 'fay', name: 'fay' }],
    });
    expect(welcome?.text).toBe(h.texts.t('nl', 'welcome', { controller: 'Example Shop B.V.' }));
    expect(welcome?.suggestedActions?.actions).toHaveLength(5);
  });

  it('says it does not understand and offers the journeys', async () => {
    const c = h.conversation('gus', 'en-GB');
    const [reply] = await c.send({ type: 'message', text: 'blorp' });
    expect(reply?.text).toBe("Sorry, I didn't catch that. I can help you with these:");
    expect(reply?.suggestedActions?.actions.map((a) => a.title)).toContain('Deliver my order');
  });

  it('answers an unknown journey in a start event with the menu', async () => {
    const c = h.conversation('hal', 'en-GB');
    expect(await c.start('nope')).toEqual(["Sorry, I don't know that task. I can help you with these:"]);
  });

  it('stops a journey on “cancel”, once confirmed, and asks nothing more', async () => {
    const c = h.conversation('ida', 'en-GB');
    await c.say('deliver my order');
    expect(await c.say('cancel')).toEqual(['Stop “Deliver my order”? Nothing more will be asked for it.']);
    expect(await c.say('Yes, stop')).toEqual(["Okay, I've stopped. Nothing more will be asked."]);
    const after = await c.send({ type: 'message', text: 'Morning' });
    expect(after.map((a) => a.text).join(' ')).not.toContain('booked');
    expect(after.some((a) => (a.channelData as { justask?: unknown } | undefined)?.justask)).toBe(false);
  });

  it('takes the decline path when a required need is declined', async () => {
    const c = h.conversation('jo', 'en-GB');
    await c.say('call me back');
    await c.say('Billing');
    const replies = await c.say('No thanks');
    expect(replies[0]).toBe('No problem, nothing was saved.');
    expect(replies[1]).toBe(
      "Then we won't call you. You can also email our support team at support@example-shop.test.",
    );
  });
});
