import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../helpers/harness.ts';

let h: ReturnType<typeof createHarness>;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

type Sent = Awaited<ReturnType<ReturnType<typeof h.conversation>['send']>>;
const buttons = (replies: Sent) => replies.at(-1)?.suggestedActions?.actions.map((a) => a.title);
const meta = (replies: Sent) =>
  (replies.at(-1)?.channelData as { justask?: { item: string; purpose: string } } | undefined)?.justask;

describe('interrupting a question', () => {
  it('asks before leaving a half-done task for another, and offers to go back once it is done', async () => {
    const c = h.conversation('ivy', 'en-GB');
    await c.say('deliver my order');
    await c.say('Evening');
    const asked = await c.send({ type: 'message', text: "actually I'd like to get your newsletter" });
    expect(asked.map((a) => a.text)).toEqual([
      'Stop “Deliver my order” and go to “Get the newsletter” instead?',
    ]);
    expect(buttons(asked)).toEqual(['Yes, switch', 'No, carry on']);
    const switched = await c.send({ type: 'message', text: 'Yes, switch' });
    expect(meta(switched)).toMatchObject({ item: 'email', purpose: 'newsletter' });
    const done = await c.send({ type: 'message', text: 'ivy@example.org' });
    expect(done.map((a) => a.text).at(-1)).toBe('Shall we get back to “Deliver my order”?');
    expect(buttons(done)).toEqual(['Yes, go back', 'No, leave it']);
    const back = await c.send({ type: 'message', text: 'Yes, go back' });
    expect(back[0]?.text).toBe('Back to “Deliver my order”:');
    expect(meta(back)).toMatchObject({ item: 'mobile', purpose: 'delivery-sms' });
    expect((await c.say('07911 123456')).at(-1)).toBe(
      "Your delivery is booked: we'll bring your order in the evening. We'll text •••• 456 on the day.",
    );
  });

  it('“No, carry on” keeps the task and asks its question again; nothing was counted as an answer', async () => {
    const c = h.conversation('jan', 'nl-NL');
    await c.say('bezorg mijn bestelling');
    await c.say('Avond');
    const asked = await c.say('bel me terug');
    expect(asked).toEqual(['Stoppen met „Bezorg mijn bestelling” en in plaats daarvan naar „Bel me terug”?']);
    const kept = await c.send({ type: 'message', text: 'Nee, ga door' });
    expect(kept[0]?.text).toBe('Goed, we gaan verder met „Bezorg mijn bestelling”.');
    expect(meta(kept)).toMatchObject({ item: 'mobile', purpose: 'delivery-sms' });
    expect((await c.say('06 12345678'))[0]).toContain('•••• 678');
  });

  it('“stop” in the middle of a question asks first, and nothing more is asked once confirmed', async () => {
    const c = h.conversation('kai', 'de-DE');
    await c.say('Rückruf');
    expect(await c.say('stopp')).toEqual([
      '„Rufen Sie mich zurück“ abbrechen? Dafür wird dann nichts mehr gefragt.',
    ]);
    expect(await c.say('Ja, abbrechen')).toEqual([h.texts.t('de', 'journey.cancelled')]);
  });

  it('“later” to a task the customer asked for pauses it; asking for it again goes on where it was', async () => {
    const c = h.conversation('lou', 'fr-FR');
    await c.say('rappelez-moi');
    await c.say('Facturation');
    const paused = await c.say('plus tard');
    expect(paused[0]).toContain('en pause');
    const again = await c.send({ type: 'message', text: 'rappelez-moi' });
    expect(again[0]?.text).toContain('Retour à');
    expect(meta(again)).toMatchObject({ item: 'mobile', purpose: 'support-callback' });
  });

  it('a rights question in the middle of a task is answered, then the open question comes back', async () => {
    const c = h.conversation('max', 'fr-FR');
    await c.say('livraison');
    await c.say('Soir');
    const replies = await c.send({ type: 'message', text: 'Quelles données avez-vous sur moi ?' });
    expect(replies[0]?.text?.split('\n')[0]).toBe(h.texts.t('fr', 'rights.what-empty'));
    expect(meta(replies)).toMatchObject({ item: 'mobile', purpose: 'delivery-sms' });
  });

  it('a rights question can be left too: “cancel” to a new value, another task to a confirmation', async () => {
    const c = h.conversation('nia', 'en-GB');
    await c.start('newsletter');
    await c.say('nia@example.org');
    expect(await c.say('change my email address')).toEqual(['What is your new email address?']);
    expect(await c.say('cancel')).toEqual(['Okay, nothing was changed.']);
    await c.say('delete my email address');
    expect(await c.say('deliver my order')).toEqual([
      'Okay, nothing was changed.',
      'When would you like your order delivered?',
    ]);
    expect((await h.consent.held(c.subject)).map((x) => x.item)).toEqual(['email']);
    // Its buttons still answer it; then the task left open comes back.
    await c.say('delete my email address');
    expect(await c.say('Yes, delete')).toEqual([
      'Done: your email address is deleted.',
      'Now, back to where we were:',
      'When would you like your order delivered?',
    ]);
  });
});
