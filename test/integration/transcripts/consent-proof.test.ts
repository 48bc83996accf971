/**
 * What the ledger proves and what the customer is told, through the real bot: a grant names the
 * ask it answers and carries the hash of its archived words and the TS 27560 receipt fields; a
 * change of value is a rectification; the access answer lists purposes, basis, recipients,
 * retention, source, remembered refusals, the rights and the authority in every language; "Why?"
 * on legitimate interests states the interest; "forget me" says exactly what it keeps, keeps
 * only that, and the bot uses nothing else of the erased history.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { suppressionKeyer, verifyTexts } from '../../../src/consent/index.ts';
import { itemWords, noticeArchiveOf, type Locale } from '../../../src/map/index.ts';
import { createHarness, subjectKey } from '../../helpers/harness.ts';

let h: ReturnType<typeof createHarness>;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const MOBILE: Record<Locale, string> = {
  en: '07911 123456',
  nl: '06 12345678',
  fr: '06 12 34 56 78',
  de: '0151 23456789',
};
const NEW_MOBILE: Record<Locale, string> = {
  en: '07400 123456',
  nl: '06 98765432',
  fr: '06 98 76 54 32',
  de: '0151 98765432',
};
const button = (lng: Locale, key: string) => h.texts.t(lng, `buttons.${key}`);
const itemName = (lng: Locale, item: string) => h.texts.t(lng, `items.${item}.name`, {}, 'map');
const itemForms = (lng: Locale, item: string) => itemWords(h.texts, lng, item);
const command = (lng: Locale, kind: string, item: string) =>
  (h.texts.list(lng, `commands.rights-${kind}`)[0] ?? '').replace('{{item}}', itemName(lng, item));

describe('the consent ledger as proof', () => {
  it('links a grant to its ask, with the hash of the archived words agreed to and the receipt fields', async () => {
    const c = h.conversation('ann', 'en-GB');
    await c.start('order-delivery');
    await c.say('1');
    await c.say(MOBILE.en);
    await c.start('support-callback');
    await c.say('1');
    await c.say(button('en', 'yes'));
    const ledger = await h.consent.ledger(c.subject);
    const byEvent = (e: string, purpose: string) =>
      ledger.find((r) => r.event === e && r.purpose === purpose);
    for (const [given, purpose] of [
      ['granted', 'delivery-sms'],
      ['reused', 'support-callback'],
    ] as const) {
      const asked = byEvent('asked', purpose);
      const grant = byEvent(given, purpose);
      expect(grant).toMatchObject({ askedId: asked?.id, textHash: asked?.textHash });
      expect(grant?.textHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(byEvent('granted', 'delivery-sms')).toMatchObject({
      schemaVersion: 2,
      controller: 'Example Shop B.V.',
      noticeUrl: `http://localhost/privacy?version=${h.map.noticeVersion}`,
      noticeVersion: h.map.noticeVersion,
      basis: 'consent',
      consentType: 'explicit',
      piiCategory: 'user.contact.phone_number',
      expiresAt: new Date('2026-07-01T09:00:00Z'),
      recipients: ['sms-gateway', 'logistics', 'azure-bot-service', 'hosting', 'database'],
      jurisdiction: 'EU',
    });
    expect(byEvent('reused', 'support-callback')).toMatchObject({
      basis: 'contract',
      consentType: 'not-consent',
    });
    // Every text hash, the reuse ask's included (masked value kept as its placeholder), is in the archive.
    const archive = noticeArchiveOf(h.map, h.texts, h.map.noticeVersion);
    expect(verifyTexts(ledger, (v) => (v === h.map.noticeVersion ? archive : undefined))).toEqual({
      breaks: [],
      unarchived: [],
    });
  });

  for (const lng of ['en', 'fr', 'de'] as const)
    it(`records “change my mobile number” as a rectification of each grant, not a new grant (${lng})`, async () => {
      const c = h.conversation('fin', lng);
      await c.start('order-delivery');
      await c.say('1');
      await c.say(MOBILE[lng]);
      const before = (await h.consent.held(c.subject))[0]?.grants[0];
      h.clock.advanceDays(3);
      expect(await c.say(command(lng, 'change', 'mobile'))).toEqual([
        h.texts.t(lng, 'rights.change-ask', { item: itemForms(lng, 'mobile') }),
      ]);
      await c.say(NEW_MOBILE[lng]);
      const ledger = await h.consent.ledger(c.subject);
      expect(ledger.map((r) => r.event)).toEqual(['asked', 'granted', 'rectified']);
      expect(ledger[2]).toMatchObject({
        purpose: 'delivery-sms',
        expiresAt: before?.expiresAt,
        schemaVersion: 2,
      });
    });
});

describe('“why?” on legitimate interests', () => {
  for (const lng of ['en', 'nl', 'fr', 'de'] as const)
    it(`states the interest pursued (${lng})`, async () => {
      const c = h.conversation('why', lng);
      await c.start('order-delivery');
      await c.say('1');
      const [, ask] = await c.say(button(lng, 'decline'));
      expect(ask).toContain(itemName(lng, 'email'));
      const [why] = await c.say(button(lng, 'why'));
      const interest = h.texts.t(lng, 'purposes.delivery-email.interest', {}, 'map');
      expect(why).toContain(
        h.texts.t(lng, 'interest.stated', { basis: h.texts.t(lng, 'basis.legitimate_interests'), interest }),
      );
    });
});

describe('“why do you have my email?” on legitimate interests', () => {
  for (const lng of ['en', 'de'] as const)
    it(`states the interest pursued (${lng})`, async () => {
      const c = h.conversation('wim', lng);
      await c.start('order-delivery');
      await c.say('1');
      await c.say(button(lng, 'decline'));
      await c.say('wim@example.org');
      const [why] = await c.say(command(lng, 'why', 'email'));
      const interest = h.texts.t(lng, 'purposes.delivery-email.interest', {}, 'map');
      const basis = h.texts.t(lng, 'basis.legitimate_interests');
      expect(why).toContain(h.texts.t(lng, 'interest.stated', { basis, interest }));
      if (lng === 'en')
        expect(why).toBe(
          'We hold your email address for: email confirmations of your deliveries, because our legitimate interests, which you may object to (our interest: letting you know by email when your delivery comes, so that someone is there to receive it).',
        );
    });
});

describe('the access answer (Art. 15)', () => {
  /** A customer with a mobile number for delivery SMS who declined the newsletter. */
  async function customer(lng: Locale) {
    const c = h.conversation('ada', lng);
    await c.start('newsletter');
    await c.say(button(lng, 'decline'));
    await c.start('order-delivery');
    await c.say('1');
    await c.say(MOBILE[lng]);
    const [what] = await c.send({ type: 'message', text: button(lng, 'my-data') });
    return what?.text ?? '';
  }

  it('lists source, purpose, basis, retention, recipients, a remembered refusal, the ledger, rights and the authority (nl)', async () => {
    expect(await customer('nl')).toBe(
      [
        'Dit bewaren we van je, dit doen we ermee en dit kun je doen:',
        '• Mobiel nummer (•••• 678): je gaf het ons zelf, in dit gesprek (test), op 1 juni 2026, voor ‘Bezorg mijn bestelling’.',
        '  – Voor sms-bevestigingen van je bezorgingen. Rechtsgrond: je toestemming, die je op elk moment kunt intrekken. Bewaard tot uiterlijk 1 juli 2026, en eerder verwijderd als het 30 dagen niet gebruikt is. Het gaat naar: Example SMS B.V., logistiek platform van Example Shop, Microsoft Ireland Operations Ltd. (Azure Bot Service), Example Hosting B.V., Example Cloud Database GmbH.',
        '• Je liet weten je e-mailadres liever niet te delen voor de maandelijkse nieuwsbrief: we vragen er niet opnieuw naar vóór 30 augustus 2026.',
        'We houden ook bij wat we je vroegen en wat je antwoordde — nooit de gegevens zelf — elke vermelding 5 jaar lang, om te kunnen laten zien waarmee je instemde.',
        'Je kunt een kopie vragen om mee te nemen (‘stuur me mijn gegevens’), iets laten corrigeren (‘wijzig mijn …’), laten verwijderen (‘verwijder mijn …’, ‘vergeet mij’), het gebruik laten beperken, of bezwaar maken (‘stop met het gebruik van mijn …’). Je kunt ook altijd een klacht indienen bij Autoriteit Persoonsgegevens (https://autoriteitpersoonsgegevens.nl); je hoeft niet eerst contact met ons op te nemen. Vragen: privacy@example-shop.test; onze functionaris voor gegevensbescherming: dpo@example-shop.test.',
      ].join('\n'),
    );
  });

  it.each([
    [
      'fr',
      '• Numéro de mobile (•••• 678) : source : vous-même, dans le chat (test), le 1er juin 2026, pour « Livrer ma commande ».',
      '• Vous nous avez dit préférer ne pas partager votre adresse e-mail pour la newsletter mensuelle : nous ne vous poserons plus la question avant le 30 août 2026.',
      'Vous pouvez aussi à tout moment introduire une réclamation auprès d’Autoriteit Persoonsgegevens (https://autoriteitpersoonsgegevens.nl) ; vous n’avez pas besoin de nous contacter d’abord.',
    ],
    [
      'de',
      '• Handynummer (•••• 789): von Ihnen selbst angegeben, im Chat (test) am 1. Juni 2026, für „Bestellung liefern lassen“.',
      '• Sie möchten Ihre E-Mail-Adresse für den monatlichen Newsletter lieber nicht angeben: Wir fragen nicht vor dem 30. August 2026 erneut danach.',
      'Sie können sich außerdem jederzeit bei Autoriteit Persoonsgegevens (https://autoriteitpersoonsgegevens.nl) beschweren; Sie müssen sich nicht zuerst an uns wenden.',
    ],
  ] as const)('says the same in %s', async (lng, source, refusal, complaint) => {
    const what = await customer(lng);
    const lines = what.split('\n');
    expect(lines[0]).toBe(h.texts.t(lng, 'access.intro'));
    expect(lines).toContain(source);
    expect(lines).toContain(refusal);
    expect(what).toContain(complaint);
    // The recipients: the providers and the business's own system that receives the purpose, named in the language.
    const logistics = {
      fr: 'plateforme logistique d’Example Shop',
      de: 'Logistikplattform von Example Shop',
    }[lng];
    expect(what).toContain(
      `Example SMS B.V., ${logistics}, Microsoft Ireland Operations Ltd. (Azure Bot Service)`,
    );
  });

  it('puts the same report in the portable copy', async () => {
    const c = h.conversation('exp', 'en');
    await c.start('order-delivery');
    await c.say('1');
    await c.say(MOBILE.en);
    const [reply] = await c.send({ type: 'message', text: 'send me my data' });
    const url = reply?.attachments?.[0]?.contentUrl ?? '';
    const data = JSON.parse(Buffer.from(url.split(',')[1] ?? '', 'base64').toString()) as {
      access: {
        items: { purposes: { recipients: { id: string }[]; until: string }[] }[];
        authority: { name: string };
      };
    };
    expect(data.access.authority.name).toBe('Autoriteit Persoonsgegevens');
    expect(data.access.items[0]?.purposes[0]).toMatchObject({ until: '2026-07-01T09:00:00.000Z' });
    expect(data.access.items[0]?.purposes[0]?.recipients.map((r) => r.id)).toContain('sms-gateway');
  });
});

describe('“forget me”', () => {
  /** Never ask for the birthday; object to delivery emails; decline the newsletter. */
  async function history(lng: Locale) {
    const c = h.conversation('eva', lng);
    await c.say(
      h.texts.list(lng, 'commands.never-item')[0]?.replace('{{item}}', itemName(lng, 'birthday')) ?? '',
    );
    await c.start('order-delivery');
    await c.say('1');
    await c.say(button(lng, 'decline'));
    await c.say(`eva@example.org`);
    await c.say(command(lng, 'stop', 'email'));
    await c.say(h.texts.t(lng, 'withdrawal.confirm-button'));
    await c.start('newsletter');
    await c.say(button(lng, 'decline'));
    return c;
  }

  it('says exactly what it keeps, in English and German, and keeps only that', async () => {
    for (const lng of ['en', 'de'] as const) {
      const c = await history(lng);
      expect((await h.consent.held(c.subject)).map((x) => x.item)).toEqual([]);
      const wishes = h.texts.t(lng, 'erasure.wishes', {
        list: `${h.texts.t(lng, 'erasure.never', { items: itemName(lng, 'birthday') })} ${h.texts.t(lng, 'list.and')} ${h.texts.t(lng, 'erasure.objection', { item: itemForms(lng, 'email'), description: h.texts.t(lng, 'purposes.delivery-email.description', {}, 'map') })}`,
      });
      const [confirm] = await c.say(button(lng, 'forget'));
      expect(confirm).toBe(h.texts.t(lng, 'erasure.confirm', { wishes }));
      if (lng === 'en')
        expect(confirm).toBe(
          "Delete everything we hold about you? Your data, this conversation's history and our record of what we asked you and what you answered will go. We keep only a note that you had your data deleted, and — under a code that doesn't name you, so that we keep respecting it if you come back — that you asked us never to ask for your date of birth and that you objected to the use of your email address for email confirmations of your deliveries. This can't be undone.",
        );
      expect(await c.say(button(lng, 'yes-delete'))).toEqual([h.texts.t(lng, 'erasure.done', { wishes })]);
      expect(await h.consent.ledger(c.subject)).toEqual([]);
      expect(await h.store.suppressions.get(suppressionKeyer(subjectKey)(c.subject))).toMatchObject({
        neverAsk: ['birthday'],
        objections: ['email:delivery-email'],
      });
    }
  });

  it('afterwards no longer claims a record of the erased history', async () => {
    const c = await history('en');
    await c.say(button('en', 'forget'));
    await c.say(button('en', 'yes-delete'));
    const [what] = await c.say(button('en', 'my-data'));
    const ledgerLine = h.texts.t('en', 'access.ledger', { retention: '5 years' });
    expect(what).not.toContain(ledgerLine.slice(0, 30));
    expect(what).toContain('never to ask for');
  });

  it('afterwards asks again what was declined, honours the never-ask and the objection, and forgets old asks', async () => {
    const c = await history('en');
    await c.say('forget me');
    await c.say('Yes, delete');
    // The newsletter "no thanks" is forgotten: asked again, no "You told us you'd rather not share…".
    const newsletter = await c.start('newsletter');
    expect(newsletter.join(' ')).not.toContain('rather not share');
    expect(newsletter.at(-1)).toContain("what's your email address?");
    await c.say('No thanks');
    // The never-ask stands.
    expect((await c.start('birthday-offer')).join(' ') + (await c.say('Yes please')).join(' ')).toContain(
      "You asked us never to ask for your date of birth, so I won't.",
    );
    const [, ...access] = (await c.say('what do you know about me?'))[0]?.split('\n') ?? [];
    expect(access).toContain(
      '• You asked us never to ask for your date of birth, until you tell us otherwise.',
    );
    expect(access).toContain(
      '• You objected to the use of your email address for email confirmations of your deliveries.',
    );
    // Told once, as the objection it is (only the new newsletter "no thanks" is a refusal).
    expect(access.filter((l) => l.includes('rather not share'))).toEqual([
      expect.stringContaining('for the monthly newsletter'),
    ]);
  });

  it('no longer counts asks from before it against the question budget', async () => {
    // The budget is 3 optional questions a week: the newsletter, the SMS and the email used it up.
    const c = h.conversation('bud', 'en');
    await c.start('newsletter');
    await c.say('No thanks');
    await c.start('order-delivery');
    await c.say('1');
    await c.say('No thanks');
    await c.say('No thanks');
    await c.start('birthday-offer');
    const over = await c.say('Yes please');
    expect(over.join(' ')).not.toContain('date of birth?');
    await c.say('forget me');
    await c.say('Yes, delete');
    await c.start('birthday-offer');
    const [ask] = await c.send({ type: 'message', text: 'Yes please' });
    expect(ask?.channelData).toMatchObject({ justask: { kind: 'ask', item: 'birthday' } });
  });
});
