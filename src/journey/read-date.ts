/**
 * Reads a date as people write it, in the customer's language and region. Numeric forms are
 * read here, in the order of the customer's region (en-US month-first; en-GB, nl, fr, de
 * day-first; ISO year-first everywhere); dates with a month name go to chrono-node's parser for
 * the language (and English). A reading that could be wrong — a numeric date valid both ways
 * where the region does not settle the order, a reading against the region's order, a two-digit
 * year — is never taken as it is: it comes back as a candidate to confirm with the month spelled out.
 */
import * as chrono from 'chrono-node';
import type { Locale } from '../map/index.ts';

/** A calendar date, no time: year, month 1–12, day 1–31. */
export interface DateParts {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

export type DateReading =
  | { readonly kind: 'date'; readonly date: DateParts }
  | { readonly kind: 'confirm'; readonly date: DateParts }
  | { readonly kind: 'no-year' }
  | { readonly kind: 'none' };

/** Which comes first in a numeric date, where a region settles it. */
export type DayOrder = 'dmy' | 'mdy' | 'unsettled';

/** Regions that write the month first (ISO 3166 codes). */
const MONTH_FIRST = new Set(['US', 'PH', 'PR', 'GU', 'AS', 'VI', 'MP', 'UM', 'FM', 'MH', 'PW']);
/** Regions where both orders are common: a date valid both ways is always confirmed. */
const MIXED = new Set(['CA']);

/** The numeric date order of a locale tag (`en-US` → mdy); a bare `en` does not settle it. */
export function dayOrderOf(localeTag: string | undefined, lng: Locale): DayOrder {
  const region = /^[a-z]{2,3}[-_]([a-z]{2})\b/i.exec(localeTag ?? '')?.[1]?.toUpperCase();
  if (region) return MONTH_FIRST.has(region) ? 'mdy' : MIXED.has(region) ? 'unsettled' : 'dmy';
  return lng === 'en' ? 'unsettled' : 'dmy';
}

/** Whether the parts make a real calendar date (30 February does not). */
export function isValidDate(p: DateParts): boolean {
  const d = new Date(Date.UTC(p.y, p.m - 1, p.d));
  return d.getUTCFullYear() === p.y && d.getUTCMonth() === p.m - 1 && d.getUTCDate() === p.d;
}

export const isoOf = (p: DateParts): string =>
  `${String(p.y).padStart(4, '0')}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;

/** Year-first: 1990-05-17, 1990/5/17, 1990.05.17. */
const YMD = /^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})\.?$/;
/** Day and month in either order, then a 4- or 2-digit year: 17/05/1990, 5-17-90, 17. 5. 1990. */
const XXY = /^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})\.?$/;

/** A two-digit year read as the latest such year not after `now` (a birth year, mostly). */
function fullYear(yy: string, now: Date): number {
  if (yy.length === 4) return Number(yy);
  const y = 2000 + Number(yy);
  return y > now.getUTCFullYear() ? y - 100 : y;
}

function readNumeric(text: string, order: DayOrder, now: Date): DateReading | undefined {
  const ymd = YMD.exec(text);
  if (ymd) {
    const p = { y: Number(ymd[1]), m: Number(ymd[3]), d: Number(ymd[4]) };
    return isValidDate(p) ? { kind: 'date', date: p } : { kind: 'none' };
  }
  const xxy = XXY.exec(text);
  if (!xxy) return undefined;
  const [a, b, yy] = [Number(xxy[1]), Number(xxy[3]), xxy[4] ?? ''];
  const y = fullYear(yy, now);
  const dmy = { y, m: b, d: a };
  const mdy = { y, m: a, d: b };
  const okDmy = isValidDate(dmy);
  const okMdy = isValidDate(mdy);
  if (!okDmy && !okMdy) return { kind: 'none' };
  const regional = order === 'mdy' ? (okMdy ? mdy : undefined) : okDmy ? dmy : undefined;
  const other = order === 'mdy' ? (okDmy ? dmy : undefined) : okMdy ? mdy : undefined;
  const bothWays = okDmy && okMdy && a !== b;
  // Unsettled order, or the only valid reading is against the region's order, or the century is a guess.
  if (order === 'unsettled' && bothWays) return { kind: 'confirm', date: dmy };
  if (order === 'unsettled') return { kind: yy.length === 2 ? 'confirm' : 'date', date: okDmy ? dmy : mdy };
  if (!regional && other) return { kind: 'confirm', date: other };
  if (!regional) return { kind: 'none' };
  return yy.length === 2 ? { kind: 'confirm', date: regional } : { kind: 'date', date: regional };
}

/**
 * Strict parsers (no "tomorrow", no times): the customer's language first, then English, then the
 * other shipped languages (a Dutch customer on an English phone writes "17 mei 1990"). No month
 * name means different months in two of these languages, so the order only saves work.
 */
const PARSERS: Record<Locale, chrono.Chrono[]> = {
  en: [chrono.en.strict, chrono.nl.strict, chrono.fr.strict, chrono.de.strict],
  nl: [chrono.nl.strict, chrono.en.strict, chrono.fr.strict, chrono.de.strict],
  fr: [chrono.fr.strict, chrono.en.strict, chrono.nl.strict, chrono.de.strict],
  de: [chrono.de.strict, chrono.en.strict, chrono.nl.strict, chrono.fr.strict],
};

/** Two numbers joined by a date separator: a numeric date, which only the region's rule may read. */
const NUMERIC_PART = /\d\s*[-/.]\s*\d{1,2}\s*[-/.]/;

/** Words that may stand around a date without changing it ("on", "le", "am", "the"). */
const AROUND = /^(?:(?:on|the|it's|its|it is|born|geboren|op|de|le|am|den|der|né|née|le)\s+)+/i;

/** A year written as an apostrophe and two digits: '90, ’07. */
const APOSTROPHE_YEAR = /['’‘`](\d{2})(?!\d)/g;

/** Month abbreviations chrono-node does not know, as ones it does (Austrian "Jän." is January). */
const MONTH_ALIASES: readonly (readonly [RegExp, string])[] = [[/(?<!\p{L})jän(?!\p{L})/giu, 'Jan']];

/** Reads a date with a month name; the parse must cover the answer, with a certain day, month and year. */
function readWords(text: string, lng: Locale, now: Date): DateReading {
  const said = MONTH_ALIASES.reduce((s, [re, to]) => s.replace(re, to), text)
    .replace(AROUND, '')
    .replace(/[.!]+$/, '')
    // "17 mei '90", "May 17 ’90": an apostrophe year is the latest such year not after now.
    .replace(APOSTROPHE_YEAR, (_, yy: string) => String(fullYear(yy, now)));
  for (const parser of PARSERS[lng]) {
    const [r, ...more] = parser.parse(said, now);
    if (!r || more.length > 0 || NUMERIC_PART.test(r.text)) continue;
    const rest = said.slice(0, r.index) + said.slice(r.index + r.text.length);
    if (/[\p{L}\p{N}]/u.test(rest.replace(AROUND, ''))) continue;
    const s = r.start;
    if (!s.isCertain('day') || !s.isCertain('month')) continue;
    if (!s.isCertain('year')) return { kind: 'no-year' };
    const p = { y: s.get('year') ?? 0, m: s.get('month') ?? 0, d: s.get('day') ?? 0 };
    if (isValidDate(p)) return { kind: 'date', date: p };
  }
  return { kind: 'none' };
}

/**
 * Reads `text` as a date for a customer writing in `lng` from the region of `localeTag`.
 * `now` only settles two-digit years and chrono's reference; it is never a default for a part.
 */
export function readDate(text: string, lng: Locale, localeTag: string | undefined, now: Date): DateReading {
  // "17 05 1990": numbers separated by spaces alone read as a numeric date.
  const said = /^\d{1,4}\s+\d{1,2}\s+\d{1,4}$/.test(text.trim())
    ? text.trim().replace(/\s+/g, '/')
    : text.trim();
  const numeric = readNumeric(said, dayOrderOf(localeTag, lng), now);
  if (numeric) return numeric;
  // Only a date with a word in it goes to chrono: numbers alone are read by the region's rule above.
  if (!/\p{L}/u.test(said)) return { kind: 'none' };
  return readWords(said, lng, now);
}

/** The date with its month spelled out, in the customer's language and region ("6 May 1990"). */
export function spelledDate(p: DateParts, localeTag: string | undefined, lng: Locale): string {
  const tag = localeTag && /^[a-z]{2}\b/i.test(localeTag) ? localeTag : lng;
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' });
  } catch {
    fmt = new Intl.DateTimeFormat(lng, { dateStyle: 'long', timeZone: 'UTC' });
  }
  return fmt.format(new Date(Date.UTC(p.y, p.m - 1, p.d)));
}
