/** Dates in a customer's language, as its writers put them: "1 December 2026", "le 1er décembre 2026". */
import type { Locale } from './texts.ts';

/**
 * A calendar date (UTC) in long form in `lng`, or in the activity's own locale `tag` (en-US, fr-BE)
 * when given; French writes the first of the month as an ordinal ("1er").
 */
export function formatDate(lng: Locale, date: Date, tag?: string): string {
  const parts = new Intl.DateTimeFormat(tag ?? lng, { dateStyle: 'long', timeZone: 'UTC' }).formatToParts(
    date,
  );
  return parts.map((p) => (lng === 'fr' && p.type === 'day' && p.value === '1' ? '1er' : p.value)).join('');
}
