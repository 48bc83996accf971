import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../helpers/harness.ts';

let h: ReturnType<typeof createHarness>;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const events = async (subject: string) => (await h.consent.ledger(subject)).map((r) => r.event);

describe('leaving a task in one sentence', () => {
  it('“Please unsubscribe me from the newsletter” unsubscribes a subscriber and asks nothing', async () => {
    const c = h.conversation('uma', 'en-GB');
    await c.start('newsletter');
    await c.say('uma@example.org');
    expect(await c.say('Please unsubscribe me from the newsletter')).toEqual([
      "Done: you're unsubscribed from the monthly newsletter.",
    ]);
    expect(await h.consent.held(c.subject)).toEqual([]);
    expect((await events(c.subject)).slice(-2)).toEqual(['withdrawn', 'erased']);
  });

  it('a customer who never subscribed is told so, and is not signed up', async () => {
    const c = h.conversation('vic', 'de-DE');
    const replies = await c.send({ type: 'message', text: 'Ich möchte den Newsletter nicht mehr' });
    expect(replies.map((r) => r.text)).toEqual([
      'Für „Newsletter erhalten“ sind Sie nicht angemeldet, es gibt also nichts zu beenden – und ich habe Sie auch nicht angemeldet.',
    ]);
    expect(replies.some((r) => (r.channelData as { justask?: unknown } | undefined)?.justask)).toBe(false);
    expect(await events(c.subject)).toEqual([]);
  });

  it('saying it while the sign-up asks for the e-mail ends the sign-up instead of failing the answer', async () => {
    const c = h.conversation('wim', 'nl-NL');
    await c.start('newsletter');
    const replies = await c.say('ik wil de nieuwsbrief toch niet meer');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('niet aangemeld');
    // The next message is not read as the e-mail answer: the sign-up is over.
    expect((await c.say('wim@example.org')).join(' ')).not.toContain('Bedankt');
    expect(await h.consent.held(c.subject)).toEqual([]);
  });
});
