import { describe, expect, it } from 'vitest';
import { readNumber } from '../../../src/journey/read-number.ts';

describe('numbers and amounts as written in each locale', () => {
  it.each([
    ['1.234,50 €', 'de-DE', 1234.5],
    ['1.234,50 €', 'nl-NL', 1234.5],
    ['€ 1.234,50', 'nl-NL', 1234.5],
    ['€1,234.50', 'en-GB', 1234.5],
    ['$1,234.50', 'en-US', 1234.5],
    ["CHF 1'234.50", 'de-CH', 1234.5],
    ['CHF 1’234.50', 'fr-CH', 1234.5],
    ['1 234,50 EUR', 'fr-FR', 1234.5],
    ['1\u202f234,50\u00a0€', 'fr-FR', 1234.5],
    ['EUR 1234.50', 'de-DE', 1234.5],
    ['1234,50', 'en-GB', 1234.5],
    ['1,234,567.89', 'en-US', 1234567.89],
    ['1.234.567', 'en-US', 1234567],
    ['€ 12,-', 'nl-NL', 12],
    ['850 euro', 'nl-NL', 850],
    ['2500', 'de-DE', 2500],
    ['18,5', 'nl-NL', 18.5],
    ['-3.5', 'en-GB', -3.5],
    ['0,75', 'fr-FR', 0.75],
    ['£950', 'en-GB', 950],
  ])('%s in %s reads %d', (text, tag, want) => {
    expect(readNumber(text, tag, tag.slice(0, 2))).toBe(want);
  });

  it('settles a lone separator before three digits by the locale: its decimal separator, else thousands', () => {
    expect(readNumber('1.234', 'de-DE', 'de')).toBe(1234);
    expect(readNumber('1.234', 'nl-NL', 'nl')).toBe(1234);
    expect(readNumber('1,234', 'en-US', 'en')).toBe(1234);
    expect(readNumber('1.234', 'en-US', 'en')).toBe(1.234);
    expect(readNumber('1,234', 'fr-FR', 'fr')).toBe(1.234);
    expect(readNumber('1,234', 'nl', 'nl')).toBe(1.234);
    expect(readNumber('1.234', 'de-CH', 'de')).toBe(1.234);
  });

  it('never reads a separator after a leading 0 as thousands ("0.001" is a thousandth everywhere)', () => {
    expect(readNumber('0.001', 'de-DE', 'de')).toBe(0.001);
    expect(readNumber('0,500', 'en-US', 'en')).toBe(0.5);
    expect(readNumber('0.500.000', 'de-DE', 'de')).toBeUndefined();
    expect(readNumber('1.500', 'de-DE', 'de')).toBe(1500);
  });

  it('falls back to the language when the tag is unknown or of another language', () => {
    expect(readNumber('1.234', 'xx', 'de')).toBe(1234);
    expect(readNumber('1.234', 'nl_NL', 'nl')).toBe(1234);
  });

  it.each([
    '',
    'abc',
    '1 2',
    '12,34,5',
    '1.2.3',
    '€',
    '12 € 50',
    '1,23,456',
    'ten euro',
    '12abc',
    '1..2',
    '--5',
  ])('refuses %j', (text) => {
    expect(readNumber(text, 'en-GB', 'en')).toBeUndefined();
  });
});
