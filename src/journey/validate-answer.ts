/**
 * Recognises and validates a customer's answer for an item type. Returns the normalised value
 * (phones in E.164, dates ISO, numbers with a decimal point) or the i18n key of the reason it was
 * refused. A value read from an answer that could mean something else (a date that reads two
 * ways, an e-mail domain with a likely typo) comes with `confirm`: it is stored only once the
 * customer says yes. Never throws on bad input.
 */
import { run as suggestEmail } from '@zootools/email-spell-checker';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { Item, Locale } from '../map/index.ts';
import { readChoice, readYesNo, type AnswerWords } from './read-choice.ts';
import { isoOf, readDate, spelledDate } from './read-date.ts';
import { readNumber } from './read-number.ts';

/** What the customer must confirm before a value is stored: the question, and the value a "no" keeps. */
export interface Confirm {
  readonly key: string;
  readonly vars: Record<string, unknown>;
  /** Stored on a "no" (the e-mail address as typed); without it a "no" asks again. */
  readonly otherwise?: string;
}

export type AnswerResult =
  | { readonly ok: true; readonly value: string; readonly confirm?: Confirm }
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

/** An address whose domain looks like a typo of a common one comes back to confirm the correction. */
function email(text: string): AnswerResult {
  const value = text.toLowerCase();
  if (!Email.safeParse(value).success) return fail('invalid.email');
  const s = suggestEmail({ email: value });
  if (!s || s.full === value || !Email.safeParse(s.full).success) return { ok: true, value };
  return {
    ok: true,
    value: s.full,
    confirm: { key: 'values.confirm-email', vars: { suggestion: s.full }, otherwise: value },
  };
}

/** An example date for "please add the year", in the customer's way of writing it. */
const YEAR_EXAMPLE = { y: 1990, m: 5, d: 17 };

function date(text: string, item: Item, ctx: AnswerContext): AnswerResult {
  const r = readDate(text, ctx.locale, ctx.localeTag, ctx.now);
  if (r.kind === 'no-year')
    return fail('values.date-year', { example: spelledDate(YEAR_EXAMPLE, ctx.localeTag, ctx.locale) });
  if (r.kind === 'none') return fail('invalid.date');
  const d = new Date(Date.UTC(r.date.y, r.date.m - 1, r.date.d));
  if (r.date.y < 1900) return fail('invalid.date');
  if (item.constraints.past && d >= ctx.now) return fail('invalid.date-past');
  if (item.constraints.future && d <= ctx.now) return fail('invalid.date-future');
  const value = isoOf(r.date);
  if (r.kind === 'date') return { ok: true, value };
  const spelled = spelledDate(r.date, ctx.localeTag, ctx.locale);
  return { ok: true, value, confirm: { key: 'values.confirm-date', vars: { date: spelled } } };
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

/** Most significant digits a number may have: beyond, a double no longer holds it exactly. */
const MAX_DIGITS = 15;

function number(value: string, item: Item, ctx: AnswerContext): AnswerResult {
  const n = readNumber(value, ctx.localeTag ?? ctx.locale, ctx.locale);
  const shown = n === undefined ? '' : String(n);
  if (n === undefined || /e/i.test(shown) || shown.replace(/\D|^0+/g, '').length > MAX_DIGITS)
    return fail('invalid.number');
  if (item.constraints.min !== undefined && n < item.constraints.min)
    return fail('invalid.too-small', { min: item.constraints.min });
  if (item.constraints.max !== undefined && n > item.constraints.max)
    return fail('invalid.too-large', { max: item.constraints.max });
  return { ok: true, value: shown === '-0' ? '0' : shown };
}

/** No words: a choice is then read by option id, number and typo only. */
const NO_WORDS: AnswerWords = {
  yes: new Set(),
  no: new Set(),
  polite: new Set(),
  ordinals: new Map(),
  filler: new Set(),
};

function boolean(value: string, ctx: AnswerContext): AnswerResult {
  // The stored forms `true` / `false` read as themselves, so a held value re-validates.
  const v = value.toLowerCase();
  const said = ctx.words ? readYesNo(ctx.words, value) : undefined;
  if (v === 'true' || said === 'yes' || ctx.yes.includes(v)) return { ok: true, value: 'true' };
  if (v === 'false' || said === 'no' || ctx.no.includes(v)) return { ok: true, value: 'false' };
  // Where the options are numbered (text-only channels: "1. Yes 2. No"), their number.
  const picked = readChoice(ctx.words ?? NO_WORDS, [['true'], ['false']], value);
  return picked === undefined
    ? fail('invalid.boolean')
    : { ok: true, value: picked === 0 ? 'true' : 'false' };
}

function choice(value: string, item: Item, ctx: AnswerContext): AnswerResult {
  const options = item.constraints.options ?? [];
  const names = options.map((o) => [o, ...(ctx.optionNames?.(o) ?? [])]);
  const i = readChoice(ctx.words ?? NO_WORDS, names, value);
  const picked = i === undefined ? undefined : options[i];
  // The options as the customer sees them on the buttons: their names, else their ids.
  const shown = names.map(([id, name]) => name ?? id);
  return picked ? { ok: true, value: picked } : fail('invalid.choice', { options: shown.join(', ') });
}

export interface AnswerContext {
  readonly locale: Locale;
  readonly localeTag?: string;
  readonly now: Date;
  /** Localised yes/no words for boolean items. */
  readonly yes: readonly string[];
  readonly no: readonly string[];
  /** The locale's answer words (yes/no phrases, ordinals), for booleans and choices. */
  readonly words?: AnswerWords;
  /** What a choice item's option is called in the customer's language, besides its id. */
  readonly optionNames?: (option: string) => readonly string[];
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
      return email(value);
    case 'date':
      return date(value, item, ctx);
    case 'number':
      return number(value, item, ctx);
    case 'boolean':
      return boolean(value, ctx);
    case 'choice':
      return choice(value, item, ctx);
    case 'postal-code':
      return text(value.toUpperCase().replace(/\s+/g, ' '), {
        ...item,
        constraints: { pattern: '[A-Z0-9][A-Z0-9 -]{2,9}', ...item.constraints },
      });
    case 'text':
      return text(value, item);
  }
}
