/** validateAnswer with the locale's answer words: choices, booleans, amounts, dates to confirm, e-mail typos. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateAnswer } from '../../../src/journey/index.ts';
import { answerWordsOf } from '../../../src/journey/answer-words.ts';
import { Item, loadTexts, type Locale } from '../../../src/map/index.ts';

const texts = loadTexts(resolve('locales'));
const now = new Date('2026-06-01T00:00:00Z');
const ctx = (locale: Locale, localeTag?: string) => ({
  locale,
  now,
  yes: [],
  no: [],
  words: answerWordsOf(texts, locale),
  ...(localeTag ? { localeTag } : {}),
});
const drink = Item.parse({
  type: 'choice',
  category: 'user.preference',
  constraints: { options: ['tea', 'coffee', 'hot-chocolate'] },
});
const bool = Item.parse({ type: 'boolean', category: 'user.preference' });
const value = Item.parse({ type: 'number', category: 'user.financial', constraints: { min: 0 } });
const birthday = Item.parse({
  type: 'date',
  category: 'user.demographic.date_of_birth',
  constraints: { past: true },
});
const email = Item.parse({ type: 'email', category: 'user.contact.email' });

describe('answers read with the locale’s words', () => {
  it.each([
    ['en', '2', 'coffee'],
    ['en', 'the third one', 'hot-chocolate'],
    ['nl', 'de tweede', 'coffee'],
    ['fr', 'la première', 'tea'],
    ['de', 'die letzte', 'hot-chocolate'],
    ['en', 'cofee', 'coffee'],
    ['en', 'hot chocolate please', 'hot-chocolate'],
  ] as const)('%s: a choice item reads “%s” as %s', (lng, text, want) => {
    expect(validateAnswer(text, drink, ctx(lng))).toEqual({ ok: true, value: want });
  });

  it.each([
    ['en', 'yep', 'true'],
    ['nl', 'ja hoor', 'true'],
    ['fr', 'non merci', 'false'],
    ['de', 'nein danke', 'false'],
    ['de', 'true', 'true'],
    ['en', '1', 'true'],
    ['nl', '2', 'false'],
  ] as const)('%s: a boolean reads “%s” as %s', (lng, text, want) => {
    expect(validateAnswer(text, bool, ctx(lng))).toEqual({ ok: true, value: want });
  });

  it('reads amounts in the locale and stores them with a decimal point', () => {
    expect(validateAnswer('1.234,50 €', value, ctx('de', 'de-DE'))).toEqual({ ok: true, value: '1234.5' });
    expect(validateAnswer('€1,234.50', value, ctx('en', 'en-IE'))).toEqual({ ok: true, value: '1234.5' });
    expect(validateAnswer('1234.5', value, ctx('de', 'de-DE'))).toEqual({ ok: true, value: '1234.5' });
    expect(validateAnswer('12345678901234567', value, ctx('en'))).toMatchObject({
      ok: false,
      reason: 'invalid.number',
    });
  });

  it('returns a date that reads both ways with a confirmation, the month spelled out', () => {
    expect(validateAnswer('05/06/1990', birthday, ctx('en', 'en'))).toEqual({
      ok: true,
      value: '1990-06-05',
      confirm: { key: 'values.confirm-date', vars: { date: 'June 5, 1990' } },
    });
    expect(validateAnswer('05/06/1990', birthday, ctx('en', 'en-US'))).toEqual({
      ok: true,
      value: '1990-05-06',
    });
    expect(validateAnswer('17 mei', birthday, ctx('nl', 'nl-NL'))).toMatchObject({
      ok: false,
      reason: 'values.date-year',
      vars: { example: '17 mei 1990' },
    });
  });

  it('puts a likely typo in an e-mail domain back, keeping the address as typed for a “no”', () => {
    expect(validateAnswer('Ann@Gmial.com', email, ctx('en'))).toEqual({
      ok: true,
      value: 'ann@gmail.com',
      confirm: {
        key: 'values.confirm-email',
        vars: { suggestion: 'ann@gmail.com' },
        otherwise: 'ann@gmial.com',
      },
    });
    expect(validateAnswer('ann@example.org', email, ctx('en'))).toEqual({
      ok: true,
      value: 'ann@example.org',
    });
  });
});
