/**
 * Recognises and validates a customer's answer for an item type. Returns the normalised value
 * (phones in E.164) or the i18n key of the reason it was refused. Never throws on bad input.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { Item, Locale } from '../map/index.ts';

export type AnswerResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: string; readonly vars?: Record<string, unknown> };

const DEFAULT_REGION: Record<Locale, CountryCode> = { en: 'GB', nl: 'NL', fr: 'FR', de: 'DE' };

/** The phone region for a locale tag: its region part (`nl-BE` → BE), else the language's home. */
export function regionFor(localeTag: string | undefined, locale: Locale): CountryCode {
  const region = /^[a-z]{2}-([A-Z]{2})$/i.exec(localeTag ?? '')?.[1]?.toUpperCase();
  return (region as CountryCode | undefined) ?? DEFAULT_REGION[locale];
}

const fail = (reason: string, vars?: Record<string, unknown>): AnswerResult =>
  vars ? { ok: false, reason, vars } : { ok: false, reason };

function phone(text: string, item: Item, region: CountryCode): AnswerResult {
  const n = parsePhoneNumberFromString(text, region);
  if (!n?.isValid()) return fail('invalid.phone');
  const type = n.getType();
  if (item.constraints.phoneKind === 'mobile' && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') {
    return fail('invalid.mobile');
  }
  return { ok: true, value: n.number };
}

const Email = z.email();

/** Accepts 1990-05-17, 17-05-1990, 17/05/1990 and 17.05.1990. */
function parseDate(text: string): Date | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const eu = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : eu ? [eu[3], eu[2], eu[1]] : [];
  if (!y || !m || !d) return undefined;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d) ? date : undefined;
}

function date(text: string, item: Item, now: Date): AnswerResult {
  const d = parseDate(text);
  if (!d) return fail('invalid.date');
  if (item.constraints.past && d >= now) return fail('invalid.date-past');
  if (item.constraints.future && d <= now) return fail('invalid.date-future');
  if (d.getUTCFullYear() < 1900) return fail('invalid.date');
  return { ok: true, value: d.toISOString().slice(0, 10) };
}

/**
 * Longest answer a designer's pattern is run on: patterns are checked for catastrophic
 * backtracking when the map loads, and this bounds what any remaining super-linear one can cost.
 */
export const MAX_PATTERN_INPUT = 100;

function text(value: string, item: Item): AnswerResult {
  const c = item.constraints;
  if (c.minLength !== undefined && value.length < c.minLength)
    return fail('invalid.too-short', { min: c.minLength });
  if (c.maxLength !== undefined && value.length > c.maxLength)
    return fail('invalid.too-long', { max: c.maxLength });
  if (c.pattern && value.length > MAX_PATTERN_INPUT)
    return fail('invalid.too-long', { max: MAX_PATTERN_INPUT });
  if (c.pattern && !new RegExp(`^(?:${c.pattern})$`).test(value)) return fail('invalid.format');
  return { ok: true, value };
}

function number(value: string, item: Item): AnswerResult {
  const n = Number(value.replace(',', '.'));
  if (value === '' || !Number.isFinite(n)) return fail('invalid.number');
  if (item.constraints.min !== undefined && n < item.constraints.min)
    return fail('invalid.too-small', { min: item.constraints.min });
  if (item.constraints.max !== undefined && n > item.constraints.max)
    return fail('invalid.too-large', { max: item.constraints.max });
  return { ok: true, value: String(n) };
}

export interface AnswerContext {
  readonly locale: Locale;
  readonly localeTag?: string;
  readonly now: Date;
  /** Localised yes/no words for boolean items. */
  readonly yes: readonly string[];
  readonly no: readonly string[];
}

/** Validates `raw` as a value of `item`. */
export function validateAnswer(raw: string, item: Item, ctx: AnswerContext): AnswerResult {
  const value = raw.trim();
  if (value === '') return fail('invalid.empty');
  if (value.length > 500) return fail('invalid.too-long', { max: 500 });
  switch (item.type) {
    case 'phone':
      return phone(value, item, regionFor(ctx.localeTag, ctx.locale));
    case 'email':
      return Email.safeParse(value.toLowerCase()).success
        ? { ok: true, value: value.toLowerCase() }
        : fail('invalid.email');
    case 'date':
      return date(value, item, ctx.now);
    case 'number':
      return number(value, item);
    case 'boolean': {
      // The stored forms `true` / `false` read as themselves, so a held value re-validates.
      const v = value.toLowerCase();
      if (v === 'true' || ctx.yes.includes(v)) return { ok: true, value: 'true' };
      return v === 'false' || ctx.no.includes(v) ? { ok: true, value: 'false' } : fail('invalid.boolean');
    }
    case 'choice': {
      const options = item.constraints.options ?? [];
      const v = value.toLowerCase();
      return options.includes(v)
        ? { ok: true, value: v }
        : fail('invalid.choice', { options: options.join(', ') });
    }
    case 'postal-code':
      return text(value.toUpperCase().replace(/\s+/g, ' '), {
        ...item,
        constraints: { pattern: '[A-Z0-9][A-Z0-9 -]{2,9}', ...item.constraints },
      });
    case 'text':
      return text(value, item);
  }
}
