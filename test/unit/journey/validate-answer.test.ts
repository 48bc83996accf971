import { describe, expect, it } from 'vitest';
import { validateAnswer } from '../../../src/journey/index.ts';
import { MAX_PATTERN_INPUT } from '../../../src/journey/validate-answer.ts';
import { Item } from '../../../src/map/index.ts';

const now = new Date('2026-06-01T00:00:00Z');
const ctx = (locale: 'en' | 'nl' | 'fr' | 'de', localeTag?: string) => ({
  locale,
  now,
  yes: ['yes', 'ja'],
  no: ['no', 'nee'],
  ...(localeTag ? { localeTag } : {}),
});
const mobile = Item.parse({
  type: 'phone',
  category: 'user.contact.phone_number',
  constraints: { phoneKind: 'mobile' },
});
const email = Item.parse({ type: 'email', category: 'user.contact.email' });
const birthday = Item.parse({
  type: 'date',
  category: 'user.demographic.date_of_birth',
  constraints: { past: true },
});

describe('answer validation', () => {
  it.each([
    ['06 12345678', 'nl', undefined, '+31612345678'],
    ['+31 6 1234 5678', 'en', undefined, '+31612345678'],
    ['07911 123456', 'en', undefined, '+447911123456'],
    ['06 12 34 56 78', 'fr', undefined, '+33612345678'],
    ['0151 23456789', 'de', undefined, '+4915123456789'],
    ['0470 12 34 56', 'nl', 'nl-BE', '+32470123456'],
  ] as const)('normalises mobile %s in %s to E.164', (raw, lng, tag, want) => {
    expect(validateAnswer(raw, mobile, ctx(lng, tag))).toEqual({ ok: true, value: want });
  });

  it.each([
    ['12', 'invalid.phone'],
    ['not a number', 'invalid.phone'],
    ['020 123 4567', 'invalid.mobile'],
  ])('refuses %s as a mobile number (%s)', (raw, reason) => {
    expect(validateAnswer(raw, mobile, ctx('nl'))).toMatchObject({ ok: false, reason });
  });

  it('lower-cases a valid email and refuses a broken one', () => {
    expect(validateAnswer(' Ann@Example.org ', email, ctx('en'))).toEqual({
      ok: true,
      value: 'ann@example.org',
    });
    expect(validateAnswer('ann@', email, ctx('en'))).toMatchObject({ ok: false, reason: 'invalid.email' });
  });

  it.each([
    ['1990-05-17', '1990-05-17'],
    ['17-05-1990', '1990-05-17'],
    ['17/05/1990', '1990-05-17'],
    ['17.5.1990', '1990-05-17'],
  ])('reads the date %s', (raw, want) => {
    expect(validateAnswer(raw, birthday, ctx('de'))).toEqual({ ok: true, value: want });
  });

  it.each([
    ['31-02-1990', 'invalid.date'],
    ['tomorrow', 'invalid.date'],
    ['01-01-2030', 'invalid.date-past'],
    ['', 'invalid.empty'],
  ])('refuses the date %s (%s)', (raw, reason) => {
    expect(validateAnswer(raw, birthday, ctx('en'))).toMatchObject({ ok: false, reason });
  });

  it('checks text, number, boolean and choice constraints', () => {
    const text = Item.parse({
      type: 'text',
      category: 'user.name',
      constraints: { minLength: 2, maxLength: 5 },
    });
    expect(validateAnswer('a', text, ctx('en'))).toMatchObject({ ok: false, reason: 'invalid.too-short' });
    expect(validateAnswer('abcdef', text, ctx('en'))).toMatchObject({
      ok: false,
      reason: 'invalid.too-long',
    });
    const num = Item.parse({ type: 'number', category: 'user.demographic.age', constraints: { min: 18 } });
    expect(validateAnswer('17', num, ctx('en'))).toMatchObject({ ok: false, reason: 'invalid.too-small' });
    expect(validateAnswer('18,5', num, ctx('nl'))).toEqual({ ok: true, value: '18.5' });
    const bool = Item.parse({ type: 'boolean', category: 'user.preference' });
    expect(validateAnswer('Ja', bool, ctx('nl'))).toEqual({ ok: true, value: 'true' });
    const choice = Item.parse({
      type: 'choice',
      category: 'user.preference',
      constraints: { options: ['tea', 'coffee'] },
    });
    expect(validateAnswer('milk', choice, ctx('en'))).toMatchObject({ ok: false, reason: 'invalid.choice' });
  });

  it('runs a pattern only on answers up to MAX_PATTERN_INPUT characters', () => {
    const code = Item.parse({
      type: 'text',
      category: 'user.account',
      constraints: { pattern: '[a-z]+', maxLength: 400 },
    });
    const at = 'a'.repeat(MAX_PATTERN_INPUT);
    expect(validateAnswer(at, code, ctx('en'))).toEqual({ ok: true, value: at });
    expect(validateAnswer(`${at}a`, code, ctx('en'))).toEqual({
      ok: false,
      reason: 'invalid.too-long',
      vars: { max: MAX_PATTERN_INPUT },
    });
    const free = Item.parse({ type: 'text', category: 'user.account', constraints: { maxLength: 400 } });
    expect(validateAnswer(`${at}a`, free, ctx('en'))).toMatchObject({ ok: true });
  });
});
