/** Recognises commands ("Why?", "No thanks") and journey triggers in a customer's words. */
import type { DialogueMap, Locale, Texts } from '../map/index.ts';

/** Lower-case, without punctuation or extra spaces, for matching words not characters. */
export const normalize = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export type Command = 'why' | 'decline' | 'yes' | 'cancel' | 'help' | 'later' | 'never-again';

/** Whether `text` is one of the locale's words for `command` (its button title included). */
export function isCommand(texts: Texts, lng: Locale, text: string, command: Command): boolean {
  const said = normalize(text);
  const words = [...texts.list(lng, `commands.${command}`), ...texts.list('en', `commands.${command}`)];
  return words.some((w) => normalize(w) === said);
}

/** The journey whose trigger phrase (or title) the text contains: the customer's locale first, then en. */
export function matchTrigger(map: DialogueMap, texts: Texts, lng: Locale, text: string): string | undefined {
  return matchIn(map, texts, lng, text) ?? (lng === 'en' ? undefined : matchIn(map, texts, 'en', text));
}

function matchIn(map: DialogueMap, texts: Texts, lng: Locale, text: string): string | undefined {
  const said = ` ${normalize(text)} `;
  for (const id of map.journeys.keys()) {
    const phrases = [
      ...texts.list(lng, `journeys.${id}.triggers`, 'map'),
      texts.t(lng, `journeys.${id}.title`, {}, 'map'),
    ];
    if (phrases.some((p) => normalize(p) !== '' && said.includes(` ${normalize(p)} `))) return id;
  }
  return undefined;
}

/** The names a customer may use for an item: its name and aliases, in their language and in en. */
export function itemNames(texts: Texts, lng: Locale, item: string): string[] {
  const names = (l: Locale) => [
    texts.t(l, `items.${item}.name`, {}, 'map'),
    ...texts.list(l, `items.${item}.aliases`, 'map'),
  ];
  return [...new Set([...names(lng), ...names('en')].map(normalize).filter((n) => n !== ''))];
}

/** The item in a "never ask me for my <item>" sentence, if the text is one. */
export function matchNeverAsk(map: DialogueMap, texts: Texts, lng: Locale, text: string): string | undefined {
  const said = normalize(text);
  const templates = [...texts.list(lng, 'commands.never-item'), ...texts.list('en', 'commands.never-item')];
  for (const item of Object.keys(map.catalog.items)) {
    for (const name of itemNames(texts, lng, item)) {
      if (templates.some((tpl) => normalize(tpl.replace('{{item}}', name)) === said)) return item;
    }
  }
  return undefined;
}
