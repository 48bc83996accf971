/** Recognises commands ("Why?", "No thanks") and journey triggers in a customer's words. */
import { fillItem, itemWords, type DialogueMap, type Locale, type Texts } from '../map/index.ts';
import { onceFor, onceForMap } from './compiled.ts';

/** Lower-case, without punctuation or extra spaces, for matching words not characters. */
export const normalize = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export type Command = 'why' | 'decline' | 'yes' | 'no' | 'cancel' | 'help' | 'later' | 'never-again';

/** Whether `text` is one of the locale's words for `command` (its button title included). */
export function isCommand(texts: Texts, lng: Locale, text: string, command: Command): boolean {
  return phrasesOf(texts, lng, `commands.${command}`).has(normalize(text));
}

/** A phrase list of the locale and of en, normalised, compiled once. */
export function phrasesOf(texts: Texts, lng: Locale, key: string): ReadonlySet<string> {
  return onceFor(
    texts,
    `${lng}|${key}`,
    () => new Set([...texts.list(lng, key), ...texts.list('en', key)].map(normalize).filter(Boolean)),
  );
}

/**
 * The journey whose trigger phrase (or title) the text contains: the customer's locale first, then en.
 * A sentence that says "stop", "unsubscribe" or "no more" never starts a journey, whatever it names.
 */
export function matchTrigger(map: DialogueMap, texts: Texts, lng: Locale, text: string): string | undefined {
  if (withdrawalIn(texts, lng, text)) return undefined;
  return mentionedJourney(map, texts, lng, text);
}

/**
 * The journey one of whose example phrases (map.json `examples`, what the intent model learns
 * from) the text is, word for word: as sure as a trigger, even as one word ("verjaardagscadeau").
 */
export function exampleJourney(
  map: DialogueMap,
  texts: Texts,
  lng: Locale,
  text: string,
): string | undefined {
  const said = normalize(text);
  if (!said) return undefined;
  return [...map.journeys.keys()].find((id) =>
    onceFor(
      texts,
      `${lng}|examples|${id}`,
      () => new Set(texts.list(lng, `journeys.${id}.examples`, 'map').map(normalize)),
    ).has(said),
  );
}

/** The journey whose trigger phrase or title appears in the text, negated or not. */
export function mentionedJourney(
  map: DialogueMap,
  texts: Texts,
  lng: Locale,
  text: string,
): string | undefined {
  return matchIn(map, texts, lng, text) ?? (lng === 'en' ? undefined : matchIn(map, texts, 'en', text));
}

/** Folded words: normalised, without diacritics ("désabonner" and "desabonner" read the same). */
export const fold = (s: string): string[] =>
  normalize(s)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .split(' ')
    .filter(Boolean);

/** At most this many words may stand between the parts of a cue such as "geen … meer". */
const MAX_GAP = 6;

/** A phrase as word parts: "geen … meer" → [["geen"], ["meer"]]. */
type Cue = readonly (readonly string[])[];

const cueOf = (phrase: string): Cue =>
  phrase
    .split('…')
    .map(fold)
    .filter((p) => p.length > 0);

/** Where `part` occurs as whole words in `words` at or after `from`, or -1. */
function indexOfWords(words: readonly string[], part: readonly string[], from: number, to: number): number {
  for (let i = from; i <= Math.min(to, words.length - part.length); i++) {
    if (part.every((w, j) => words[i + j] === w)) return i;
  }
  return -1;
}

/** Whether the words hold the cue's parts in order, each within MAX_GAP words of the one before. */
function hasCue(words: readonly string[], cue: Cue): boolean {
  const [first, ...rest] = cue;
  if (!first) return false;
  for (let start = indexOfWords(words, first, 0, words.length); start >= 0;) {
    let at = start + first.length;
    const ok = rest.every((part) => {
      const i = indexOfWords(words, part, at, at + MAX_GAP);
      if (i < 0) return false;
      at = i + part.length;
      return true;
    });
    if (ok) return true;
    start = indexOfWords(words, first, start + 1, words.length);
  }
  return false;
}

/** The locale's (and en's) withdrawal verbs and cues, compiled once. */
function cuesFor(texts: Texts, lng: Locale): { verbs: Cue[]; cues: Cue[] } {
  return onceFor(texts, `withdraw|${lng}`, () => {
    const list = (key: string) =>
      [...new Set([...texts.list(lng, key), ...texts.list('en', key)])].map(cueOf).filter((q) => q.length);
    const cues = [...list('commands.withdraw-cues'), ...list('intents.withdraw-cues')];
    return { verbs: list('commands.withdraw-verbs'), cues };
  });
}

/**
 * Whether the text asks to stop something: `verb` for a word that means it alone ("unsubscribe",
 * "afmelden", "désabonner", "abbestellen"), `cue` for a negation or stop word that only means it
 * together with what it names ("I don't want the newsletter any more", "keine Werbung mehr").
 */
export function withdrawalIn(texts: Texts, lng: Locale, text: string): 'verb' | 'cue' | undefined {
  const words = fold(text);
  const { verbs, cues } = cuesFor(texts, lng);
  if (verbs.some((v) => hasCue(words, v))) return 'verb';
  if (cues.some((c) => hasCue(words, c))) return 'cue';
  return undefined;
}

/** The first catalog item whose name or alias the text mentions as whole words. */
export function mentionedItem(map: DialogueMap, texts: Texts, lng: Locale, text: string): string | undefined {
  const words = fold(text);
  const names = onceForMap(map, texts, `item-cues|${lng}`, () =>
    Object.keys(map.catalog.items).map((item) => [item, itemNames(texts, lng, item).map(cueOf)] as const),
  );
  return names.find(([, cues]) => cues.some((c) => hasCue(words, c)))?.[0];
}

/** Plural and inflection endings a trigger's last word may carry ("newsletters", "Newslettern"). */
const ENDINGS = ['', 's', 'es', 'n', 'en', 'e'];

function matchIn(map: DialogueMap, texts: Texts, lng: Locale, text: string): string | undefined {
  const said = ` ${normalize(text)} `;
  const names = (p: string) => ENDINGS.some((e) => said.includes(`${p.trimEnd()}${e} `));
  return triggersOf(map, texts, lng).find(([, phrases]) => phrases.some(names))?.[0];
}

/** Each journey's trigger phrases and title, normalised and padded for whole-word search. */
function triggersOf(map: DialogueMap, texts: Texts, lng: Locale): [string, string[]][] {
  return onceForMap(map, texts, `triggers|${lng}`, () =>
    [...map.journeys.keys()].map((id): [string, string[]] => [
      id,
      [...texts.list(lng, `journeys.${id}.triggers`, 'map'), texts.t(lng, `journeys.${id}.title`, {}, 'map')]
        .map(normalize)
        .filter(Boolean)
        .map((p) => ` ${p} `),
    ]),
  );
}

/** The names a customer may use for an item: its name and aliases, in their language and in en. */
export function itemNames(texts: Texts, lng: Locale, item: string): string[] {
  return onceFor(texts, `item-names|${lng}|${item}`, () => {
    const names = (l: Locale) => [
      texts.t(l, `items.${item}.name`, {}, 'map'),
      ...texts.list(l, `items.${item}.aliases`, 'map'),
    ];
    return [...new Set([...names(lng), ...names('en')].map(normalize).filter((n) => n !== ''))];
  });
}

/**
 * Every sentence a `{{item}}` template list yields with every item name, normalised, to the item it
 * names; the first template and item win.
 */
export function itemSentences(
  map: DialogueMap,
  texts: Texts,
  lng: Locale,
  key: string,
): ReadonlyMap<string, string> {
  return onceForMap(map, texts, `item-sentences|${lng}|${key}`, () => {
    const sentences = new Map<string, string>();
    const templates = [...texts.list(lng, key), ...texts.list('en', key)];
    const add = (s: string, item: string) => void (sentences.has(s) || sentences.set(s, item));
    for (const item of Object.keys(map.catalog.items)) {
      for (const name of itemNames(texts, lng, item)) {
        for (const tpl of templates) add(normalize(tpl.replace('{{item}}', name)), item);
      }
      // Templates in the customer's grammar: "supprimez {{item.my}}" → "supprimez ma date de naissance".
      for (const words of [itemWords(texts, lng, item), itemWords(texts, 'en', item)]) {
        for (const tpl of templates.filter((x) => x.includes('{{item.')))
          add(normalize(fillItem(tpl, words)), item);
      }
    }
    return sentences;
  });
}

/** The item in a "never ask me for my <item>" sentence, if the text is one. */
export function matchNeverAsk(map: DialogueMap, texts: Texts, lng: Locale, text: string): string | undefined {
  return itemSentences(map, texts, lng, 'commands.never-item').get(normalize(text));
}
