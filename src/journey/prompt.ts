/**
 * The one prompt: recognise an answer, validate it, re-prompt or give up — used by asking (a
 * value for a need) and by the rights dialog ("change my X"), with one retry limit, one set of
 * yes/no words (choices, reuse, confirmations and booleans alike), one reading of an option
 * picked, and the ask's buttons and `channelData.justask` built in one place.
 */
import type { Item, Locale, Need, Texts } from '../map/index.ts';
import { answerWordsOf } from './answer-words.ts';
import { onceFor } from './compiled.ts';
import type { JustAskMeta, Run, Suggestion } from './conversation-state.ts';
import { button } from './phrasing.ts';
import { readChoice, readYesNo, type YesNo } from './read-choice.ts';
import { validateAnswer, type AnswerResult } from './validate-answer.ts';

/** Invalid answers allowed before the bot stops asking, unless the runtime is told otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 3;

export interface PromptContext {
  readonly texts: Texts;
  readonly lng: Locale;
  readonly localeTag?: string;
  readonly now: Date;
  readonly maxAttempts: number;
  /** The turn's last validation: an answer read twice in one turn is validated once. */
  readonly seen?: SeenAnswer;
  /** What a choice item's option is called in the customer's language (map.json), besides its id. */
  readonly optionNames?: (item: Item, option: string) => readonly string[];
}

/** One turn's last validated answer (it lives as long as the turn, never longer). */
export interface SeenAnswer {
  item?: Item;
  text?: string;
  result?: AnswerResult;
}

/** What an answer to a prompt came to. */
export type PromptOutcome =
  | { readonly kind: 'value'; readonly value: string }
  /** A value to confirm first (`text` asks it); a "no" stores `otherwise` when there is one. */
  | { readonly kind: 'confirm'; readonly value: string; readonly otherwise?: string; readonly text: string }
  | { readonly kind: 'retry'; readonly attempts: number; readonly reason: string }
  | { readonly kind: 'give-up' };

/** The locale's yes and no words, lower-cased, for boolean answers (made once per texts). */
export function yesNoWords(
  texts: Texts,
  lng: Locale,
): { readonly yes: readonly string[]; readonly no: readonly string[] } {
  return onceFor(texts, `yes-no|${lng}`, () => ({
    yes: texts.list(lng, 'commands.yes').map((w) => w.toLowerCase()),
    no: texts.list(lng, 'commands.no').map((w) => w.toLowerCase()),
  }));
}

/** `text` validated as a value of `item`, once per turn when the context keeps what it saw. */
function validated(p: PromptContext, item: Item, text: string): AnswerResult {
  const seen = p.seen;
  if (seen?.result && seen.item === item && seen.text === text) return seen.result;
  const result = validateAnswer(text, item, {
    locale: p.lng,
    ...(p.localeTag ? { localeTag: p.localeTag } : {}),
    now: p.now,
    ...yesNoWords(p.texts, p.lng),
    words: answerWordsOf(p.texts, p.lng),
    ...(p.optionNames ? { optionNames: (o: string) => p.optionNames?.(item, o) ?? [] } : {}),
  });
  if (seen) Object.assign(seen, { item, text, result });
  return result;
}

/**
 * Validates `text` as a value of `item`, the prompt's `attempts`-th failure so far. An invalid
 * answer is a retry with the reason worded in the customer's language, or — at the limit — give-up.
 */
export function answerPrompt(p: PromptContext, item: Item, attempts: number, text: string): PromptOutcome {
  const r = validated(p, item, text);
  if (r.ok && r.confirm) {
    const { key, vars, otherwise } = r.confirm;
    const confirmText = p.texts.t(p.lng, key, vars);
    return { kind: 'confirm', value: r.value, text: confirmText, ...(otherwise ? { otherwise } : {}) };
  }
  if (r.ok) return { kind: 'value', value: r.value };
  const next = attempts + 1;
  if (next >= p.maxAttempts) return { kind: 'give-up' };
  return { kind: 'retry', attempts: next, reason: p.texts.t(p.lng, r.reason, r.vars) };
}

/** Whether the answer is a yes or a no in the customer's language (or en), polite words allowed. */
export function yesNo(texts: Texts, lng: Locale, text: string): YesNo | undefined {
  return readYesNo(answerWordsOf(texts, lng), text);
}

/**
 * Which option the answer picks (0-based): by number or ordinal, label (with a small typo) or a
 * synonym — each option given by its names — or, for a yes/no pair of options, by a yes or a no.
 */
export function pickOption(
  texts: Texts,
  lng: Locale,
  options: readonly (readonly string[])[],
  text: string,
): number | undefined {
  const words = answerWordsOf(texts, lng);
  const i = readChoice(words, options, text);
  if (i !== undefined) return i;
  const said = readYesNo(words, text);
  if (!said) return undefined;
  const matching = options.flatMap((names, n) =>
    names.some((x) => readYesNo(words, x) === said) ? [n] : [],
  );
  return matching.length === 1 ? matching[0] : undefined;
}

/** Suggestions that are the options themselves: numbered where a channel shows no buttons. */
export const optionSuggestions = (titles: readonly string[]): Suggestion[] =>
  titles.map((title) => ({ title, value: title, option: true }));

/** The kinds of ask a reply can carry in `channelData.justask`. */
export type AskKind = JustAskMeta['kind'];

/** The buttons of an ask: Why? / No thanks (/ Ask me later), Yes first for a reuse or an offer. */
export function askButtons(texts: Texts, lng: Locale, kind: AskKind, required: boolean): Suggestion[] {
  const b = (key: string) => button(texts, lng, key);
  const v = (key: string): Suggestion => {
    const title = texts.t(lng, `values.buttons.${key}`);
    return { title, value: title };
  };
  const later = required ? [] : [b('later')];
  switch (kind) {
    case 'ask':
      return [b('why'), b('decline'), ...later];
    case 'ask-reuse':
      return [b('yes'), b('decline'), ...later, b('why')];
    case 'ask-confirm':
      return [v('yes'), v('no')];
    case 'ask-known':
      return [v('yes'), v('another-number'), b('decline'), b('why')];
  }
}

/** The `channelData.justask` of a reply that asks for `need`. */
export function askMeta(kind: AskKind, run: Pick<Run, 'journey' | 'step'>, need: Need): JustAskMeta {
  return {
    kind,
    journey: run.journey,
    step: run.step,
    item: need.item,
    purpose: need.purpose,
    required: need.required,
  };
}
