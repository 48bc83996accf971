import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerWordsOf } from '../../../src/journey/answer-words.ts';
import { pickOption, yesNo } from '../../../src/journey/prompt.ts';
import { readChoice } from '../../../src/journey/read-choice.ts';
import { loadTexts, type Locale } from '../../../src/map/index.ts';

const texts = loadTexts(resolve('locales'));
const slots: Record<Locale, string[][]> = {
  en: [
    ['Morning', 'morning'],
    ['Afternoon', 'afternoon'],
    ['Evening', 'evening'],
  ],
  nl: [
    ['Ochtend', 'Morning', 'morning'],
    ['Middag', 'Afternoon', 'afternoon'],
    ['Avond', 'Evening', 'evening'],
  ],
  fr: [
    ['Matin', 'Morning', 'morning'],
    ['Après-midi', 'Afternoon', 'afternoon'],
    ['Soir', 'Evening', 'evening'],
  ],
  de: [
    ['Vormittag', 'Morning', 'morning'],
    ['Nachmittag', 'Afternoon', 'afternoon'],
    ['Abend', 'Evening', 'evening'],
  ],
};
const pick = (lng: Locale, text: string) => readChoice(answerWordsOf(texts, lng), slots[lng], text);

describe('an option picked the way people say it', () => {
  it.each([
    ['en', '2'],
    ['en', '2.'],
    ['en', '#2'],
    ['en', '2nd'],
    ['en', 'the second one'],
    ['en', 'second'],
    ['en', 'option 2'],
    ['en', 'two'],
    ['en', 'Afternoon'],
    ['en', 'afternoon please'],
    ['en', 'in the afternoon'],
    ['en', 'aftrenoon'],
    ['en', 'afternon'],
    ['en', 'after'],
    ['nl', 'de tweede'],
    ['nl', 'tweede'],
    ['nl', '2e'],
    ['nl', 'middag'],
    ['nl', 'de middag graag'],
    ['nl', 'midag'],
    ['fr', 'la deuxième'],
    ['fr', 'la deuxieme'],
    ['fr', '2ème'],
    ['fr', 'après-midi'],
    ['fr', 'apres midi'],
    ['de', 'die zweite'],
    ['de', 'zweite'],
    ['de', 'Nachmittag'],
    ['de', 'nachmitag'],
    ['de', 'die zweite bitte'],
  ] as const)('%s: “%s” picks the second option', (lng, text) => {
    expect(pick(lng, text)).toBe(1);
  });

  it('reads the last, the first and English in every locale', () => {
    expect(pick('en', 'the last one')).toBe(2);
    expect(pick('de', 'die letzte')).toBe(2);
    expect(pick('fr', 'la première')).toBe(0);
    expect(pick('nl', 'the first one')).toBe(0);
  });

  it.each([
    ['en', '4'],
    ['en', '0'],
    ['en', 'night'],
    ['en', '2 or 3'],
    ['en', 'morning or evening'],
    ['en', ''],
    ['de', 'die vierte'],
  ] as const)('%s: “%s” picks nothing', (lng, text) => {
    expect(pick(lng, text)).toBeUndefined();
  });

  it('takes a yes or a no for a yes/no pair of options', () => {
    const offer = [
      ['Ja, gerne', 'Yes please', 'yes-please'],
      ['Nein, danke', 'No thanks', 'no-thanks'],
    ];
    expect(pickOption(texts, 'de', offer, 'jo')).toBe(0);
    expect(pickOption(texts, 'de', offer, 'nein danke')).toBe(1);
    expect(pickOption(texts, 'de', offer, 'sure')).toBe(0);
    expect(pickOption(texts, 'de', offer, 'vielleicht')).toBeUndefined();
  });
});

describe('yes and no in each language', () => {
  it.each([
    ['en', 'sure'],
    ['en', 'yep'],
    ['en', 'Yes please!'],
    ['en', 'ok thanks'],
    ['en', 'that’s right'],
    ['nl', 'ja hoor'],
    ['nl', 'jazeker'],
    ['nl', 'Ja, graag'],
    ['nl', 'klopt'],
    ['fr', 'oui'],
    ['fr', 'oui merci'],
    ['fr', "d'accord"],
    ['fr', 'Bien sûr'],
    ['de', 'ja gerne'],
    ['de', 'Ja, bitte'],
    ['de', 'genau'],
    ['de', 'klar'],
  ] as const)('%s: “%s” is a yes', (lng, text) => {
    expect(yesNo(texts, lng, text)).toBe('yes');
  });

  it.each([
    ['en', 'nope'],
    ['en', 'no thank you'],
    ['en', 'nah'],
    ['nl', 'nee dank je'],
    ['nl', 'nee hoor'],
    ['nl', 'liever niet'],
    ['fr', 'non merci'],
    ['fr', 'non'],
    ['fr', 'pas du tout'],
    ['de', 'nein danke'],
    ['de', 'nö'],
    ['de', 'lieber nicht'],
  ] as const)('%s: “%s” is a no', (lng, text) => {
    expect(yesNo(texts, lng, text)).toBe('no');
  });

  it.each([
    ['en', 'yes but 5 June'],
    ['en', 'no, the 6th'],
    ['nl', 'ja nee'],
    ['de', 'vielleicht'],
    ['en', 'why'],
  ] as const)('%s: “%s” is neither', (lng, text) => {
    expect(yesNo(texts, lng, text)).toBeUndefined();
  });
});
