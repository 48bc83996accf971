/**
 * The word lists answers are read with, per locale, from `locales/<lng>/bot.json` (`values.*`,
 * plus the older `commands.yes` / `commands.no`), merged with en (people type English in every
 * language), folded and compiled once per loaded texts.
 */
import type { Locale, Texts } from '../map/index.ts';
import { onceFor } from './compiled.ts';
import type { AnswerWords } from './read-choice.ts';
import { fold } from './recognize.ts';

const POSITIONS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] as const;

function phrases(texts: Texts, lng: Locale, keys: readonly string[]): Set<string> {
  const langs: Locale[] = lng === 'en' ? ['en'] : [lng, 'en'];
  const all = langs.flatMap((l) => keys.flatMap((k) => texts.list(l, k)));
  return new Set(all.map((p) => fold(p).join(' ')).filter(Boolean));
}

/** Single folded words of the lists (a phrase "s'il vous plaît" gives "s", "il", "vous", "plait"). */
const wordsOf = (set: ReadonlySet<string>): Set<string> => new Set([...set].flatMap((p) => p.split(' ')));

function ordinals(texts: Texts, lng: Locale): Map<string, number> {
  const map = new Map<string, number>();
  const langs: Locale[] = lng === 'en' ? ['en'] : [lng, 'en'];
  for (const l of langs) {
    for (const [i, p] of POSITIONS.entries()) {
      for (const w of texts.list(l, `values.ordinals.${p}`)) {
        const f = fold(w).join(' ');
        if (f && !map.has(f)) map.set(f, i + 1);
      }
    }
    for (const w of texts.list(l, 'values.ordinals.last')) {
      const f = fold(w).join(' ');
      if (f && !map.has(f)) map.set(f, -1);
    }
  }
  return map;
}

/** The locale's answer words, compiled once. */
export function answerWordsOf(texts: Texts, lng: Locale): AnswerWords {
  return onceFor(texts, `answer-words|${lng}`, () => ({
    yes: phrases(texts, lng, ['values.yes', 'commands.yes']),
    no: phrases(texts, lng, ['values.no', 'commands.no']),
    polite: wordsOf(phrases(texts, lng, ['values.polite'])),
    ordinals: ordinals(texts, lng),
    filler: wordsOf(phrases(texts, lng, ['values.filler'])),
  }));
}

/** The locale's words for "another number" (an offered value refused for one the customer types). */
export function anotherWordsOf(texts: Texts, lng: Locale): ReadonlySet<string> {
  return onceFor(texts, `another-words|${lng}`, () => {
    const set = phrases(texts, lng, ['values.another']);
    set.add(fold(texts.t(lng, 'values.buttons.another-number')).join(' '));
    return set;
  });
}
