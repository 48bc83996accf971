/**
 * Every text of every locale, rendered with every item, purpose, recipient and choice of the
 * shipped map, reads as written by a native speaker's hand: no leftover placeholder, no
 * "Ihre Angabe (…)" / "cette information (…)" fallback, no doubled punctuation after a name that
 * ends in ".", French elided wherever a placeholder brings a vowel, and no English left where a
 * name is declared per language. The notice, the RoPA and the bot's composed asks are checked too.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskValue } from '../../../src/consent/index.ts';
import {
  askReuseText,
  askText,
  buildRopa,
  fillItem,
  formatDate,
  formatDuration,
  itemWords,
  loadMapOrThrow,
  nameIn,
  needSites,
  noticeMarkdown,
  providedText,
  reusedText,
  SHIPPED_LOCALES,
  whyText,
  type Catalog,
  type LocalName,
  type Locale,
  type Namespace,
} from '../../../src/map/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
const { catalog } = map;
const itemIds = Object.keys(catalog.items);
const purposeIds = Object.keys(catalog.purposes);
const journeys = [...map.journeys.values()];

/** Keys whose strings are patterns to recognise, not texts to show. */
const NOT_SHOWN = /^(commands\.|journeys\.[^.]+\.triggers|items\.)/;

/** Every shown string key of a namespace file in `lng`. */
function keysOf(lng: Locale, ns: Namespace): string[] {
  const file = texts.files.get(`${lng}/${ns}`);
  if (!file) return [];
  const walk = (v: unknown, prefix: string): string[] =>
    typeof v === 'string'
      ? [prefix]
      : v && typeof v === 'object' && !Array.isArray(v)
        ? Object.entries(v).flatMap(([k, x]) => walk(x, prefix ? `${prefix}.${k}` : k))
        : [];
  return walk(JSON.parse(readFileSync(file, 'utf8')), '')
    .filter((k) => !NOT_SHOWN.test(k))
    .map((k) => k.replace(/_(zero|one|two|few|many|other)$/, ''));
}

const names = (name: LocalName, lng: Locale) => nameIn(name, lng);
const choicePhrases = (lng: Locale, stepId: string): string[] =>
  journeys.flatMap((j) =>
    (j.steps[stepId]?.choice?.options ?? []).map((o) => texts.t(lng, o.phrase ?? o.label, {}, 'map')),
  );
const durations = ['P1D', 'P7D', 'P30D', 'P1M', 'P1W', 'P1Y', 'P2Y', 'P1Y6M'];

/** The values each placeholder takes: every item, purpose, name and duration the map has. */
function samples(lng: Locale, catalogue: Catalog, i: number): Record<string, unknown> {
  const item = itemIds[i % itemIds.length] ?? 'email';
  const purpose = purposeIds[i % purposeIds.length] ?? 'newsletter';
  const p = catalogue.purposes[purpose];
  const pick = <T>(xs: readonly T[]): T | undefined => xs[i % Math.max(xs.length, 1)];
  const providerNames = Object.values(catalogue.providers).map((x) => names(x.name, lng));
  const description = texts.t(lng, `purposes.${purpose}.description`, {}, 'map');
  const controller = names(catalogue.controller.name, lng);
  const duration = formatDuration(texts, lng, pick(durations) ?? 'P1Y');
  const journey = texts.t(lng, `journeys.${pick(journeys)?.id ?? ''}.title`, {}, 'map');
  const type = catalogue.items[item]?.type ?? 'text';
  const masked = maskValue(type, type === 'date' ? '1990-05-01' : '+447911123456', lng);
  return {
    item: itemWords(texts, lng, item),
    items: itemIds.map((x) => itemWords(texts, lng, x).name).join(', '),
    reason: texts.t(lng, `purposes.${purpose}.reason`, {}, 'map'),
    description,
    descriptions: description,
    retention: formatDuration(texts, lng, p?.retention ?? 'P1Y'),
    giveBack: formatDuration(texts, lng, p?.giveBackAfter ?? 'P1Y'),
    ...Object.fromEntries(
      ['state', 'references', 'ledger', 'analytics', 'quiet', 'window', 'count'].map((k) => [k, duration]),
    ),
    count: (i % 3) + 1,
    controller,
    name: pick([controller, ...providerNames]),
    names: providerNames.join(', '),
    recipients: i % 2 ? providerNames.join(', ') : texts.t(lng, 'why.no-recipients', { controller }),
    provider: pick(providerNames),
    basis: texts.t(lng, `basis.${p?.basis ?? 'consent'}`),
    masked,
    mobile: maskValue('phone', '+447911123456', lng),
    email: maskValue('email', 'ada@example.test', lng),
    since: formatDate(lng, new Date('2026-12-01T00:00:00Z')),
    until: formatDate(lng, new Date('2027-01-11T00:00:00Z')),
    journey,
    journeys: `“${journey}”`,
    step: journey,
    slot: pick(choicePhrases(lng, 'slot')),
    nextSlot: pick(choicePhrases(lng, 'slot')),
    current: journey,
    next: journey,
    topic: pick(choicePhrases(lng, 'topic')),
    purposes: description,
    notice: 'https://shop.example/privacy?lang=' + lng,
    options: choicePhrases(lng, 'slot').join(', '),
    min: 2,
    max: 40,
    version: 'n-0123456789ab',
    contact: catalogue.controller.contact,
    dpo: catalogue.controller.dpo,
    authority: catalogue.controller.authority.name,
    url: catalogue.controller.authority.url,
    law: 'GDPR',
    decline: texts.t(lng, 'buttons.decline'),
    point: 'a',
    article: 'Art. 6(1)(a)',
    safeguard: texts.t(lng, 'safeguard.adequacy', { law: 'GDPR' }, 'notice'),
    reference: '',
    country: 'Ireland',
    role: texts.t(lng, 'role.processor', {}, 'notice'),
    service: texts.t(lng, 'service.channel', {}, 'notice'),
    transfers: texts.t(lng, 'value.no-transfers', {}, 'notice'),
    // Values the answer readers (dates, e-mail typos, text-only channels) and the access and
    // erasure answers put in.
    date: formatDate(lng, new Date('1990-05-17T00:00:00Z')),
    suggestion: 'ada@gmail.com',
    channel: 'webchat',
    example: formatDate(lng, new Date('1990-05-17T00:00:00Z')),
    word: texts.t(lng, 'buttons.decline'),
    words: texts.t(lng, 'buttons.decline'),
    source: texts.t(lng, 'access.source-plain', {
      date: formatDate(lng, new Date('2026-12-01T00:00:00Z')),
      channel: 'webchat',
    }),
    wishes: texts.t(lng, 'erasure.wishes', { list: description }),
    list: description,
    interest: description,
    text: journey,
  };
}

/** Every rendering of every key of every namespace in `lng`: each item, purpose and name in turn. */
function renderAll(lng: Locale, catalogue: Catalog = catalog): { key: string; text: string }[] {
  const rounds = Math.max(itemIds.length, purposeIds.length, Object.keys(catalogue.providers).length + 1);
  const vars = Array.from({ length: rounds }, (_, i) => samples(lng, catalogue, i));
  const out: { key: string; text: string }[] = [];
  for (const ns of ['bot', 'map', 'notice'] as const) {
    for (const key of new Set(keysOf(lng, ns))) {
      for (const v of vars) out.push({ key: `${ns}:${key}`, text: texts.t(lng, key, v, ns) });
    }
  }
  for (const { need } of needSites(map.journeys.values())) {
    out.push({ key: 'ask', text: askText(texts, lng, catalogue, need) });
    out.push({ key: 'ask-reuse', text: askReuseText(texts, lng, catalogue, need, '•••• 456') });
    out.push({ key: 'why', text: whyText(texts, lng, catalogue, need, 'https://shop.example/privacy') });
    out.push({ key: 'provided', text: providedText(texts, lng, catalogue, need, '•••• 456') });
    out.push({ key: 'reused', text: reusedText(texts, lng, catalogue, need) });
  }
  const content = { ...map, catalog: catalogue };
  out.push(
    ...noticeMarkdown(content, texts, lng, 'n-TEST')
      .split('\n')
      .map((text) => ({ key: 'notice', text })),
  );
  out.push({ key: 'ropa', text: JSON.stringify(buildRopa(content, texts, 'n-TEST', lng)) });
  return out;
}

/** A French word that takes an elided "de", "le", "que"… before it: a vowel or a mute h. */
const ELIDES =
  /^([aàâäeéèêëiîïoôöuùûüœæ]|h(ébergement|ébergeur|abit|eure|istoire|omme|onneur|ôtel|uile|umain|oraire))/i;
const KEEPS = /^(onze|oui|yaourt|yacht|yoga|h)$/i;
const missingElision = (text: string): string[] =>
  [
    ...text.matchAll(/(?<![\p{L}’'-])(de|le|la|que|ne|je|ce|me|te|se|du|au) +([\p{L}][\p{L}-]*)/giu),
    ...text.matchAll(/(?<![\p{L}’'-])(si) +(ils?)(?![\p{L}])/giu),
  ]
    .filter((m) => (m[1]?.toLowerCase() === 'si' ? true : ELIDES.test(m[2] ?? '') && !KEEPS.test(m[2] ?? '')))
    .map((m) => m[0]);

const DOUBLED = /(?<!\.)\.\.(?!\.)|[!?]\.|,\s*[,.]|\s[.,](?=\s|$)|;\s*;/;
/** The generic stand-ins the old texts put before an item's name in brackets. */
const FALLBACK = /\b(Angabe|diese(?:r)? Angabe|cette information|deze gegevens)\s*\(/i;
const rendered = new Map(SHIPPED_LOCALES.map((lng) => [lng, renderAll(lng)]));
const shown = (r: { key: string; text: string }) => `${r.key}: ${r.text.slice(0, 300)}`;

describe('native wording in every locale, with every item, purpose and name', () => {
  it.each(SHIPPED_LOCALES)('%s: no leftover placeholder, fallback or doubled punctuation', (lng) => {
    const all = rendered.get(lng) ?? [];
    expect(all.length).toBeGreaterThan(500);
    const bad = (re: RegExp) => all.filter((r) => re.test(r.text)).map(shown);
    expect(bad(/\{\{|\}\}|\bundefined\b|\[object Object\]/)).toEqual([]);
    expect(bad(FALLBACK)).toEqual([]);
    expect(bad(DOUBLED)).toEqual([]);
    const itemsInBrackets = itemIds.flatMap((id) => {
      const { name } = itemWords(texts, lng, id);
      return all.filter((r) => r.text.includes(`(${name}`) && r.key !== 'notice');
    });
    expect(itemsInBrackets.map(shown)).toEqual([]);
  });

  it('fr: elides before every vowel a placeholder brings (d’Example Shop, d’un an, l’adresse)', () => {
    const fr = rendered.get('fr') ?? [];
    const missing = fr.flatMap((r) => missingElision(r.text).map((m) => `${r.key}: “${m}” in ${r.text}`));
    expect(missing).toEqual([]);
    const all = fr.map((r) => r.text).join('\n');
    expect(all).toContain('d’Example Shop');
    expect(all).toContain('au bout d’un an');
    expect(all).not.toMatch(/\b1 (an|mois|jour)\b/);
  });

  it('en: "an" before a vowel sound, not "a"', () => {
    const bad = (rendered.get('en') ?? []).filter((r) => /\ba [aeio]/i.test(r.text));
    expect(bad.map(shown)).toEqual([]);
  });

  it('keeps no English in nl, fr and de where a name is declared per language', () => {
    const translated: LocalName = {
      en: 'Order system',
      nl: 'Bestelsysteem',
      fr: 'Système de commande',
      de: 'Bestellsystem',
    };
    const controller: LocalName = {
      en: 'Acme Shop Ltd.',
      nl: 'Acme Winkel B.V.',
      fr: 'Acme Boutique SARL',
      de: 'Acme Laden GmbH',
    };
    const variant: Catalog = {
      ...catalog,
      controller: { ...catalog.controller, name: controller },
      providers: {
        ...catalog.providers,
        orders: { name: translated, role: 'processor', service: 'other', country: 'NL', transfers: [] },
      },
      purposes: Object.fromEntries(
        Object.entries(catalog.purposes).map(([id, p]) => [
          id,
          { ...p, recipients: [...p.recipients, 'orders'] },
        ]),
      ),
    };
    const englishNames = [
      translated.en,
      controller.en,
      ...Object.values(catalog.purposes).flatMap((p) =>
        [p.department, p.balancing ?? ''].flatMap((n) => (typeof n === 'string' ? [] : [n.en])),
      ),
    ];
    for (const lng of ['nl', 'fr', 'de'] as const) {
      const own = new Set([
        nameIn(translated, lng),
        nameIn(controller, lng),
        ...Object.values(catalog.purposes).flatMap((p) => [
          nameIn(p.department, lng),
          p.balancing ? nameIn(p.balancing, lng) : '',
        ]),
      ]);
      const out = renderAll(lng, variant);
      const leaks = out.filter((r) => englishNames.some((n) => !own.has(n) && r.text.includes(n)));
      expect(leaks.map(shown)).toEqual([]);
      const all = out.map((r) => r.text).join('\n');
      expect(all).toContain(nameIn(translated, lng));
      expect(all).toContain(nameIn(controller, lng));
    }
  });

  it.each(SHIPPED_LOCALES)('%s: buttons made from the customer’s own phrases read natively', (lng) => {
    const kinds = ['delete', 'clear-never', 'stop', 'change', 'why'];
    const buttons = kinds.flatMap((k) =>
      itemIds.map((id) =>
        fillItem(texts.list(lng, `commands.rights-${k}`)[0] ?? '', itemWords(texts, lng, id)),
      ),
    );
    expect(buttons.filter((b) => /\{\{|\(|^$/.test(b) || missingElision(b).length > 0)).toEqual([]);
  });

  it('ends a sentence once after a name ending in a full stop ("Example Shop B.V.")', () => {
    for (const lng of SHIPPED_LOCALES) {
      const text = texts.t(lng, 'why.text', { ...samples(lng, catalog, 0), recipients: 'Example Shop B.V.' });
      expect(text).toContain('Example Shop B.V. ');
      expect(text).not.toContain('B.V..');
    }
  });
});
