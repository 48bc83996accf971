import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationKey } from '../../../src/channels/index.ts';
import { createHarness, subjectKey } from '../../helpers/harness.ts';

let h: ReturnType<typeof createHarness>;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

/** A customer with a mobile number held for delivery and the callback, and a newsletter email. */
async function customer(user: string, locale: string) {
  const c = h.conversation(user, locale);
  const t = (k: string) => h.texts.t(c.lng, k, {}, 'map');
  await c.start('order-delivery');
  await c.say('1');
  await c.say(locale.startsWith('nl') ? '06 12345678' : '07911 123456');
  await c.start('support-callback');
  await c.say('1');
  await c.say(h.texts.t(c.lng, 'buttons.yes'));
  await c.start('newsletter');
  await c.say(`${user}@example.org`);
  void t;
  return c;
}

describe('rights in one message (en)', () => {
  it('“what do you know about me?” lists every item, masked, with purposes, origin and end date', async () => {
    const c = await customer('ann', 'en-GB');
    const [reply] = await c.send({ type: 'message', text: 'What do you know about me?' });
    expect(reply?.text).toBe(
      [
        'Here is what we hold about you, what we do with it and what you can do:',
        '• Email address (a•••@example.org): you gave it to us yourself, in this chat (test), on 1 June 2026, for “Get the newsletter”.',
        '  – For the monthly newsletter. Legal basis: your consent, which you can withdraw at any time. Kept until 1 June 2028 at the latest, and deleted sooner if unused for 1 year. It goes to: Example Mail GmbH, Microsoft Ireland Operations Ltd. (Azure Bot Service), Example Hosting B.V., Example Cloud Database GmbH.',
        '• Mobile number (•••• 456): you gave it to us yourself, in this chat (test), on 1 June 2026, for “Deliver my order”.',
        '  – For text message confirmations of your deliveries. Legal basis: your consent, which you can withdraw at any time. Kept until 1 July 2026 at the latest, and deleted sooner if unused for 30 days. It goes to: Example SMS B.V., Example Shop logistics platform, Microsoft Ireland Operations Ltd. (Azure Bot Service), Example Hosting B.V., Example Cloud Database GmbH.',
        '  – For the support callback you asked for. Legal basis: it is needed to deliver what you asked us for (contract). Kept until 15 June 2026 at the latest, and deleted sooner if unused for 14 days. It goes to: Microsoft Ireland Operations Ltd. (Azure Bot Service), Example Hosting B.V., Example Cloud Database GmbH.',
        'We also keep a record of what we asked you and what you answered — never the data itself — each entry for 5 years, to show what you agreed to.',
        "You can ask for a copy to take elsewhere (“send me my data”), have something corrected (“change my …”), deleted (“delete my …”, “forget me”), its use restricted, or object to it (“stop using my …”). You can also complain to Autoriteit Persoonsgegevens (https://autoriteitpersoonsgegevens.nl) at any time; you don't have to contact us first. Questions: privacy@example-shop.test; our data protection officer: dpo@example-shop.test.",
      ].join('\n'),
    );
    expect(reply?.suggestedActions?.actions.map((a) => a.title)).toEqual([
      'Send me my data',
      'delete my email address',
      'delete my mobile number',
      'Forget me',
    ]);
    expect(JSON.stringify(await h.consent.ledger(c.subject))).not.toContain('example.org');
  });

  it('“why do you have my mobile?” gives the purposes and bases', async () => {
    const c = await customer('bob', 'en-GB');
    expect(await c.say('why do you have my mobile?')).toEqual([
      'We hold your mobile number for: text message confirmations of your deliveries, because your consent, which you can withdraw at any time; the support callback you asked for, because it is needed to deliver what you asked us for (contract).',
    ]);
  });

  it('“send me my data” attaches a JSON export with the values in clear', async () => {
    const c = await customer('cat', 'en-GB');
    const [reply] = await c.send({ type: 'message', text: 'send me my data' });
    const url = reply?.attachments?.[0]?.contentUrl ?? '';
    const data = JSON.parse(
      Buffer.from(url.replace(/^data:application\/json;base64,/, ''), 'base64').toString(),
    ) as {
      items: { item: string; value: string; purposes: { purpose: string }[] }[];
      consentRecords: { event: string }[];
    };
    expect(data.items.map((i) => [i.item, i.value])).toEqual([
      ['email', 'cat@example.org'],
      ['mobile', '+447911123456'],
    ]);
    expect(data.consentRecords.length).toBeGreaterThan(3);
  });

  it('“stop using my mobile” asks which purpose, withdraws it, and keeps the other', async () => {
    const c = await customer('dan', 'en-GB');
    const [which] = await c.send({ type: 'message', text: 'stop using my mobile number' });
    expect(which?.suggestedActions?.actions.map((a) => a.title)).toEqual([
      'text message confirmations of your deliveries',
      'the support callback you asked for',
    ]);
    expect(await c.say('the support callback you asked for')).toEqual([
      'Done: we no longer use your mobile number for the support callback you asked for.',
    ]);
    const mobile = (await h.consent.held(c.subject)).find((x) => x.item === 'mobile');
    expect(mobile?.grants.map((g) => g.purpose)).toEqual(['delivery-sms']);
    expect((await h.consent.ledger(c.subject)).at(-1)?.event).toBe('withdrawn');
  });

  it('“unsubscribe” withdraws the newsletter and deletes the email nothing else needs', async () => {
    const c = await customer('eve', 'en-GB');
    expect(await c.say('unsubscribe')).toEqual(["Done: you're unsubscribed from the monthly newsletter."]);
    expect((await h.consent.held(c.subject)).map((x) => x.item)).toEqual(['mobile']);
    expect((await h.consent.ledger(c.subject)).slice(-2).map((r) => r.event)).toEqual([
      'withdrawn',
      'erased',
    ]);
  });

  it('“change my mobile number” re-asks, validates, replaces it for every purpose', async () => {
    const c = await customer('fin', 'en-GB');
    expect(await c.say('change my mobile number')).toEqual(['What is your new mobile number?']);
    expect((await c.say('12'))[0]).toContain("doesn't look like a valid phone number");
    expect(await c.say('07400 123456')).toEqual([
      'Done: your mobile number is now •••• 456, for everything you gave it for.',
    ]);
    const mobile = (await h.consent.held(c.subject)).find((x) => x.item === 'mobile');
    expect(mobile && h.consent.reveal(mobile)).toBe('+447400123456');
    expect(mobile?.grants).toHaveLength(2);
  });

  it('“delete my email” erases after one confirmation; “No, keep it” keeps it', async () => {
    const c = await customer('gil', 'en-GB');
    const [confirm] = await c.send({ type: 'message', text: 'delete my email' });
    expect(confirm?.text).toBe("Delete your email address (g•••@example.org)? This can't be undone.");
    expect(await c.say('No, keep it')).toEqual(['Okay, nothing was changed.']);
    expect(await h.consent.held(c.subject)).toHaveLength(2);
    await c.say('delete my email');
    expect(await c.say('Yes, delete')).toEqual(['Done: your email address is deleted.']);
    expect((await h.consent.held(c.subject)).map((x) => x.item)).toEqual(['mobile']);
  });

  it('“forget me” erases values, grants, the conversation reference and state, and the consent history', async () => {
    const c = await customer('hal', 'en-GB');
    const key = conversationKey(subjectKey, 'test', 'conv-hal-en-GB');
    expect((await h.store.state.read([key])).size).toBe(1);
    await c.say('forget me');
    expect(await c.say('Yes, delete')).toEqual([
      "Done: we've deleted everything we held about you, including our record of what we asked you and what you answered. We keep only a note that you had your data deleted.",
    ]);
    expect(await h.consent.held(c.subject)).toEqual([]);
    expect(await h.store.refs.get(c.subject)).toBeUndefined();
    expect(await h.store.state.read([key])).toEqual(new Map());
    expect(await h.consent.ledger(c.subject)).toEqual([]);
  });

  it('answers a rights request in the middle of a journey, then resumes the open question', async () => {
    const c = h.conversation('ivy', 'en-GB');
    await c.say('deliver my order');
    await c.say('Morning');
    const replies = await c.send({ type: 'message', text: 'what do you know about me?' });
    expect(replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/^We don't hold any personal data about you\.\nWe also keep a record/),
      'Now, back to where we were:',
      expect.stringContaining("what's your mobile number?"),
    ]);
    expect(replies[2]?.channelData).toMatchObject({ justask: { kind: 'ask', item: 'mobile' } });
    expect((await c.say('07911 123456'))[0]).toContain("I've saved your mobile number");
    expect((await h.consent.ledger(c.subject)).filter((r) => r.event === 'asked')).toHaveLength(1);
  });

  it('keeps the journey going when the customer answers “No, keep it” to “forget me”', async () => {
    const c = h.conversation('kit', 'en-GB');
    await c.say('newsletter');
    await c.say('forget me');
    const replies = await c.say('No, keep it');
    expect(replies[0]).toBe('Okay, nothing was changed.');
    expect(replies[1]).toBe('Now, back to where we were:');
    expect(replies[2]).toContain("what's your email address?");
    expect((await c.say('kit@example.org'))[0]).toContain("I've saved your email address");
  });

  it('shows never-ask refusals and lets the customer lift them', async () => {
    const c = h.conversation('jon', 'en-GB');
    await c.say('never ask me for my birthday');
    const [what] = await c.send({ type: 'message', text: 'my data' });
    expect(what?.text).toContain(
      '• You asked us never to ask for your date of birth, until you tell us otherwise.',
    );
    expect(what?.suggestedActions?.actions.map((a) => a.title)).toContain(
      'you may ask for my date of birth again',
    );
    expect(await c.say('you may ask for my date of birth again')).toEqual([
      'Okay, I may ask for your date of birth again when a task needs it.',
    ]);
    await c.say('birthday treat');
    const [ask] = await c.send({ type: 'message', text: 'Yes please' });
    expect(ask?.channelData).toMatchObject({ justask: { item: 'birthday' } });
  });
});

describe('rights in one message (nl)', () => {
  it('lists, deletes and forgets in Dutch', async () => {
    const c = await customer('kees', 'nl-NL');
    const nl = (k: string, v?: Record<string, unknown>) => h.texts.t('nl', k, v);
    const [what] = await c.send({ type: 'message', text: nl('buttons.my-data') });
    expect(what?.text?.split('\n')[0]).toBe(nl('access.intro'));
    expect(what?.text).toContain('•••• 678');
    await c.say(nl('buttons.forget'));
    expect(await c.say(nl('buttons.yes-delete'))).toEqual([nl('erasure.done', { wishes: '' })]);
    expect(await h.consent.held(c.subject)).toEqual([]);
  });
});
