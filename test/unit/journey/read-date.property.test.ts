/**
 * The promise of date reading: no accepted date differs from the date the customer meant in their
 * region. Dates are generated, written the ways people of each locale and region write them
 * (numeric in the region's order, ISO, Intl's styles, month names, ordinals), read back and compared.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOrderOf, readDate, type DateParts } from '../../../src/journey/read-date.ts';
import type { Locale } from '../../../src/map/index.ts';

const now = new Date('2026-06-01T09:00:00Z');

const TAGS: readonly [Locale, string | undefined][] = [
  ['en', 'en-US'],
  ['en', 'en-GB'],
  ['en', 'en-IE'],
  ['en', 'en-AU'],
  ['en', undefined],
  ['nl', 'nl-NL'],
  ['nl', 'nl-BE'],
  ['fr', 'fr-FR'],
  ['fr', 'fr-BE'],
  ['fr', 'fr-CH'],
  ['de', 'de-DE'],
  ['de', 'de-AT'],
  ['de', 'de-CH'],
];

const dates = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d): DateParts => ({ y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() }));

const pad = (n: number) => String(n).padStart(2, '0');
const utc = (p: DateParts) => new Date(Date.UTC(p.y, p.m - 1, p.d));
const intl = (tag: string, o: Intl.DateTimeFormatOptions, p: DateParts) =>
  new Intl.DateTimeFormat(tag, { ...o, timeZone: 'UTC' }).format(utc(p));
const EN_ORDINAL = (d: number) =>
  `${d}${[11, 12, 13].includes(d % 100) ? 'th' : (['th', 'st', 'nd', 'rd'][d % 10] ?? 'th')}`;

/** The ways a customer of `tag` writes `p`; `twoDigitYear` marks forms whose century is a guess. */
function writings(
  lng: Locale,
  tag: string | undefined,
  p: DateParts,
): { text: string; twoDigitYear: boolean }[] {
  const t = tag ?? lng;
  const order = dayOrderOf(tag, lng);
  const [a, b] = order === 'mdy' ? [p.m, p.d] : [p.d, p.m];
  const numeric = ['/', '-', '.'].flatMap((sep) => [
    `${a}${sep}${b}${sep}${p.y}`,
    `${pad(a)}${sep}${pad(b)}${sep}${p.y}`,
  ]);
  const styles: Intl.DateTimeFormatOptions[] = [
    { dateStyle: 'full' },
    { dateStyle: 'long' },
    { dateStyle: 'medium' },
    { dateStyle: 'short' },
    { day: 'numeric', month: 'short', year: 'numeric' },
    { day: 'numeric', month: 'long', year: 'numeric' },
  ];
  const month = intl('en-GB', { month: 'long' }, p);
  const words = [
    ...styles.map((o) => intl(t, o, p)),
    `${p.y}-${pad(p.m)}-${pad(p.d)}`,
    `${month} ${EN_ORDINAL(p.d)}, ${p.y}`,
    `${EN_ORDINAL(p.d)} of ${month} ${p.y}`,
    ...(lng === 'fr' ? [`le ${intl('fr-FR', { dateStyle: 'long' }, p)}`] : []),
  ];
  return [...numeric, ...words].map((text) => ({ text, twoDigitYear: !/\d{4}/.test(text) }));
}

describe('dates read in the customer’s region', () => {
  it('never accept a date other than the one meant, and read every four-digit-year writing', () => {
    let accepted = 0;
    let confirmed = 0;
    fc.assert(
      fc.property(dates, fc.constantFrom(...TAGS), (p, [lng, tag]) => {
        for (const w of writings(lng, tag, p)) {
          const r = readDate(w.text, lng, tag, now);
          if (r.kind === 'date') {
            accepted++;
            expect({ text: w.text, tag, date: r.date }).toEqual({ text: w.text, tag, date: p });
          } else if (r.kind === 'confirm') confirmed++;
          else if (!w.twoDigitYear) expect.fail(`${tag ?? lng}: “${w.text}” was not read (${r.kind})`);
        }
      }),
      { numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(confirmed);
  });

  it('never accept a numeric date that reads both ways where the region does not settle the order', () => {
    const twoWay = dates.filter((p) => p.d <= 12 && p.m <= 12 && p.d !== p.m);
    fc.assert(
      fc.property(twoWay, fc.constantFrom('en', 'en-CA'), fc.constantFrom('/', '-', '.'), (p, tag, sep) => {
        const r = readDate(`${p.d}${sep}${p.m}${sep}${p.y}`, 'en', tag, now);
        expect(r.kind).toBe('confirm');
      }),
      { numRuns: 500 },
    );
  });
});
