import { describe, expect, it } from 'vitest';
import { dayOrderOf, readDate } from '../../../src/journey/read-date.ts';

const now = new Date('2026-06-01T09:00:00Z');
const may17 = { kind: 'date', date: { y: 1990, m: 5, d: 17 } };

describe('dates as people write them', () => {
  it.each([
    ['en', 'en-US', 'May 17, 1990'],
    ['en', 'en-GB', '17 May 1990'],
    ['en', 'en-US', 'May 17th 1990'],
    ['en', 'en-GB', '17th of May 1990'],
    ['en', 'en-GB', 'the 17th of May, 1990'],
    ['en', 'en', 'Thursday, May 17, 1990'],
    ['en', 'en-GB', '17 May, 1990'],
    ['nl', 'nl-NL', '17 mei 1990'],
    ['nl', 'nl-BE', 'donderdag 17 mei 1990'],
    ['nl', 'nl-NL', 'May 17, 1990'],
    ['fr', 'fr-FR', '17 mai 1990'],
    ['fr', 'fr-FR', 'le 17 mai 1990'],
    ['fr', 'fr-BE', 'jeudi 17 mai 1990'],
    ['de', 'de-DE', '17. Mai 1990'],
    ['de', 'de-AT', 'Donnerstag, 17. Mai 1990'],
    ['de', 'de-DE', '17.05.1990'],
    ['nl', 'nl-NL', '17-05-1990'],
    ['fr', 'fr-FR', '17/05/1990'],
    ['en', 'en-GB', '17/05/1990'],
    ['en', 'en-US', '05/17/1990'],
    ['en', 'en-US', '5/17/1990'],
    ['de', 'de-DE', '1990-05-17'],
    ['en', 'en-US', '1990-05-17'],
    ['nl', 'nl-NL', '17 05 1990'],
    ['en', 'en-US', '5 17 1990'],
    ['de', 'de-DE', '17. 5. 1990'],
  ] as const)('%s (%s) reads %s as 17 May 1990', (lng, tag, text) => {
    expect(readDate(text, lng, tag, now)).toEqual(may17);
  });

  it('reads a numeric date in the order of the region: en-US month-first, en-GB, nl, fr, de day-first', () => {
    expect(readDate('05/06/1990', 'en', 'en-US', now)).toEqual({
      kind: 'date',
      date: { y: 1990, m: 5, d: 6 },
    });
    for (const [lng, tag] of [
      ['en', 'en-GB'],
      ['nl', 'nl-NL'],
      ['fr', 'fr-FR'],
      ['de', 'de-DE'],
      ['nl', undefined],
    ] as const)
      expect(readDate('05/06/1990', lng, tag, now)).toEqual({ kind: 'date', date: { y: 1990, m: 6, d: 5 } });
  });

  it('confirms a date valid both ways when the region does not settle the order, never stores it as read', () => {
    expect(readDate('05/06/1990', 'en', 'en', now).kind).toBe('confirm');
    expect(readDate('05/06/1990', 'en', 'en-CA', now).kind).toBe('confirm');
    expect(readDate('05/05/1990', 'en', 'en', now)).toEqual({ kind: 'date', date: { y: 1990, m: 5, d: 5 } });
  });

  it('confirms a reading against the region and a two-digit year, with the only valid reading', () => {
    expect(readDate('05/17/1990', 'en', 'en-GB', now)).toEqual({
      kind: 'confirm',
      date: { y: 1990, m: 5, d: 17 },
    });
    expect(readDate('17/05/1990', 'en', 'en-US', now)).toEqual({
      kind: 'confirm',
      date: { y: 1990, m: 5, d: 17 },
    });
    expect(readDate('17.05.90', 'de', 'de-DE', now)).toEqual({
      kind: 'confirm',
      date: { y: 1990, m: 5, d: 17 },
    });
  });

  it('refuses what is no date, and asks for the year when it is missing', () => {
    for (const text of [
      '31/02/1990',
      'tomorrow',
      'morgen',
      '17/13/1990',
      '12345',
      'May 1990',
      '05/06/1990 or 06/05/1990',
    ])
      expect(readDate(text, 'en', 'en-GB', now).kind).toBe('none');
    expect(readDate('17 mei', 'nl', 'nl-NL', now)).toEqual({ kind: 'no-year' });
  });

  it.each([
    ["17 mei '90", 'nl', 'nl-NL'],
    ['May 17 ’90', 'en', 'en-US'],
    ["17. Mai '90", 'de', 'de-DE'],
    ["17 mai '90", 'fr', 'fr-FR'],
  ] as const)('reads the apostrophe year of “%s” as 1990', (text, lng, tag) => {
    expect(readDate(text, lng, tag, now)).toEqual({ kind: 'date', date: { y: 1990, m: 5, d: 17 } });
  });

  it('never lets a word beside a numeric date hand it to an order-blind parser', () => {
    expect(readDate('05/06/1990 please', 'en', 'en-GB', now).kind).toBe('none');
  });

  it('knows the order of a region', () => {
    expect(dayOrderOf('en-US', 'en')).toBe('mdy');
    expect(dayOrderOf('en-GB', 'en')).toBe('dmy');
    expect(dayOrderOf('nl_NL', 'nl')).toBe('dmy');
    expect(dayOrderOf(undefined, 'de')).toBe('dmy');
    expect(dayOrderOf(undefined, 'en')).toBe('unsettled');
  });
});

describe('dates written in another shipped language than the customer’s', () => {
  it.each([
    ['en', '17 mei 1990'],
    ['en', '17 mai 1990'],
    ['en', '17. Mai 1990'],
    ['de', 'May 17, 1990'],
    ['fr', '17 mei 1990'],
    ['nl', '17. Mai 1990'],
  ] as const)('%s reads %s', (lng, text) => {
    expect(readDate(text, lng, undefined, now)).toEqual({ kind: 'date', date: { y: 1990, m: 5, d: 17 } });
  });
});
