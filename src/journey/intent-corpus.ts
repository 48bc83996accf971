/**
 * What the intent model learns from, per locale: each journey's trigger phrases, example sentences
 * (`journeys.<id>.examples`: taught to the model only, never matched as words) and title (the
 * map's `locales/<lng>/map.json`), the rights phrases of `commands.rights-*` with every item name
 * put in for `{{item}}`, and the example sentences of `intents.examples` (bot.json). Pure; the
 * labels are the ones `intents.ts` reads back.
 */
import type { DialogueMap, Locale, Texts } from '../map/index.ts';
import { itemNames } from './recognize.ts';

/** A rights intent: what the customer wants done with their data. */
export const RIGHTS_INTENTS = [
  'access',
  'why',
  'export',
  'erasure',
  'rectification',
  'withdrawal',
  'unsubscribe',
  'restriction',
  'objection',
] as const;
export type RightsIntent = (typeof RIGHTS_INTENTS)[number];

/** Conversation commands the model also learns, so "let's stop here" reads as cancel. */
export const COMMAND_INTENTS = ['cancel', 'help'] as const;
export type CommandIntent = (typeof COMMAND_INTENTS)[number];

/** The `commands.rights-*` lists that teach a rights intent. */
const RIGHTS_PHRASES: Record<string, RightsIntent> = {
  'rights-what': 'access',
  'rights-why': 'why',
  'rights-export': 'export',
  'rights-forget': 'erasure',
  'rights-delete': 'erasure',
  'rights-change': 'rectification',
  'rights-stop': 'withdrawal',
  'rights-unsubscribe': 'unsubscribe',
};

export interface Utterance {
  readonly utterance: string;
  /** `journey:<id>`, `rights:<intent>`, `command:<name>`, or `None` (no request). */
  readonly intent: string;
}

/** Every training sentence of one locale. */
export function corpusOf(map: DialogueMap, texts: Texts, lng: Locale): Utterance[] {
  const out: Utterance[] = [];
  const add = (intent: string, phrases: readonly string[]) => {
    for (const utterance of phrases) if (utterance.trim()) out.push({ utterance, intent });
  };
  for (const id of map.journeys.keys()) {
    add(`journey:${id}`, [
      ...texts.list(lng, `journeys.${id}.triggers`, 'map'),
      ...texts.list(lng, `journeys.${id}.examples`, 'map'),
      texts.t(lng, `journeys.${id}.title`, {}, 'map'),
    ]);
  }
  const items = Object.keys(map.catalog.items);
  for (const [key, intent] of Object.entries(RIGHTS_PHRASES)) {
    for (const tpl of texts.list(lng, `commands.${key}`)) {
      add(
        `rights:${intent}`,
        tpl.includes('{{item}}')
          ? items.map((item) => tpl.replace('{{item}}', itemNames(texts, lng, item)[0] ?? item))
          : [tpl],
      );
    }
  }
  for (const intent of RIGHTS_INTENTS) add(`rights:${intent}`, texts.list(lng, `intents.examples.${intent}`));
  // Words that carry no request ("please", "thanks"): taught as NLP.js's own None intent.
  add('None', texts.list(lng, 'intents.examples.none'));
  for (const c of COMMAND_INTENTS) {
    add(`command:${c}`, [...texts.list(lng, `commands.${c}`), ...texts.list(lng, `intents.examples.${c}`)]);
  }
  return out;
}
