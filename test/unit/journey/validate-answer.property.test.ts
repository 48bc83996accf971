/**
 * Property tests of the answer validators: whatever a customer types, validation never throws, and
 * every value it accepts is one it accepts again unchanged (so no stored value fails re-validation),
 * a number as the customer's locale writes it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalSeparatorOf } from '../../../src/journey/read-number.ts';
import { validateAnswer, type AnswerContext } from '../../../src/journey/validate-answer.ts';
import { Item, SHIPPED_LOCALES, type Locale } from '../../../src/map/index.ts';

const now = new Date('2026-06-01T09:00:00Z');

const items: Record<string, Item> = {
  mobile: Item.parse({
    type: 'phone',
    category: 'user.contact.phone_number',
    constraints: { phoneKind: 'mobile' },
  }),
  phone: Item.parse({ type: 'phone', category: 'user.contact.phone_number' }),
  email: Item.parse({ type: 'email', category: 'user.contact.email' }),
  birthday: Item.parse({
    type: 'date',
    category: 'user.demographic.date_of_birth',
    constraints: { past: true },
  }),
  appointment: Item.parse({ type: 'date', category: 'user.behavior', constraints: { future: true } }),
  amount: Item.parse({ type: 'number', category: 'user.financial', constraints: { min: 0, max: 100000 } }),
  nickname: Item.parse({ type: 'text', category: 'user.name', constraints: { minLength: 2, maxLength: 40 } }),
  code: Item.parse({ type: 'text', category: 'user.name', constraints: { pattern: '[A-Z]{2}[0-9]{3}' } }),
  size: Item.parse({
    type: 'choice',
    category: 'user.behavior',
    constraints: { options: ['small', 'large'] },
  }),
  agree: Item.parse({ type: 'boolean', category: 'user.behavior' }),
  postcode: Item.parse({ type: 'postal-code', category: 'user.contact.postal_code' }),
};

const contexts = fc.record({
  locale: fc.constantFrom<Locale>(...SHIPPED_LOCALES),
  localeTag: fc.constantFrom(undefined, 'en-US', 'en-GB', 'nl-BE', 'fr-CA', 'de-AT', 'xx', 'en-ZZ', 'nl_NL'),
});

const ctxOf = (c: { locale: Locale; localeTag: string | undefined }): AnswerContext => ({
  locale: c.locale,
  ...(c.localeTag ? { localeTag: c.localeTag } : {}),
  now,
  yes: ['yes', 'ja', 'oui'],
  no: ['no', 'nee', 'nein', 'non'],
});

/** Text as people type it: random unicode, and shapes close to real answers. */
const typed = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.stringMatching(/^\+?[0-9 ()./-]{0,20}$/),
  fc.stringMatching(/^[0-9]{1,4}[-/. ][0-9]{1,2}[-/. ][0-9]{1,4}$/),
  fc.stringMatching(/^[a-zA-Z0-9._%+-]{0,12}@[a-zA-Z0-9.-]{0,12}$/),
  fc.stringMatching(/^-?[0-9., ]{0,14}[€$]?$/),
  fc.constantFrom(
    'yes',
    'YES',
    ' no ',
    'small',
    'Large',
    '1234 AB',
    'sw1a 1aa',
    '07911 123456',
    '0612345678',
  ),
  fc.string({ minLength: 490, maxLength: 600 }),
);

describe('answer validators, whatever is typed', () => {
  it('never throw, and every accepted value is accepted again as itself', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(items)), typed, contexts, (name, text, c) => {
        const item = items[name]!;
        const ctx = ctxOf(c);
        const first = validateAnswer(text, item, ctx);
        if (!first.ok) {
          expect(first.reason).toMatch(/^invalid\./);
          return;
        }
        accepted++;
        // A number is stored as JavaScript writes it ("1.001"); typed again it is written the way
        // the customer's locale writes it ("1,001" in German, where "1.001" is a thousand and one).
        const retyped =
          item.type === 'number'
            ? first.value.replace('.', decimalSeparatorOf(ctx.localeTag ?? ctx.locale, ctx.locale))
            : first.value;
        const again = validateAnswer(retyped, item, ctx);
        expect(again).toEqual({ ok: true, value: first.value });
        if (item.type === 'phone') expect(first.value).toMatch(/^\+[1-9][0-9]{6,14}$/);
        if (item.type === 'date') expect(first.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (item.type === 'number') expect(Number.isFinite(Number(first.value))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(50);
  });
});
