/**
 * The one prompt: recognise an answer, validate it, re-prompt or give up — used by asking (a
 * value for a need) and by the rights dialog ("change my X"), with one retry limit, one set of
 * yes/no words, and the ask's buttons and `channelData.justask` built in one place.
 */
import type { Item, Locale, Need, Texts } from '../map/index.ts';
import type { JustAskMeta, Run, Suggestion } from './conversation-state.ts';
import { button } from './phrasing.ts';
import { validateAnswer } from './validate-answer.ts';

/** Invalid answers allowed before the bot stops asking, unless the runtime is told otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 3;

export interface PromptContext {
  readonly texts: Texts;
  readonly lng: Locale;
  readonly localeTag?: string;
  readonly now: Date;
  readonly maxAttempts: number;
}

/** What an answer to a prompt came to. */
export type PromptOutcome =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'retry'; readonly attempts: number; readonly reason: string }
  | { readonly kind: 'give-up' };

/** The locale's yes and no words, lower-cased, for boolean answers. */
export function yesNoWords(texts: Texts, lng: Locale) {
  return {
    yes: texts.list(lng, 'commands.yes').map((w) => w.toLowerCase()),
    no: texts.list(lng, 'commands.no').map((w) => w.toLowerCase()),
  };
}

/**
 * Validates `text` as a value of `item`, the prompt's `attempts`-th failure so far. An invalid
 * answer is a retry with the reason worded in the customer's language, or — at the limit — give-up.
 */
export function answerPrompt(p: PromptContext, item: Item, attempts: number, text: string): PromptOutcome {
  const r = validateAnswer(text, item, {
    locale: p.lng,
    ...(p.localeTag ? { localeTag: p.localeTag } : {}),
    now: p.now,
    ...yesNoWords(p.texts, p.lng),
  });
  if (r.ok) return { kind: 'value', value: r.value };
  const next = attempts + 1;
  if (next >= p.maxAttempts) return { kind: 'give-up' };
  return { kind: 'retry', attempts: next, reason: p.texts.t(p.lng, r.reason, r.vars) };
}

/** The buttons of an ask: Why? / No thanks (/ Ask me later), or Yes first for a reuse. */
export function askButtons(
  texts: Texts,
  lng: Locale,
  kind: 'ask' | 'ask-reuse',
  required: boolean,
): Suggestion[] {
  const b = (key: string) => button(texts, lng, key);
  const later = required ? [] : [b('later')];
  return kind === 'ask' ? [b('why'), b('decline'), ...later] : [b('yes'), b('decline'), ...later, b('why')];
}

/** The `channelData.justask` of a reply that asks for `need`. */
export function askMeta(
  kind: 'ask' | 'ask-reuse',
  run: Pick<Run, 'journey' | 'step'>,
  need: Need,
): JustAskMeta {
  return {
    kind,
    journey: run.journey,
    step: run.step,
    item: need.item,
    purpose: need.purpose,
    required: need.required,
  };
}
