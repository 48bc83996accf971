/**
 * Answers as people type them, in every shipped language: dates with month names and ordinals,
 * numeric dates in the order of the customer's region (confirmed when the region does not settle
 * it), options by number or ordinal, yes and no words, amounts with separators and currencies,
 * and e-mail domains with a likely typo — through the real bot, store and ledger.
 */
import type { Activity } from 'botbuilder';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../helpers/harness.ts';

let h: ReturnType<typeof createHarness> | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const kindOf = (a: Partial<Activity> | undefined): unknown =>
  (a?.channelData as { justask?: { kind?: string } } | undefined)?.justask?.kind;
const itemOf = (a: Partial<Activity> | undefined): unknown =>
  (a?.channelData as { justask?: { item?: string } } | undefined)?.justask?.item;
const last = <T>(xs: readonly T[]): T | undefined => xs[xs.length - 1];

async function heldValue(harness: ReturnType<typeof createHarness>, subject: string, item: string) {
  const held = (await harness.consent.held(subject)).find((x) => x.item === item);
  return held && harness.consent.reveal(held);
}

const BIRTHDAY = [
  ['en-GB', 'sure', 'the 17th of May, 1990'],
  ['en-US', 'yep', 'May 17th 1990'],
  ['nl-NL', 'ja hoor', '17 mei 1990'],
  ['fr-FR', 'oui', 'le 17 mai 1990'],
  ['de-DE', 'ja gerne', '17. Mai 1990'],
] as const;

describe('a birthday as people write it', () => {
  it.each(BIRTHDAY)('%s: “%s” to the offer, then “%s” stores 1990-05-17', async (locale, yes, date) => {
    h = createHarness();
    const c = h.conversation('ann', locale);
    await c.start('birthday-offer');
    const ask = await c.send({ type: 'message', text: yes });
    expect(itemOf(last(ask))).toBe('birthday');
    expect(kindOf(last(ask))).toBe('ask');
    await c.say(date);
    expect(await heldValue(h, c.subject, 'birthday')).toBe('1990-05-17');
  });

  it.each([
    ['en-US', '05/06/1990', '1990-05-06'],
    ['en-US', '05/17/1990', '1990-05-17'],
    ['en-GB', '05/06/1990', '1990-06-05'],
    ['nl-NL', '05-06-1990', '1990-06-05'],
    ['fr-FR', '05/06/1990', '1990-06-05'],
    ['de-DE', '05.06.1990', '1990-06-05'],
    ['de-DE', '1990-05-06', '1990-05-06'],
  ])('%s: %s is stored as %s, in the order of the region', async (locale, text, want) => {
    h = createHarness();
    const c = h.conversation('ann', locale);
    await c.start('birthday-offer');
    await c.say('1');
    await c.say(text);
    expect(await heldValue(h, c.subject, 'birthday')).toBe(want);
  });

  it('confirms a date that reads both ways where the region does not settle it; “yes” stores it', async () => {
    h = createHarness();
    const c = h.conversation('ann', 'en');
    await c.start('birthday-offer');
    await c.say('yes please');
    const confirm = await c.send({ type: 'message', text: '05/06/1990' });
    expect(kindOf(confirm[0])).toBe('ask-confirm');
    expect(confirm[0]?.text).toMatch(/June 5, 1990|5 June 1990/);
    expect(confirm[0]?.suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes', 'No']);
    expect(await h.consent.held(c.subject)).toEqual([]);
    await c.say('yes');
    expect(await heldValue(h, c.subject, 'birthday')).toBe('1990-06-05');
  });

  it('asks again after anything but “yes” to a confirmation, and never stores the swapped date', async () => {
    h = createHarness();
    const c = h.conversation('ann', 'en');
    await c.start('birthday-offer');
    await c.say('yes please');
    await c.say('05/06/1990');
    const again = await c.send({ type: 'message', text: 'no' });
    expect(kindOf(last(again))).toBe('ask');
    expect(itemOf(last(again))).toBe('birthday');
    expect(await h.consent.held(c.subject)).toEqual([]);
    await c.say('6 May 1990');
    expect(await heldValue(h, c.subject, 'birthday')).toBe('1990-05-06');
  });

  it('asks for the year when a date has none, in the customer’s language', async () => {
    h = createHarness();
    const c = h.conversation('ann', 'nl-NL');
    await c.start('birthday-offer');
    await c.say('ja');
    const [reply] = await c.say('17 mei');
    expect(reply).toMatch(/jaar/);
    expect(await h.consent.held(c.subject)).toEqual([]);
  });
});

describe('“change my …” reads values the same way', () => {
  it('confirms an ambiguous new date before changing it; “yes” changes it', async () => {
    h = createHarness();
    const c = h.conversation('ann', 'en');
    await c.start('birthday-offer');
    await c.say('yes');
    await c.say('17 May 1990');
    expect(await heldValue(h, c.subject, 'birthday')).toBe('1990-05-17');
    await c.say('change my birthday');
    const [confirm] = await c.say('05/06/1990');
    expect(confirm).toMatch(/June 5, 1990/);
    expect(await heldValue(h, c.subject, 'birthday')).toBe('1990-05-17');
    await c.say('sure');
    expect(await heldValue(h, c.subject, 'birthday')).toBe('1990-06-05');
  });

  it('asks for the new value again after anything but “yes”', async () => {
    h = createHarness();
    const c = h.conversation('ann', 'en');
    await c.start('birthday-offer');
    await c.say('yes');
    await c.say('17 May 1990');
    await c.say('change my birthday');
    await c.say('05/06/1990');
    const [again] = await c.say('no');
    expect(again).toMatch(/What is your new date of birth\?/);
    await c.say('6 May 1990');
    expect(await heldValue(h, c.subject, 'birthday')).toBe('1990-05-06');
  });
});

const ORDINALS = [
  ['en-GB', 'the second one', 'no thanks', 'in the afternoon'],
  ['nl-NL', 'de tweede', 'nee dank je', '’s middags'],
  ['fr-FR', 'la deuxième', 'non merci', 'dans l’après-midi'],
  ['de-DE', 'die zweite', 'nein danke', 'Nachmittag'],
] as const;

describe('options and yes/no as people say them', () => {
  it.each(ORDINALS)(
    '%s: “%s” picks the second slot, “%s” declines the mobile number',
    async (locale, second, no, label) => {
      h = createHarness();
      const c = h.conversation('ann', locale);
      await c.start('order-delivery');
      const mobile = await c.send({ type: 'message', text: second });
      expect(itemOf(last(mobile))).toBe('mobile');
      const email = await c.send({ type: 'message', text: no });
      expect(itemOf(last(email))).toBe('email');
      const events = (await h.consent.ledger(c.subject)).map((r) => [r.event, r.item]);
      expect(events).toContainEqual(['declined', 'mobile']);
      const done = await c.say('Nope');
      expect(done.join(' ')).toContain(label);
    },
  );

  it('reads a label with a small typo, and a number, on a choice step', async () => {
    h = createHarness();
    const c = h.conversation('ann', 'en-GB');
    await c.start('order-delivery');
    expect(itemOf(last(await c.send({ type: 'message', text: 'evenng' })))).toBe('mobile');
    const d = h.conversation('bob', 'de-DE');
    await d.start('order-delivery');
    expect(itemOf(last(await d.send({ type: 'message', text: '3' })))).toBe('mobile');
  });

  it('takes a locale yes for an ask-reuse', async () => {
    h = createHarness();
    const c = h.conversation('ann', 'de-DE');
    await c.start('order-delivery');
    await c.say('1');
    await c.say('nein danke');
    await c.say('ann@example.org');
    const reuse = await c.send({ type: 'event', name: 'journey.start', value: { journey: 'newsletter' } });
    expect(kindOf(last(reuse))).toBe('ask-reuse');
    await c.say('ja gerne');
    const held = (await h.consent.held(c.subject)).find((x) => x.item === 'email');
    expect(held?.grants.map((g) => g.purpose).sort()).toEqual(['delivery-email', 'newsletter']);
  });
});

describe('an e-mail domain with a likely typo', () => {
  it.each([
    ['en-GB', 'yes'],
    ['nl-NL', 'ja'],
    ['fr-FR', 'oui'],
    ['de-DE', 'ja'],
  ])('%s: confirms the suggestion first; “%s” stores the corrected address', async (locale, yes) => {
    h = createHarness();
    const c = h.conversation('ann', locale);
    await c.start('newsletter');
    const confirm = await c.send({ type: 'message', text: 'ann@gmial.com' });
    expect(kindOf(confirm[0])).toBe('ask-confirm');
    expect(confirm[0]?.text).toContain('ann@gmail.com');
    expect(await h.consent.held(c.subject)).toEqual([]);
    await c.say(yes);
    expect(await heldValue(h, c.subject, 'email')).toBe('ann@gmail.com');
  });

  it('keeps the address as typed on a “no”', async () => {
    h = createHarness();
    const c = h.conversation('ann', 'en-GB');
    await c.start('newsletter');
    await c.say('ann@gmial.com');
    await c.say('no');
    expect(await heldValue(h, c.subject, 'email')).toBe('ann@gmial.com');
  });
});

describe('amounts as written in each locale (a journey written from the guide)', () => {
  it.each([
    ['en-GB', '€1,234.50', '17/05/2024', '2024-05-17'],
    ['en-US', '$1,234.50', '05/17/2024', '2024-05-17'],
    ['nl-NL', '1.234,50 €', '17 mei 2024', '2024-05-17'],
    ['fr-FR', '1 234,50 EUR', '17 mai 2024', '2024-05-17'],
    ['de-DE', '1.234,50 €', '17. Mai 2024', '2024-05-17'],
    ['de-CH', "CHF 1'234.50", '17.05.2024', '2024-05-17'],
  ])('%s: “%s” is the bike’s value 1234.5, bought %s', async (locale, amount, date, want) => {
    h = createHarness({ dialogsDir: 'test/fixtures/bike-insurance' });
    const c = h.conversation('ann', locale);
    await c.start('bike-quote');
    await c.say('2');
    await c.say(amount);
    expect(await heldValue(h, c.subject, 'bike-value')).toBe('1234.5');
    await c.say(date);
    expect(await heldValue(h, c.subject, 'bought-on')).toBe(want);
  });

  it('reads “1.234” by the locale: a thousand in German, one and a bit in American English', async () => {
    h = createHarness({ dialogsDir: 'test/fixtures/bike-insurance' });
    const de = h.conversation('ann', 'de-DE');
    await de.start('bike-quote');
    await de.say('1');
    await de.say('1.234');
    expect(await heldValue(h, de.subject, 'bike-value')).toBe('1234');
    const us = h.conversation('bob', 'en-US');
    await us.start('bike-quote');
    await us.say('1');
    const [tooSmall] = await us.say('1.234');
    expect(tooSmall).toMatch(/at least 50/);
    expect(await heldValue(h, us.subject, 'bike-value')).toBeUndefined();
  });

  it.each([
    ['en-GB', 'stolen', 'theft'],
    ['nl-NL', 'allrisk', 'full'],
    ['fr-FR', 'volé', 'theft'],
    ['de-DE', 'Vollkasko', 'full'],
  ])('%s: the synonym “%s” picks %s on a choice step', async (locale, said, option) => {
    h = createHarness({ dialogsDir: 'test/fixtures/bike-insurance' });
    const c = h.conversation('ann', locale);
    await c.start('bike-quote');
    const ask = await c.send({ type: 'message', text: said });
    expect(itemOf(last(ask))).toBe('bike-value');
    const choice = h.map.journeys.get('bike-quote')?.steps.cover?.choice;
    const label = choice?.options.find((o) => o.id === option)?.label ?? '';
    await c.say('500');
    const done = await c.say('1 May 2024');
    expect(done.join(' ')).toContain(h.texts.t(c.lng, label, {}, 'map'));
  });
});

describe('a choice item as customers see it', () => {
  const KINDS = [
    ['en-GB', ['City bike', 'Electric bike', 'Racing bike'], 'electric bike', 'a tandem'],
    ['nl-NL', ['Stadsfiets', 'Elektrische fiets', 'Racefiets'], 'elektrische fiets', 'een tandem'],
    ['fr-FR', ['Vélo de ville', 'Vélo électrique', 'Vélo de course'], 'Vélo électrique', 'un tandem'],
    ['de-DE', ['Stadtrad', 'E-Bike', 'Rennrad'], 'e-bike', 'Tandem'],
  ] as const;

  it.each(KINDS)(
    '%s: the buttons name the options in the language, an answer by name stores the option',
    async (locale, names, said, wrongly) => {
      h = createHarness({ dialogsDir: 'test/fixtures/bike-insurance' });
      const c = h.conversation('ann', locale);
      const [ask] = await c.send({
        type: 'event',
        name: 'journey.start',
        value: { journey: 'bike-register' },
      });
      const titles = (ask?.suggestedActions?.actions ?? []).map((a) => a.title);
      expect(titles.slice(0, 3)).toEqual([...names]);
      // A wrong answer lists the options by the names on the buttons, never by their ids.
      const wrong = (await c.say(wrongly)).join(' ');
      expect(wrong).toContain(names.join(', '));
      expect(wrong).not.toMatch(/\be-bike\b.*\bracing\b|\bcity\b/);
      await c.say(said);
      expect(await heldValue(h, c.subject, 'bike-type')).toBe('e-bike');
    },
  );

  it('still takes the option’s id', async () => {
    h = createHarness({ dialogsDir: 'test/fixtures/bike-insurance' });
    const c = h.conversation('ann', 'nl-NL');
    await c.start('bike-register');
    await c.say('racing');
    expect(await heldValue(h, c.subject, 'bike-type')).toBe('racing');
  });
});
