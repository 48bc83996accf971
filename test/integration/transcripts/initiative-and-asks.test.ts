/**
 * The customer's initiative wins over the bot's restraint, and questions are asked so that people
 * answer with the value: a "yes" gets a nudge, "Why?" gets the reasons and the question again,
 * and the buttons that matter sit on the turn's last message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../helpers/harness.ts';

let h: ReturnType<typeof createHarness>;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

type Sent = Awaited<ReturnType<ReturnType<typeof h.conversation>['send']>>;
const titles = (a: Sent[number] | undefined) => a?.suggestedActions?.actions.map((x) => x.title);
const meta = (a: Sent[number] | undefined) =>
  (a?.channelData as { justask?: Record<string, unknown> } | undefined)?.justask;
const events = async (subject: string) =>
  (await h.consent.ledger(subject)).map((r) => `${r.event} ${r.item}`);

describe("the customer's initiative", () => {
  it('a customer who said “No thanks” and later asks for the newsletter themselves is asked', async () => {
    const c = h.conversation('nora', 'en-GB');
    await c.start('newsletter');
    await c.say('No thanks');
    h.clock.advanceDays(2);
    const [ask] = await c.send({ type: 'message', text: 'subscribe' });
    expect(meta(ask)).toMatchObject({ kind: 'ask', item: 'email', purpose: 'newsletter' });
    expect((await c.say('nora@example.org'))[0]).toContain("I've saved your email address");
  });

  it('after “never ask”, asking for the task lifts it with a one-line confirmation', async () => {
    const c = h.conversation('pia', 'de-DE');
    await c.say('Fragen Sie nie wieder nach meiner Geburtsdatum');
    await c.say('Geburtstagsüberraschung');
    const replies = await c.send({ type: 'message', text: 'Ja, gerne' });
    expect(replies[0]?.text).toContain('Da Sie selbst darum bitten');
    expect(meta(replies.at(-1))).toMatchObject({ kind: 'ask', item: 'birthday' });
    expect((await events(c.subject)).slice(0, 2)).toEqual([
      'never-ask birthday',
      'never-ask-cleared birthday',
    ]);
  });

  it('after “never ask”, typing the value lifts it and stores it for what it was declined for', async () => {
    const c = h.conversation('quentin', 'en-GB');
    await c.say('deliver my order');
    await c.say('Morning');
    await c.say('No thanks');
    await c.say('Never ask for my mobile number');
    const replies = await c.say('07911 123456');
    expect(replies[0]).toBe(
      "Got it: you're giving your mobile number after all, so I may ask for it again when a task needs it.",
    );
    expect(replies[1]).toContain("I've saved your mobile number (•••• 456)");
    const held = await h.consent.held(c.subject);
    expect(held.map((x) => `${x.item} ${x.grants.map((g) => g.purpose).join()}`)).toEqual([
      'mobile delivery-sms',
    ]);
    expect(await events(c.subject)).toContain('never-ask-cleared mobile');
  });

  it('the question budget holds back the bot’s optional asks, not a task the customer asks for', async () => {
    const c = h.conversation('rui', 'en-GB');
    await c.say('deliver my order');
    await c.say('Morning');
    await c.say('No thanks');
    await c.say('No thanks');
    await c.start('birthday-offer');
    await c.say('Yes please');
    await c.say('No thanks');
    expect(await c.start('newsletter')).toEqual(["Okay, you're not subscribed."]);
    const [ask] = await c.send({ type: 'message', text: 'I want the newsletter' });
    expect(meta(ask)).toMatchObject({ kind: 'ask', item: 'email', purpose: 'newsletter' });
  });
});

describe('questions answered with the value', () => {
  it('asks “what’s your mobile number?” with the purpose and the way out in the same message', async () => {
    const c = h.conversation('sia', 'en-GB');
    await c.say('deliver my order');
    const [ask] = await c.send({ type: 'message', text: 'Morning' });
    expect(ask?.text).toBe(
      "To SMS-confirm this delivery, what's your mobile number? We use it only for text message confirmations of your deliveries and delete it after 30 days. You're free to say no.",
    );
    expect(titles(ask)).toEqual(['Why?', 'No thanks', 'Ask me later']);
  });

  it.each([
    ['en-GB', 'yes', 'Great! Please type your mobile number.'],
    ['nl-NL', 'ja', 'Fijn! Typ je mobiele nummer maar.'],
    ['fr-FR', 'oui', 'Parfait ! Saisissez votre numéro de portable.'],
  ])('%s: “%s” to the question gets a nudge for the value, not an error', async (locale, yes, nudge) => {
    const c = h.conversation(`t-${locale}`, locale);
    await c.start('order-delivery');
    await c.say('1');
    const replies = await c.send({ type: 'message', text: yes });
    expect(replies.map((a) => a.text)).toEqual([
      nudge.replace('numéro de portable', h.texts.t('fr', 'items.mobile.name', {}, 'map')),
    ]);
    expect(meta(replies[0])).toMatchObject({ kind: 'ask', item: 'mobile' });
    expect(await events(c.subject)).toEqual(['asked mobile']);
  });

  it('after “Why?” the reasons come with an absolute link, then the question again with its buttons', async () => {
    const c = h.conversation('uma', 'en-GB');
    await c.start('order-delivery');
    await c.say('1');
    const replies = await c.send({ type: 'message', text: 'Why?' });
    expect(replies[0]?.text).toContain('The full privacy notice: http://localhost/privacy?lang=en');
    expect(replies[0]?.suggestedActions).toBeUndefined();
    expect(replies[1]?.text).toBe("So: what's your mobile number?");
    expect(titles(replies[1])).toEqual(['No thanks', 'Ask me later']);
    expect(meta(replies[1])).toMatchObject({ kind: 'ask', item: 'mobile' });
  });

  it('the “Never ask” button sits on the last message of the turn, and names the item', async () => {
    const c = h.conversation('vera', 'en-GB');
    await c.start('order-delivery');
    await c.say('1');
    const replies = await c.send({ type: 'message', text: 'No thanks' });
    expect(replies.map((a) => a.text)).toEqual([
      'No problem, nothing was saved.',
      expect.stringContaining("what's your email address?"),
    ]);
    expect(replies[0]?.suggestedActions).toBeUndefined();
    expect(titles(replies[1])).toEqual([
      'Why?',
      'No thanks',
      'Ask me later',
      'Never ask for my mobile number',
    ]);
    const never = await c.send({ type: 'message', text: 'Never ask for my mobile number' });
    expect(never[0]?.text).toContain("I won't ask for your mobile number again");
    expect(meta(never.at(-1))).toMatchObject({ kind: 'ask', item: 'email' });
  });
});
