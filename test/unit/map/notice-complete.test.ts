/**
 * The sample map's privacy notice and record of processing in every shipped language: every
 * item of GDPR Art. 13(1)–(2) answered, the assistant's own processing and every provider
 * named, step names instead of ids, no placeholder or text key left over, and no English in
 * the Dutch, French and German documents beyond the names the catalog declares.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ART13_ITEMS,
  buildRopa,
  loadMapOrThrow,
  nameIn,
  needSites,
  noticeMarkdown,
  OWN_ACTIVITIES,
  ropaCsv,
  SHIPPED_LOCALES,
  type LocalName,
  type Locale,
} from '../../../src/map/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
const { catalog } = map;
const namesOf = (name: LocalName): string[] => (typeof name === 'string' ? [name] : Object.values(name));
const notice = (lng: Locale) => noticeMarkdown(map, texts, lng, map.noticeVersion);
const t = (lng: Locale, key: string) => texts.t(lng, key, {}, 'notice');

/** What the catalog declares in its own words (names, addresses, references, ids, notes). */
const declared = [
  ...Object.values(catalog.providers).flatMap((p) => [
    ...namesOf(p.name),
    ...p.transfers.map((x) => x.reference ?? ''),
  ]),
  ...Object.values(catalog.purposes).flatMap((p) => [
    ...(p.balancing ? namesOf(p.balancing) : []),
    ...namesOf(p.department),
    p.use,
  ]),
  ...namesOf(catalog.controller.name),
  catalog.controller.address,
  catalog.controller.authority.name,
].filter((s) => s !== '');

/** The text with declared names, addresses, emails and links taken out. */
const ownWords = (text: string) =>
  declared
    .reduce((s, d) => s.split(d).join(' '), text)
    .replace(/https?:\/\/\S+|[\w.+-]+@[\w.-]+/g, ' ')
    .replace(/\b(?:user|essential|marketing)(?:\.[a-z_]+)+/g, ' ');

const ENGLISH = /\b(the|and|your|you|our|with|which|for|data|step|what|who|when)\b/i;
const LEFTOVER =
  /\{\{|\}\}|\bundefined\b|\b(?:own|field|value|ropa|role|service|safeguard|controller)\.[a-z-]+\b/;

describe.each(SHIPPED_LOCALES)('the privacy notice in %s', (lng) => {
  const text = notice(lng);

  it.each(Object.entries(ART13_ITEMS))('answers Art. %s', (_item, key) => {
    expect(t(lng, key)).not.toBe(key);
    expect(text).toContain(t(lng, key));
  });

  it('names the controller with postal address, the DPO and every provider with role and country', () => {
    expect(text).toContain(catalog.controller.address);
    expect(text).toContain(catalog.controller.dpo);
    for (const p of Object.values(catalog.providers)) {
      const line = text.split('\n').find((l) => l.startsWith(`- ${nameIn(p.name, lng)}`)) ?? '';
      expect(line).toContain(t(lng, `role.${p.role}`));
      expect(line).toContain(t(lng, `service.${p.service}`));
      expect(text).toContain(new Intl.DisplayNames([lng], { type: 'region' }).of(p.country));
    }
  });

  it('describes what the assistant records by itself', () => {
    for (const a of OWN_ACTIVITIES) expect(text).toContain(`### ${t(lng, `own.${a.id}.heading`)}`);
  });

  it('states the legitimate interest of delivery e-mails', () => {
    expect(text).toContain(texts.t(lng, 'purposes.delivery-email.interest', {}, 'map'));
  });

  it('names steps as customers know them, never by id', () => {
    for (const { journey, step } of needSites(map.journeys.values())) {
      expect(text).toContain(texts.t(lng, `journeys.${journey.id}.steps.${step}`, {}, 'map'));
      expect(text).not.toMatch(new RegExp(`[“„«]\\s?${step}\\s?[”“»]`));
    }
  });

  it('says the right to complain needs no contact with us first', () => {
    const { authority, dpo } = catalog.controller;
    expect(text).toContain(
      texts.t(lng, 'complaint.text', { authority: authority.name, url: authority.url, dpo }, 'notice'),
    );
    expect(t(lng, 'complaint.text')).not.toMatch(
      /\b(first|eerst|d’abord|zuerst)\b[^—]*(functionaris|délégué|Datenschutzbeauftragte|data protection officer)/,
    );
  });

  it('leaves no placeholder or text key behind', () => {
    expect(text).not.toMatch(LEFTOVER);
  });

  it.skipIf(lng === 'en')('has no English beyond the names the catalog declares', () => {
    expect(ownWords(text)).not.toMatch(ENGLISH);
  });
});

describe.each(SHIPPED_LOCALES)('the record of processing in %s', (lng) => {
  const ropa = buildRopa(map, texts, map.noticeVersion, lng);
  const csv = ropaCsv(ropa, texts);

  it('has every purpose and every record the assistant keeps by itself', () => {
    expect(ropa.activities.map((a) => a.id)).toEqual([
      ...Object.keys(catalog.purposes),
      ...OWN_ACTIVITIES.map((a) => `assistant-${a.id}`),
    ]);
  });

  it('gives the retention of every store', () => {
    expect(ropa.stores.map((s) => s.retention)).toHaveLength(6);
    for (const s of ropa.stores) expect(s.retention).not.toBe('');
    expect(ropa.stores.map((s) => s.retention).join(' ')).toContain(
      texts.t(lng, 'duration.years', { count: 5 }),
    );
  });

  it('counts retention from each grant, not from collection', () => {
    const sms = ropa.activities.find((a) => a.id === 'delivery-sms');
    expect(sms?.retention).toBe(
      texts.t(
        lng,
        'ropa.retention',
        {
          retention: texts.t(lng, 'duration.days', { count: 30 }),
          giveBack: texts.t(lng, 'duration.days', { count: 30 }),
        },
        'notice',
      ),
    );
    expect(csv).not.toContain('after collection');
  });

  it('names processors for channel, hosting, database and the purpose’s own, systems included', () => {
    const sms = ropa.activities.find((a) => a.id === 'delivery-sms');
    expect(sms?.recipients.filter((r) => r.processor).map((r) => r.id)).toEqual([
      'sms-gateway',
      'logistics',
      'azure-bot-service',
      'hosting',
      'database',
    ]);
    expect(sms?.transfers).toHaveLength(1);
  });

  it('carries the interest and the balancing test of legitimate interests', () => {
    const email = ropa.activities.find((a) => a.id === 'delivery-email');
    expect(email?.interest).toBe(texts.t(lng, 'purposes.delivery-email.interest', {}, 'map'));
    const balancing = catalog.purposes['delivery-email']?.balancing;
    expect(email?.balancing).toBe(balancing ? nameIn(balancing, lng) : undefined);
    for (const a of ropa.activities.filter((x) => x.basis === 'legitimate_interests')) {
      expect(a.interest, a.id).not.toBe('');
      expect(a.balancing, a.id).not.toBe('');
    }
  });

  it('lists identifiers and every security measure, headed in its language', () => {
    for (const a of ropa.activities) {
      expect(a.identifiers).toEqual([t(lng, 'ropa.identifier')]);
      expect(a.security).toHaveLength(6);
    }
    expect(csv.split('\r\n')[0]).toContain(t(lng, 'ropa.column.security'));
  });

  it('leaves no placeholder or text key behind', () => {
    expect(ownWords(JSON.stringify(ropa))).not.toMatch(LEFTOVER);
    expect(ownWords(csv)).not.toMatch(LEFTOVER);
  });

  it.skipIf(lng === 'en')('has no English beyond what the catalog declares', () => {
    expect(ownWords(csv)).not.toMatch(ENGLISH);
  });
});
