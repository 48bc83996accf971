/** Item words per language, French elision, tidy punctuation, masks and dates in the customer's language. */
import { describe, expect, it } from 'vitest';
import { maskValue } from '../../../src/consent/index.ts';
import { elideFrench, formatDate, tidyPunctuation, wordsOf } from '../../../src/map/index.ts';

describe('an item’s words', () => {
  it.each([
    [
      'de',
      { name: 'Handynummer', gender: 'f' },
      { your: 'Ihre Handynummer', your_dat: 'Ihrer Handynummer', it_acc: 'sie' },
    ],
    [
      'de',
      { name: 'Geburtsdatum', gender: 'n' },
      { your: 'Ihr Geburtsdatum', your_dat: 'Ihrem Geburtsdatum', it_acc: 'es' },
    ],
    [
      'de',
      { name: 'Namen', gender: 'm' },
      { your_acc: 'Ihren Namen', your_new: 'Ihr neuer Namen', it_acc: 'ihn' },
    ],
    [
      'fr',
      { name: 'adresse e-mail', gender: 'f' },
      { the: 'l’adresse e-mail', of_the: 'de l’adresse e-mail', which: 'quelle', e: 'e' },
    ],
    [
      'fr',
      { name: 'numéro de mobile', gender: 'm' },
      { the: 'le numéro de mobile', of_the: 'du numéro de mobile', which: 'quel' },
    ],
    [
      'fr',
      { name: 'e-mail', gender: 'm' },
      { of_the: 'de l’e-mail', to_the: 'à l’e-mail', your_new: 'votre nouvel e-mail' },
    ],
    [
      'nl',
      { name: 'mobiel nummer', inflected: 'mobiele nummer', gender: 'het' },
      { your: 'je mobiele nummer', a: 'een mobiel nummer', it: 'het' },
    ],
    [
      'nl',
      { name: 'geboortedatum', gender: 'de' },
      { the: 'de geboortedatum', it: 'die', title: 'Geboortedatum' },
    ],
    [
      'en',
      { name: 'email address' },
      { a: 'an email address', your: 'your email address', title: 'Email address' },
    ],
    [
      'en',
      { name: 'mobile number', forms: { your: 'the mobile number you gave us' } },
      { your: 'the mobile number you gave us' },
    ],
  ] as const)('%s %j', (lng, text, expected) => {
    const words = wordsOf(lng, { aliases: [], ...text });
    expect(words).toMatchObject(expected);
    expect(String(words)).toBe(text.name);
  });
});

describe('French elision', () => {
  it.each([
    ['l’assistant de Example Shop', 'l’assistant d’Example Shop'],
    ['au bout de un an', 'au bout d’un an'],
    ['nous la avons supprimée', 'nous l’avons supprimée'],
    ['le adresse, du e-mail, au abonnement', 'l’adresse, de l’e-mail, à l’abonnement'],
    ['si il veut, ce est fini, ce abonnement', 's’il veut, c’est fini, cet abonnement'],
    ['de hébergement, le haut, le onze, que elle', 'd’hébergement, le haut, le onze, qu’elle'],
    ['De Example Shop', 'D’Example Shop'],
    ['le 1er décembre, de 30 jours, la newsletter', 'le 1er décembre, de 30 jours, la newsletter'],
  ])('%s → %s', (input, output) => expect(elideFrench(input)).toBe(output));
});

describe('punctuation after a placeholder', () => {
  it.each([
    ['nobody outside Example Shop B.V..', 'nobody outside Example Shop B.V.'],
    ['Is it you?.', 'Is it you?'],
    ['Wait...', 'Wait...'],
    ['a, , b  c .', 'a, b c.'],
  ])('%s → %s', (input, output) => expect(tidyPunctuation(input)).toBe(output));
});

describe('masks and dates in the customer’s language', () => {
  it.each([
    ['en', '•• May ••••|May ••, ••••'],
    ['nl', '•• mei ••••'],
    ['fr', '•• mai ••••'],
    ['de', '••. Mai ••••'],
  ] as const)('a birthday in %s keeps only its month, in the locale’s pattern', (lng, masks) => {
    const masked = maskValue('date', '1990-05-17', lng);
    expect(masks.split('|')).toContain(masked);
    expect(masked).not.toMatch(/\d|-/);
  });

  it('follows the customer’s own locale tag when there is one', () => {
    expect(maskValue('date', '1990-05-17', 'en', 'en-GB')).toBe('•• May ••••');
    expect(maskValue('date', '1990-05-17', 'en', 'en-US')).toBe('May ••, ••••');
    expect(maskValue('date', 'not a date', 'de')).toBe('•••');
  });

  it('writes the first of the month as “1er” in French', () => {
    const first = new Date('2026-12-01T00:00:00Z');
    expect(formatDate('fr', first)).toBe('1er décembre 2026');
    expect(formatDate('fr', new Date('2026-12-02T00:00:00Z'))).toBe('2 décembre 2026');
    expect(formatDate('de', first)).toBe('1. Dezember 2026');
    expect(formatDate('en', first, 'en-GB')).toBe('1 December 2026');
  });
});
