/**
 * SMS end to end: no buttons, so options are numbered in the text and the words to type for Why?
 * / No thanks / Ask me later are said, in the customer's language; "2" and "why" work; the
 * sender's own number is offered masked (`ask-known`), never taken, and stored only on "yes" with
 * the ledger naming the channel as its source. Every ask stays within a bound of SMS segments.
 */
import type { Activity } from 'botbuilder';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyTexts } from '../../../src/consent/index.ts';
import { noticeArchiveOf } from '../../../src/map/index.ts';
import { createHarness } from '../../helpers/harness.ts';
import { smsSegments } from '../../helpers/sms-segments.ts';

let h: ReturnType<typeof createHarness> | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const SENDER = '+31612340188';
const meta = (a: Partial<Activity> | undefined) =>
  (a?.channelData as { justask?: { kind: string; item: string } } | undefined)?.justask;
const last = <T>(xs: readonly T[]): T | undefined => xs[xs.length - 1];

/**
 * The most segments one ask may cost. An ask must carry its purpose, retention and the right to
 * say no at the point of collection (GDPR Art. 13), which takes 200–300 characters: two GSM-7
 * segments (306 septets). The offer of the sender's number shows it masked with "•", which only
 * UCS-2 carries (67 per segment), and is worded short to fit three. Three is also where handsets
 * start to show concatenated parts out of order and the cost per ask triples: the ceiling.
 */
const MAX_SEGMENTS_PER_ASK = 3;

describe('an SMS conversation, end to end', () => {
  it('numbers the menu and takes a number as the task it names, in every language', async () => {
    h = createHarness();
    const second = [...h.map.journeys.keys()][1] ?? '';
    for (const [i, tag] of ['en-GB', 'nl-NL', 'fr-FR', 'de-DE'].entries()) {
      const c = h.conversation(`+3161234010${i}`, tag, `sms-menu-${i}`, 'sms');
      const [menu] = await c.send({ type: 'message', text: 'help' });
      expect(menu?.text).toContain(`2. ${h.texts.t(c.lng, `journeys.${second}.title`, {}, 'map')}`);
      // "2" is what starting the second journey says, to another customer of the same language.
      const other = h.conversation(`+3161234020${i}`, tag, `sms-menu-other-${i}`, 'sms');
      expect(await c.say('2')).toEqual(await other.start(second));
    }
  });

  it('numbers the options, takes “2”, offers the sender’s number masked and stores it only on “yes”', async () => {
    h = createHarness();
    const c = h.conversation(SENDER, 'en-GB', 'sms-1', 'sms');
    const [slot] = await c.send({ type: 'message', text: 'deliver my order' });
    expect(slot?.text).toBe('When would you like your order delivered?\n1. Morning 2. Afternoon 3. Evening');
    expect(slot?.suggestedActions).toBeUndefined();

    const [offer] = await c.send({ type: 'message', text: '2' });
    expect(meta(offer)).toMatchObject({ kind: 'ask-known', item: 'mobile' });
    expect(offer?.text).toContain('•••• 188');
    expect(offer?.text).not.toContain(SENDER);
    expect(offer?.text).toMatch(/Reply "Yes", "Another number", "No thanks" or "Why\?"\.$/);
    expect(offer?.suggestedActions).toBeUndefined();
    expect(await h.consent.held(c.subject)).toEqual([]);

    const why = await c.say('why');
    expect(why[0]).toMatch(/^We ask for your mobile number/);
    // The offer comes back as it was, the number masked (not the question to reuse a held value).
    expect(why.at(-1)).toContain('•••• 188');

    const saved = await c.say('yes');
    expect(saved.join(' ')).toContain('in the afternoon');
    const [held] = await h.consent.held(c.subject);
    expect(held && h.consent.reveal(held)).toBe(SENDER);
    const granted = (await h.consent.ledger(c.subject)).filter((r) => r.event === 'granted');
    expect(granted.map((r) => [r.item, r.purpose, r.source, r.channel])).toEqual([
      ['mobile', 'delivery-sms', 'channel', 'sms'],
    ]);
    // The offer's wording is archived with the notice: its hash in the ledger can be verified.
    const { map, texts } = h;
    const archive = noticeArchiveOf(map, texts, map.noticeVersion);
    const ledger = await h.consent.ledger(c.subject);
    expect(verifyTexts(ledger, (v) => (v === map.noticeVersion ? archive : undefined))).toEqual({
      breaks: [],
      unarchived: [],
    });
  });

  it.each(['en-GB', 'nl-NL', 'fr-FR', 'de-DE'] as const)(
    '%s: the “another number” button asks for a number, whatever the intents would read into it',
    async (locale) => {
      h = createHarness();
      const c = h.conversation(SENDER, locale, `sms-another-${locale}`, 'sms');
      await c.start('order-delivery');
      await c.say('1');
      const lng = locale.slice(0, 2) as 'en' | 'nl' | 'fr' | 'de';
      const ask = await c.send({ type: 'message', text: h.texts.t(lng, 'values.buttons.another-number') });
      expect(meta(last(ask))).toMatchObject({ kind: 'ask', item: 'mobile' });
    },
  );

  it('takes another number instead: asked for, typed, stored without the channel as source', async () => {
    h = createHarness();
    const c = h.conversation(SENDER, 'nl-NL', 'sms-2', 'sms');
    await c.start('order-delivery');
    await c.say('1');
    const ask = await c.send({ type: 'message', text: 'ander nummer' });
    expect(meta(last(ask))).toMatchObject({ kind: 'ask', item: 'mobile' });
    await c.say('06 12345678');
    const [held] = await h.consent.held(c.subject);
    expect(held && h.consent.reveal(held)).toBe('+31612345678');
    const granted = (await h.consent.ledger(c.subject)).filter((r) => r.event === 'granted');
    expect(granted.map((r) => r.source)).toEqual([undefined]);
  });

  it.each([
    ['en-GB', 'no thanks', 'Reply "Why?", "No thanks", "Ask me later" or "Never ask for my mobile number".'],
    [
      'nl-NL',
      'nee dank je',
      'Antwoord "Waarom?", "Nee, bedankt", "Vraag het later" of "Vraag nooit meer naar mijn mobiele nummer".',
    ],
    [
      'fr-FR',
      'non merci',
      'Répondez "Pourquoi ?", "Non merci", "Demandez-moi plus tard" ou "Ne plus me demander mon numéro de mobile".',
    ],
    [
      'de-DE',
      'nein danke',
      'Antworten Sie "Warum?", "Nein, danke", "Später fragen" oder "Nie wieder nach meiner Handynummer fragen".',
    ],
  ])(
    '%s: a “%s” to the offer stores nothing; the next ask says the words to type',
    async (locale, no, words) => {
      h = createHarness();
      const c = h.conversation(SENDER, locale, `sms-${locale}`, 'sms');
      await c.start('order-delivery');
      await c.say('3');
      const next = await c.send({ type: 'message', text: no });
      expect(meta(last(next))).toMatchObject({ kind: 'ask', item: 'email' });
      expect(last(next)?.text?.split('\n').pop()).toBe(words);
      expect(await h.consent.held(c.subject)).toEqual([]);
      expect((await h.consent.ledger(c.subject)).map((r) => [r.event, r.item])).toContainEqual([
        'declined',
        'mobile',
      ]);
    },
  );

  it.each([
    ['whatsapp', 'whatsapp:+31612340188', '+31612340188', '•••• 188'],
    ['sms', '+15555550188', '+15555550188', '•••• 188'],
  ])('%s: offers the sender %s and stores %s on “yes”', async (channel, from, stored, masked) => {
    h = createHarness();
    const c = h.conversation(from, 'en-US', `known-${channel}`, channel);
    await c.start('order-delivery');
    const [offer] = await c.send({ type: 'message', text: 'the first one' });
    expect(meta(offer)).toMatchObject({ kind: 'ask-known', item: 'mobile' });
    expect(offer?.text).toContain(masked);
    await c.say('yep');
    const [held] = await h.consent.held(c.subject);
    expect(held && h.consent.reveal(held)).toBe(stored);
  });

  it('offers nothing where the channel does not vouch for the number: a plain ask on other channels', async () => {
    h = createHarness();
    const c = h.conversation(SENDER, 'en-GB', 'test-1', 'test');
    await c.start('order-delivery');
    expect(meta(last(await c.send({ type: 'message', text: '1' })))).toMatchObject({ kind: 'ask' });
    const s = h.conversation('not-a-number', 'en-GB', 'sms-x', 'sms');
    await s.start('order-delivery');
    expect(meta(last(await s.send({ type: 'message', text: '1' })))).toMatchObject({ kind: 'ask' });
  });

  it(`keeps every ask within ${MAX_SEGMENTS_PER_ASK} SMS segments, in every language`, async () => {
    h = createHarness();
    const costs: { locale: string; kind: string; segments: number; encoding: string }[] = [];
    for (const [i, locale] of ['en-GB', 'nl-NL', 'fr-FR', 'de-DE'].entries()) {
      const asks: Partial<Activity>[] = [];
      const c = h.conversation(`+3161234010${i}`, locale, `sms-cost-${locale}`, 'sms');
      const keep = (xs: Partial<Activity>[]) => asks.push(...xs.filter((a) => meta(a)));
      await c.start('order-delivery');
      keep(await c.send({ type: 'message', text: '1' }));
      keep(await c.send({ type: 'message', text: 'x' }));
      keep(await c.send({ type: 'message', text: 'no' }));
      keep(await c.send({ type: 'message', text: 'x@' }));
      keep(await c.send({ type: 'message', text: 'ann@gmial.com' }));
      const b = h.conversation(`+3161234020${i}`, locale, `sms-cost-b-${locale}`, 'sms');
      await b.start('birthday-offer');
      keep(await b.send({ type: 'message', text: '1' }));
      keep(await b.send({ type: 'message', text: '05/06/90' }));
      expect(asks.length).toBeGreaterThanOrEqual(6);
      for (const a of asks) costs.push({ locale, kind: meta(a)?.kind ?? '', ...smsSegments(a.text ?? '') });
    }
    expect(costs.filter((x) => x.segments > MAX_SEGMENTS_PER_ASK)).toEqual([]);
    // Plain asks are GSM-7: the typographic quotes and accents SMS lacks are sent as their plain twins
    // (in UCS-2 the same asks would take 4–5 segments).
    expect(costs.filter((x) => x.kind === 'ask' && x.segments > MAX_SEGMENTS_PER_ASK)).toEqual([]);
    expect(costs.filter((x) => x.kind === 'ask' && x.encoding !== 'GSM-7')).toEqual([]);
  });
});

describe('channels configured as text-only', () => {
  it('numbers the options on a channel listed in TEXT_ONLY_CHANNELS, and shows buttons elsewhere', async () => {
    h = createHarness({ textOnlyChannels: ['directline'] });
    const plain = h.conversation('ann', 'de-DE', 'dl-1', 'directline');
    const [slot] = await plain.send({
      type: 'event',
      name: 'journey.start',
      value: { journey: 'order-delivery' },
    });
    expect(slot?.text).toBe(
      'Wann möchten Sie Ihre Bestellung geliefert bekommen?\n1. Vormittag 2. Nachmittag 3. Abend',
    );
    expect(slot?.suggestedActions).toBeUndefined();
    const ask = await plain.send({ type: 'message', text: 'die zweite' });
    expect(meta(last(ask))).toMatchObject({ kind: 'ask', item: 'mobile' });
    expect(last(ask)?.text).toContain('„Warum?“');

    const web = h.conversation('bob', 'de-DE', 'wc-1', 'webchat');
    const [buttons] = await web.send({
      type: 'event',
      name: 'journey.start',
      value: { journey: 'order-delivery' },
    });
    expect(buttons?.suggestedActions?.actions.map((a) => a.title)).toEqual([
      'Vormittag',
      'Nachmittag',
      'Abend',
    ]);
  });
});
