/**
 * Reads which option a customer picked, and whether they said yes or no, the way people say it:
 * the option's number or ordinal ("2", "2nd", "the second one", "de tweede", "la deuxième", "die
 * zweite"), its label or a synonym (also inside a sentence, or with a small typo), and the locale's
 * yes and no words ("sure", "ja hoor", "non merci"). Pure: the word lists come compiled from the
 * locales (answer-words.ts); every comparison is on folded words (lower case, no accents).
 */
import { distance } from 'fastest-levenshtein';
import { fold } from './recognize.ts';

/** The word lists recognition needs, folded. */
export interface AnswerWords {
  readonly yes: ReadonlySet<string>;
  readonly no: ReadonlySet<string>;
  /** Words that soften a yes or a no without changing it ("please", "thanks", "hoor", "bitte"). */
  readonly polite: ReadonlySet<string>;
  /** Ordinal and number words to their position (1-based); `-1` is the last option. */
  readonly ordinals: ReadonlyMap<string, number>;
  /** Words around a pick that say nothing about which ("the", "one", "option", "de", "la", "die"). */
  readonly filler: ReadonlySet<string>;
}

export type YesNo = 'yes' | 'no';

/** Whether the folded words are a yes or a no phrase, optionally followed by polite words. */
export function readYesNo(words: AnswerWords, text: string): YesNo | undefined {
  const w = fold(text);
  if (w.length === 0) return undefined;
  for (let k = w.length; k >= 1; k--) {
    const head = w.slice(0, k).join(' ');
    const kind: YesNo | undefined = words.yes.has(head) ? 'yes' : words.no.has(head) ? 'no' : undefined;
    if (!kind) continue;
    const rest = w.slice(k);
    const same = kind === 'yes' ? words.yes : words.no;
    if (rest.every((x) => words.polite.has(x) || same.has(x))) return kind;
    return undefined;
  }
  return undefined;
}

/** A digit position with an ordinal suffix of any shipped language: 2, 2nd, 2e, 2ème, 2de, 2ste, 2te. */
const DIGIT_ORDINAL = /^(\d{1,2})(?:st|nd|rd|th|e|er|re|ere|eme|de|ste|te|ter|tes|ten)?$/;

/** The position a token names, or undefined. */
function positionOf(words: AnswerWords, token: string): number | undefined {
  const digits = DIGIT_ORDINAL.exec(token)?.[1];
  return digits ? Number(digits) : words.ordinals.get(token);
}

/** The option picked by its number or ordinal: exactly one position word, the rest filler. */
function byPosition(words: AnswerWords, w: readonly string[], count: number): number | undefined {
  const isPosition = (x: string) => positionOf(words, x) !== undefined;
  // "one" is filler in "the second one" but the pick in "one": filler counts only when nothing else does.
  const strict = w.filter((x) => isPosition(x) && !words.filler.has(x));
  const candidates = strict.length > 0 ? strict : w.filter(isPosition);
  const token = candidates[0];
  if (candidates.length !== 1 || token === undefined) return undefined;
  if (!w.every((x) => x === token || words.filler.has(x))) return undefined;
  const p = positionOf(words, token) ?? 0;
  const index = p === -1 ? count - 1 : p - 1;
  return index >= 0 && index < count ? index : undefined;
}

/** Edits allowed for a typo in a word of this length: none for short words. */
const tolerance = (len: number): number => (len <= 3 ? 0 : len <= 5 ? 1 : len <= 9 ? 2 : 3);

/** Whether `part` occurs in `w` as consecutive whole words. */
const containsWords = (w: readonly string[], part: readonly string[]): boolean =>
  part.length > 0 && w.some((_, i) => part.every((p, j) => w[i + j] === p));

/** The single index for which `test` holds, or undefined when none or several do. */
function only(labels: readonly (readonly string[])[], test: (l: string) => boolean): number | undefined {
  const hits = labels.flatMap((ls, i) => (ls.some(test) ? [i] : []));
  return hits.length === 1 ? hits[0] : undefined;
}

/** The option whose label is the answer with a small typo, if exactly one is clearly nearest. */
function byTypo(labels: readonly (readonly string[])[], said: string): number | undefined {
  const scored = labels.map((ls, i) => ({
    i,
    d: Math.min(...ls.map((l) => (distance(said, l) <= tolerance(l.length) ? distance(said, l) : Infinity))),
  }));
  const best = scored.filter((s) => Number.isFinite(s.d)).sort((a, b) => a.d - b.d);
  if (best.length === 0 || (best.length > 1 && best[0]?.d === best[1]?.d)) return undefined;
  return best[0]?.i;
}

/**
 * Which of `options` the answer picks (0-based), each option given as its names (label in the
 * customer's language and in en, id, synonyms). Undefined when it names none or more than one.
 */
export function readChoice(
  words: AnswerWords,
  options: readonly (readonly string[])[],
  text: string,
): number | undefined {
  const w = fold(text);
  const said = w.join(' ');
  if (said === '') return undefined;
  const labels = options.map((names) => [...new Set(names.map((n) => fold(n).join(' ')).filter(Boolean))]);
  const exact = only(labels, (l) => l === said);
  if (exact !== undefined) return exact;
  const position = byPosition(words, w, options.length);
  if (position !== undefined) return position;
  const inside = only(labels, (l) => containsWords(w, l.split(' ')));
  if (inside !== undefined) return inside;
  const content = w.filter((x) => !words.filler.has(x)).join(' ');
  if (content.length >= 3) {
    const prefix = only(labels, (l) => l.startsWith(content));
    if (prefix !== undefined) return prefix;
  }
  return byTypo(labels, content || said);
}
