/**
 * Rights said in the customer's own words, and the ones that stop a use of data: restriction
 * (Art. 18), objection (Art. 21), withdrawing every consent (Art. 7(3)), each confirmed first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../helpers/harness.ts';

let h: ReturnType<typeof createHarness>;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const MOBILE: Record<string, string> = {
  en: '07911 123456',
  nl: '06 12345678',
  fr: '06 12 34 56 78',
  de: '0151 23456789',
};

/** Mobile for delivery texts (consent) and, unless `newsletter` is false, email for the newsletter (consent). */
async function customer(user: string, locale: string, newsletter = true) {
  const c = h.conversation(user, locale);
  await c.start('order-delivery');
  await c.say('1');
  await c.say(MOBILE[c.lng] ?? '');
  if (!newsletter) return c;
  await c.start('newsletter');
  await c.say(`${user}@example.org`);
  return c;
}

const events = async (subject: string) =>
  (await h.consent.ledger(subject)).map((r) => `${r.event} ${r.item} ${r.purpose}`);
const grants = async (subject: string) =>
  (await h.consent.held(subject)).flatMap((x) =>
    x.grants.map((g) => `${x.item} ${g.purpose}${g.restrictedAt ? ' restricted' : ''}`),
  );

describe('restriction, objection and withdrawal in chat', () => {
  it('restricts the use of everything held after a yes: kept, not used, until the customer agrees again', async () => {
    const c = await customer('rita', 'en-GB');
    const asked = await c.send({ type: 'message', text: 'Please limit what you do with my personal data' });
    expect(asked[0]?.text).toBe(
      "Restrict the use of your email address and your mobile number? We'd keep the data but not use it for anything until you say so; it is still deleted when its time is up.",
    );
    expect(asked[0]?.suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes, restrict', 'No, keep it']);
    expect((await c.say('Yes, restrict'))[0]).toContain(
      'Done: the use of your email address and your mobile number',
    );
    expect(await grants(c.subject)).toEqual([
      'email newsletter restricted',
      'mobile delivery-sms restricted',
    ]);
    expect((await events(c.subject)).filter((e) => e.startsWith('restricted'))).toEqual([
      'restricted email newsletter',
      'restricted mobile delivery-sms',
    ]);
    // The next delivery does not use the number: it asks, and a yes lifts the restriction for that use.
    await c.start('order-delivery');
    const [ask] = await c.send({ type: 'message', text: 'Morning' });
    expect(ask?.channelData).toMatchObject({ justask: { kind: 'ask-reuse', item: 'mobile' } });
    await c.say('Yes');
    expect(await grants(c.subject)).toEqual(['email newsletter restricted', 'mobile delivery-sms']);
  });

  it('“I object” stops the uses resting on legitimate interests and marketing, after a yes', async () => {
    const c = h.conversation('otto', 'en-GB');
    await c.start('order-delivery');
    await c.say('1');
    await c.say('No thanks');
    await c.say('otto@example.org');
    await c.start('newsletter');
    await c.say('Yes');
    const asked = await c.say('I object');
    expect(asked).toEqual([
      'You object to our use of your data for email confirmations of your deliveries and the monthly newsletter. Shall we stop that?',
    ]);
    expect(await c.say('Yes, stop it')).toEqual([
      "Done: we've stopped using your data for email confirmations of your deliveries and the monthly newsletter.",
    ]);
    expect((await events(c.subject)).slice(-5)).toEqual([
      'objected email delivery-email',
      'objected email newsletter',
      'withdrawn email delivery-email',
      'withdrawn email newsletter',
      'erased email *',
    ]);
  });

  it('“I object” when nothing rests on our interests or is marketing says so and changes nothing', async () => {
    const c = await customer('olga', 'en-GB', false);
    const before = await events(c.subject);
    expect((await c.say('I object to how you use my data'))[0]).toContain('Nothing we do with your data');
    expect(await events(c.subject)).toEqual(before);
  });

  it('de: “Ich widerrufe meine Einwilligung” withdraws every consent after a yes, and keeps nothing else', async () => {
    const c = await customer('wolf', 'de-DE');
    const asked = await c.say('Ich widerrufe meine Einwilligung');
    expect(asked[0]).toContain('Ihre Einwilligung für');
    expect((await c.say('Ja, beenden'))[0]).toContain('Erledigt');
    expect(await h.consent.held(c.subject)).toEqual([]);
    expect((await events(c.subject)).filter((e) => e.startsWith('withdrawn'))).toHaveLength(2);
  });

  it('“stop using my email” asks first (it would delete it), and “No, keep it” keeps it', async () => {
    const c = await customer('sam', 'en-GB');
    expect(await c.say('stop using my email address')).toEqual([
      "Stop using your email address for the monthly newsletter? Nothing else needs it, so we'd delete it.",
    ]);
    expect(await c.say('No, keep it')).toEqual(['Okay, nothing was changed.']);
    expect(await grants(c.subject)).toContain('email newsletter');
  });

  it.each([
    ['fr-FR', 'supprimez mes données', 'erasure.confirm'],
    ['nl-NL', 'verwijder mijn gegevens', 'erasure.confirm'],
    ['de-DE', 'Löschen Sie meine Daten', 'erasure.confirm'],
    ['en-GB', 'What data do you hold about me?', 'access.intro'],
  ])('%s: “%s” is understood (%s)', async (locale, text, key) => {
    const c = await customer(`u-${key}-${locale}`, locale);
    expect((await c.say(text))[0]?.split('\n')[0]).toBe(h.texts.t(c.lng, key, { wishes: '' }));
  });
});
