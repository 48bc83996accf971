/**
 * The grammatical forms of an item's name, per language, so sentences read natively: "Ihre
 * Handynummer" / "Ihr Geburtsdatum", "votre adresse e-mail" / "quelle est", "je mobiele nummer" /
 * "een mobiel nummer". Each locale's `items.<id>` in map.json declares the name and, where the
 * language has them, its gender (de f/m/n, fr m/f, nl de/het); the forms follow from the tables
 * below, and any form may be written out in `forms` where the rule does not fit. Texts use them as
 * `{{item.your}}`, `{{item.your_dat}}`…; plain `{{item}}` is the bare name, `{{item.title}}` the
 * name as a list entry starts ("Mobile number").
 */
import { z } from 'zod';
import { memoBy } from './memo.ts';
import type { Catalog } from './schema.ts';
import { SHIPPED_LOCALES, type Locale, type Texts } from './texts.ts';
import { polish } from './typography.ts';

type Table = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Forms per gender; `{n}` is the name, `{i}` its inflected form (nl: after an article). */
const EN: Table = {
  your: { any: 'your {n}' },
  the: { any: 'the {n}' },
  a: { any: 'a {n}', vowel: 'an {n}' },
  it: { any: 'it' },
  this: { any: 'this {n}' },
  your_new: { any: 'your new {n}' },
  /** The customer's own words: "delete my email address". */
  my: { any: 'my {n}' },
};

const DE: Table = {
  your: { f: 'Ihre {n}', m: 'Ihr {n}', n: 'Ihr {n}' },
  your_acc: { f: 'Ihre {n}', m: 'Ihren {n}', n: 'Ihr {n}' },
  your_dat: { f: 'Ihrer {n}', m: 'Ihrem {n}', n: 'Ihrem {n}' },
  your_new: { f: 'Ihre neue {n}', m: 'Ihr neuer {n}', n: 'Ihr neues {n}' },
  the: { f: 'die {n}', m: 'der {n}', n: 'das {n}' },
  the_acc: { f: 'die {n}', m: 'den {n}', n: 'das {n}' },
  the_dat: { f: 'der {n}', m: 'dem {n}', n: 'dem {n}' },
  a: { f: 'eine {n}', m: 'ein {n}', n: 'ein {n}' },
  a_acc: { f: 'eine {n}', m: 'einen {n}', n: 'ein {n}' },
  a_dat: { f: 'einer {n}', m: 'einem {n}', n: 'einem {n}' },
  this: { f: 'diese {n}', m: 'dieser {n}', n: 'dieses {n}' },
  this_acc: { f: 'diese {n}', m: 'diesen {n}', n: 'dieses {n}' },
  it: { f: 'sie', m: 'er', n: 'es' },
  it_acc: { f: 'sie', m: 'ihn', n: 'es' },
  it_dat: { f: 'ihr', m: 'ihm', n: 'ihm' },
  my_acc: { f: 'meine {n}', m: 'meinen {n}', n: 'mein {n}' },
  my_dat: { f: 'meiner {n}', m: 'meinem {n}', n: 'meinem {n}' },
};

/** French forms; elision ("l’adresse", "de l’adresse") is applied to the result. */
const FR: Table = {
  your: { m: 'votre {n}', f: 'votre {n}' },
  your_new: { m: 'votre nouveau {n}', f: 'votre nouvelle {n}', m_vowel: 'votre nouvel {n}' },
  the: { m: 'le {n}', f: 'la {n}' },
  of_the: { m: 'du {n}', f: 'de la {n}' },
  to_the: { m: 'au {n}', f: 'à la {n}' },
  a: { m: 'un {n}', f: 'une {n}' },
  this: { m: 'ce {n}', f: 'cette {n}' },
  it: { m: 'le', f: 'la' },
  /** The subject pronoun: "il"/"elle". */
  he: { m: 'il', f: 'elle' },
  which: { m: 'quel', f: 'quelle' },
  /** The ending a past participle or adjective takes: "supprimé{{item.e}}". */
  e: { m: '', f: 'e' },
  my: { m: 'mon {n}', f: 'ma {n}', f_vowel: 'mon {n}' },
};

const NL: Table = {
  your: { de: 'je {i}', het: 'je {i}' },
  your_new: { de: 'je nieuwe {i}', het: 'je nieuwe {i}' },
  the: { de: 'de {i}', het: 'het {i}' },
  a: { de: 'een {i}', het: 'een {n}' },
  this: { de: 'deze {i}', het: 'dit {i}' },
  it: { de: 'die', het: 'het' },
  my: { de: 'mijn {i}', het: 'mijn {i}' },
};

const GRAMMAR: Readonly<Record<Locale, { genders: readonly string[]; table: Table }>> = {
  en: { genders: [], table: EN },
  de: { genders: ['f', 'm', 'n'], table: DE },
  fr: { genders: ['m', 'f'], table: FR },
  nl: { genders: ['de', 'het'], table: NL },
};

/** The form names `{{item.<form>}}` may use in `lng`, beside `name`. */
export const formNames = (lng: Locale): string[] => ['title', ...Object.keys(GRAMMAR[lng].table)];

/** An item's words in one locale's map.json, as editors write them. */
export const ItemText = z.strictObject({
  /** The bare name, as in a list or after "a": "mobile number", "mobiel nummer". */
  name: z.string().min(1),
  /** Other words customers use for it (recognition only). */
  aliases: z.array(z.string()).default([]),
  /** The grammatical gender, where the language has one: de f/m/n, fr m/f, nl de/het. */
  gender: z.string().optional(),
  /** nl: the name after an article or possessive ("mobiele nummer"), when it differs. */
  inflected: z.string().min(1).optional(),
  /** Forms written out where the rule does not fit: `{ "a": "an email address" }`. */
  forms: z.record(z.string(), z.string().min(1)).optional(),
  /** A choice item's options as customers see them: `{ "e-bike": "Electric bike" }` (else the ids). */
  options: z.record(z.string(), z.string().min(1)).optional(),
});
export type ItemText = z.infer<typeof ItemText>;

/** An item's forms in one language; as a string (`{{item}}`) it is the bare name. */
export type ItemWords = Readonly<Record<string, string>> & { readonly name: string; toString(): string };

const VOWEL_START = /^[aàâeéèêiîoôœæ]/i;

function pick(lng: Locale, forms: Readonly<Record<string, string>>, text: ItemText): string {
  const gender = text.gender ?? 'any';
  const vowel = VOWEL_START.test(text.name) ? (forms[`${gender}_vowel`] ?? forms.vowel) : undefined;
  const template = vowel ?? forms[gender] ?? forms.any ?? Object.values(forms)[0] ?? '{n}';
  const made = template.replaceAll('{n}', text.name).replaceAll('{i}', text.inflected ?? text.name);
  return polish(lng, made);
}

/** Every form of an item's name from its declared words in `lng`. */
export function wordsOf(lng: Locale, text: ItemText): ItemWords {
  const forms: Record<string, string> = { name: text.name };
  for (const [form, byGender] of Object.entries(GRAMMAR[lng].table)) {
    forms[form] = text.forms?.[form] ?? pick(lng, byGender, text);
  }
  const title = `${text.name[0]?.toUpperCase() ?? ''}${text.name.slice(1)}`;
  const words = { ...forms, name: text.name, title: text.forms?.title ?? title };
  Object.defineProperty(words, 'toString', { value: () => text.name, enumerable: false });
  return words;
}

/** A template in `lng` with an item put in: `{{item}}` its name, `{{item.<form>}}` that form. */
export const fillItem = (template: string, words: ItemWords): string =>
  template.replace(/\{\{\s*item(?:\.([a-z_]+))?\s*\}\}/g, (all, form?: string) =>
    form ? (words[form] ?? all) : words.name,
  );

/** The declared words of an item in `lng` (no fallback), or undefined when absent or malformed. */
function declared(texts: Texts, lng: Locale, item: string): ItemText | undefined {
  const parsed = ItemText.safeParse(texts.value(lng, `items.${item}`, 'map'));
  return parsed.success ? parsed.data : undefined;
}

const memo = memoBy<Texts, ItemWords>();
const labels = memoBy<Texts, string>();

/**
 * What a choice item's option is called in `lng`: its `items.<item>.options.<option>` in map.json,
 * else the English one, else the option's id. Buttons show it; an answer may use it or the id.
 */
export const optionLabel = (texts: Texts, lng: Locale, item: string, option: string): string =>
  labels(
    texts,
    `${lng}\0${item}\0${option}`,
    () =>
      declared(texts, lng, item)?.options?.[option] ??
      declared(texts, 'en', item)?.options?.[option] ??
      option,
  );

/** An item's words in `lng` (falling back to en, then to its id), ready for `{{item.your}}`. */
export const itemWords = (texts: Texts, lng: Locale, item: string): ItemWords =>
  memo(texts, `${lng}\0${item}`, () => Object.freeze(madeWords(texts, lng, item)));

function madeWords(texts: Texts, lng: Locale, item: string): ItemWords {
  const own = declared(texts, lng, item);
  if (own) return wordsOf(lng, own);
  const en = declared(texts, 'en', item);
  return wordsOf(lng, en ?? { name: item, aliases: [] });
}

/** What is wrong with the words declared for `item` in `lng`, in an editor's terms. */
export function itemWordsProblems(texts: Texts, lng: Locale, item: string): string[] {
  const raw = texts.value(lng, `items.${item}`, 'map');
  if (raw === undefined) return [];
  const parsed = ItemText.safeParse(raw);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => `items.${item}.${i.path.join('.')} in locale ${lng}: ${i.message}`);
  }
  const { genders } = GRAMMAR[lng];
  const out: string[] = [];
  const g = parsed.data.gender;
  if (genders.length > 0 && (g === undefined || !genders.includes(g))) {
    out.push(
      `item "${item}" needs its gender in locale ${lng} (${genders.join(', ')}), so sentences can say "${lng === 'de' ? 'Ihre/Ihr' : lng === 'fr' ? 'quel/quelle' : 'de/het'} …": add "gender" to items.${item} in ${texts.files.get(`${lng}/map`) ?? `locales/${lng}/map.json`}`,
    );
  }
  if (genders.length === 0 && g !== undefined) out.push(`items.${item}.gender: locale ${lng} has no genders`);
  const known = formNames(lng);
  for (const f of Object.keys(parsed.data.forms ?? {}).filter((k) => !known.includes(k))) {
    out.push(`items.${item}.forms.${f} in locale ${lng}: unknown form (known: ${known.join(', ')})`);
  }
  return out;
}

/** Option names declared for options the item does not have (a typo, or an option removed). */
function unknownOptions(catalog: Catalog, texts: Texts, lng: Locale, item: string): string[] {
  const known = catalog.items[item]?.constraints.options ?? [];
  return Object.keys(declared(texts, lng, item)?.options ?? {})
    .filter((o) => !known.includes(o))
    .map(
      (o) =>
        `items.${item}.options.${o} in locale ${lng}: "${item}" has no option "${o}" (its options: ${known.join(', ') || 'none'})`,
    );
}

/** Problems of every item's words in every shipped locale. */
export const itemWordsIssues = (catalog: Catalog, texts: Texts): { item: string; message: string }[] =>
  Object.keys(catalog.items).flatMap((item) =>
    SHIPPED_LOCALES.flatMap((lng) =>
      [...itemWordsProblems(texts, lng, item), ...unknownOptions(catalog, texts, lng, item)].map(
        (message) => ({ item, message }),
      ),
    ),
  );
