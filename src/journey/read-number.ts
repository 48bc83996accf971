/**
 * Reads a number or an amount as people write it: thousands separators (".", ",", spaces, "'"),
 * a decimal comma or point, a currency symbol or ISO code before or after, a sign. "1.234,50 €",
 * "€1,234.50", "CHF 1'234.50", "1 234,50 EUR" and "€ 12,-" all read. A lone separator followed
 * by exactly three digits ("1.234", "1,234") is the one case the digits cannot settle: the
 * customer's locale does (its decimal separator is a decimal, the other a thousands separator).
 */

/** Currency signs and words that may stand before or after an amount. */
const CURRENCY =
  /^(?:[€$£¥₣₹]|us\$|eur|usd|gbp|chf|jpy|cad|aud|sek|nok|dkk|pln|czk|euros?|dollars?|pounds?|francs?|fr\.?|sfr\.?)$/i;

/** A spaced or apostrophe thousands separator: any kind of space, ', ’. */
const SPACE_GROUP = /(?<=\d)[\s\u00a0\u202f'’](?=\d{3}(?!\d))/g;

/**
 * The decimal separator of a locale tag ("," for nl, fr, de, en-ZA…; "." for en, de-CH…); a tag
 * Intl does not know (or one of another language) falls back to the customer's language.
 */
export function decimalSeparatorOf(localeTag: string, lng: string): ',' | '.' {
  const tag = localeTag.replace('_', '-');
  let known: string[] = [];
  try {
    known = Intl.NumberFormat.supportedLocalesOf(tag);
  } catch {
    known = [];
  }
  const use = known[0]?.toLowerCase().startsWith(lng) ? tag : lng;
  const part = new Intl.NumberFormat(use).formatToParts(1.5).find((p) => p.type === 'decimal');
  return part?.value === ',' ? ',' : '.';
}

/** Splits off currency signs and codes on either side: "€1,234.50" → "1,234.50". */
function withoutCurrency(text: string): string | undefined {
  const tokens = text
    .replace(/([€$£¥₣₹])/g, ' $1 ')
    .trim()
    .split(/\s+/);
  // Currency tokens may stand only at the start or the end, at most one on each side.
  const first = tokens[0] ?? '';
  if (CURRENCY.test(first)) tokens.shift();
  const last = tokens[tokens.length - 1] ?? '';
  if (CURRENCY.test(last)) tokens.pop();
  const rest = tokens.join(' ');
  return /[\p{L}€$£¥₣₹]/u.test(rest) ? undefined : rest;
}

/** A first group of digits before a thousands separator: one to three, not starting with 0. */
const FIRST_GROUP = /^[1-9]\d{0,2}$/;

/** Whether every group after the first has exactly three digits and the first one to three (no leading 0). */
const grouped = (parts: readonly string[]): boolean =>
  FIRST_GROUP.test(parts[0] ?? '') && parts.slice(1).every((p) => /^\d{3}$/.test(p));

/** The digits with one kind of grouping separator `sep` and an optional decimal part after `dec`. */
function withSeparators(body: string, sep: string | undefined, dec: string | undefined): number | undefined {
  const [whole = '', fraction, ...extra] = dec ? body.split(dec) : [body];
  if (extra.length > 0 || (fraction !== undefined && !/^\d+$/.test(fraction))) return undefined;
  const groups = sep ? whole.split(sep) : [whole];
  if (sep ? !grouped(groups) : !/^\d+$/.test(whole)) return undefined;
  return Number(`${groups.join('')}${fraction ? `.${fraction}` : ''}`);
}

/** Reads the unsigned digits part with "." and "," in any of their roles. */
function readDigits(body: string, localeDecimal: ',' | '.'): number | undefined {
  const dots = body.split('.').length - 1;
  const commas = body.split(',').length - 1;
  if (dots === 0 && commas === 0) return withSeparators(body, undefined, undefined);
  if (dots > 0 && commas > 0) {
    // Both: whichever comes last is the decimal separator.
    const dec = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
    const sep = dec === '.' ? ',' : '.';
    return withSeparators(body, sep, dec);
  }
  const sep = dots > 0 ? '.' : ',';
  if (dots + commas > 1) return withSeparators(body, sep, undefined);
  // One separator: three digits after it read as thousands unless it is the locale's decimal.
  const after = body.slice(body.indexOf(sep) + 1);
  // "0.001" is never a thousand: a leading 0 makes the separator a decimal one.
  const thousands = after.length === 3 && sep !== localeDecimal && FIRST_GROUP.test(body.split(sep)[0] ?? '');
  return thousands ? withSeparators(body, sep, undefined) : withSeparators(body, undefined, sep);
}

/**
 * Reads `text` as a number in the convention of `localeTag`; undefined when it is not one.
 * A trailing ",-" or ".–" (a round amount: "€ 12,-") reads as no decimals.
 */
export function readNumber(text: string, localeTag: string, lng: string): number | undefined {
  const bare = withoutCurrency(text.trim().replace(/[.,][-–—]$/, ''));
  if (bare === undefined) return undefined;
  const compact = bare.replace(SPACE_GROUP, '');
  if (/\s/.test(compact)) return undefined;
  const m = /^([-+−]?)(\d[\d.,]*)$/.exec(compact) ?? /^([-+−]?)([.,]\d+)$/.exec(compact);
  if (!m) return undefined;
  const body = (m[2] ?? '').startsWith('.') || (m[2] ?? '').startsWith(',') ? `0${m[2]}` : (m[2] ?? '');
  const n = readDigits(body, decimalSeparatorOf(localeTag, lng));
  if (n === undefined || !Number.isFinite(n)) return undefined;
  return m[1] === '-' || m[1] === '−' ? -n : n;
}
