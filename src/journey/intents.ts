/**
 * What the customer wants, from their own words: a task, a rights request or a conversation
 * command. Listed phrases and the withdrawal rules decide first (exact and safe); then the intent
 * model's guess, read with two thresholds: sure enough to act, or only enough to ask "Did you
 * mean …?". A sentence that negates or withdraws never starts the task it names: it withdraws,
 * or it is asked about. Pure: the model's guess comes in with the turn's input.
 */
import type { DialogueMap, Locale, Texts } from '../map/index.ts';
import { onceFor } from './compiled.ts';
import type { Intent, RightRequest } from './conversation-state.ts';
import type { IntentGuess } from './intent-model.ts';
import { exampleJourney, mentionedItem, mentionedJourney, normalize, withdrawalIn } from './recognize.ts';
import { listedRight, recognizeWithdrawal } from './rights-dialog.ts';

/** At or above: act on the guess. */
export const SURE = 0.7;
/** At or above (and below SURE): ask whether that is what the customer meant. */
export const UNSURE = 0.4;

export type Recognition =
  | { readonly sure: true; readonly intent: Intent }
  | { readonly sure: false; readonly options: readonly Intent[] };

const sure = (intent: Intent): Recognition => ({ sure: true, intent });
const right = (request: RightRequest): Intent => ({ kind: 'right', request });

/** Folded words, diacritics dropped, as the withdrawal cues read them. */
const words = (s: string): string[] =>
  normalize(s)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .split(' ')
    .filter(Boolean);

/** Whether the text holds one of the locale's (or en's) negation words or phrases. */
export function negationIn(texts: Texts, lng: Locale, text: string): boolean {
  const said = ` ${words(text).join(' ')} `;
  const list = onceFor(texts, `negations|${lng}`, () =>
    [...new Set([...texts.list(lng, 'intents.negations'), ...texts.list('en', 'intents.negations')])]
      .map((n) => words(n).join(' '))
      .filter(Boolean),
  );
  return list.some((n) => said.includes(` ${n} `));
}

/** The request a rights intent of the model comes to, with the item or task the text names. */
function requestOf(
  map: DialogueMap,
  texts: Texts,
  lng: Locale,
  text: string,
  intent: string,
): RightRequest | undefined {
  const item = () => mentionedItem(map, texts, lng, text);
  const journey = () => mentionedJourney(map, texts, lng, text);
  const withItem = <K extends 'why' | 'change' | 'delete' | 'stop'>(kind: K, i: string | undefined) =>
    i ? { kind, item: i } : undefined;
  switch (intent) {
    case 'access':
      return { kind: 'what' };
    case 'why':
      return withItem('why', item()) ?? { kind: 'what' };
    case 'export':
      return { kind: 'export' };
    case 'erasure':
      return withItem('delete', item()) ?? { kind: 'forget' };
    case 'rectification':
      return withItem('change', item()) ?? { kind: 'change-which' };
    case 'withdrawal': {
      const j = journey();
      if (j) return { kind: 'withdraw-journey', journey: j };
      return withItem('stop', item()) ?? { kind: 'withdraw-all' };
    }
    case 'unsubscribe': {
      const j = journey();
      return j ? { kind: 'withdraw-journey', journey: j } : { kind: 'unsubscribe' };
    }
    case 'restriction':
    case 'objection': {
      const j = intent === 'objection' ? journey() : undefined;
      if (j) return { kind: 'withdraw-journey', journey: j };
      const i = item();
      return { kind: intent === 'restriction' ? 'restrict' : 'object', ...(i ? { item: i } : {}) };
    }
    default:
      return undefined;
  }
}

/** The intent a model label (`journey:<id>`, `rights:<intent>`, `command:<name>`) stands for. */
export function intentOfLabel(
  map: DialogueMap,
  texts: Texts,
  lng: Locale,
  text: string,
  label: string,
): Intent | undefined {
  const [kind, name = ''] = label.split(':');
  if (kind === 'journey') return map.journeys.has(name) ? { kind: 'journey', journey: name } : undefined;
  if (kind === 'command' && (name === 'cancel' || name === 'help')) return { kind: 'command', command: name };
  if (kind !== 'rights') return undefined;
  const request = requestOf(map, texts, lng, text, name);
  return request ? right(request) : undefined;
}

/** A negated mention of a task: offer to leave it, or to start it after all — never start it. */
function negatedTask(
  map: DialogueMap,
  texts: Texts,
  lng: Locale,
  text: string,
  guessed: Intent | undefined,
): Recognition | undefined {
  const journey =
    (guessed?.kind === 'journey' ? guessed.journey : undefined) ?? mentionedJourney(map, texts, lng, text);
  if (!journey) return undefined;
  const leave = right({ kind: 'withdraw-journey', journey });
  return {
    sure: false,
    options: withdrawalIn(texts, lng, text) ? [leave] : [leave, { kind: 'journey', journey }],
  };
}

/** Requests that stop a use of data: a stop word read alone never overrules the model for others. */
const STOPS: readonly string[] = ['stop', 'withdraw-journey', 'unsubscribe', 'withdraw-all', 'object'];
const stops = (i: Intent) => i.kind === 'right' && STOPS.includes(i.request.kind);

/**
 * What the customer wants, or undefined when nothing fits. `guess` is the intent model's reading
 * of the text in the customer's locale (absent: the listed phrases and rules alone decide).
 */
export function recognizeIntent(
  map: DialogueMap,
  texts: Texts,
  lng: Locale,
  text: string,
  guess?: IntentGuess,
): Recognition | undefined {
  const listed = listedRight(map, texts, lng, text);
  if (listed) return sure(right(listed));
  const guessed = guess ? intentOfLabel(map, texts, lng, text, guess.intent) : undefined;
  const score = guess?.score ?? 0;
  // One word is too little for the model to act on ("please"); listed phrases and triggers still do.
  const confident = guessed && score >= SURE && words(text).length > 1 ? guessed : undefined;
  const strength = withdrawalIn(texts, lng, text);
  const withdrawal = recognizeWithdrawal(map, texts, lng, text);
  if (withdrawal) {
    // "My e-mail address is no longer right": a stop word alone yields to a confident other request.
    if (strength === 'cue' && confident?.kind === 'right' && !stops(confident)) return sure(confident);
    return sure(right(withdrawal));
  }
  const negated = strength !== undefined || negationIn(texts, lng, text);
  if (negated && (!guessed || guessed.kind === 'journey')) {
    const task = negatedTask(map, texts, lng, text, score >= UNSURE ? guessed : undefined);
    if (task) return task;
  }
  if (confident && !(negated && confident.kind === 'journey')) return sure(confident);
  const trigger = negated
    ? undefined
    : (mentionedJourney(map, texts, lng, text) ?? exampleJourney(map, texts, lng, text));
  if (trigger) {
    const task: Intent = { kind: 'journey', journey: trigger };
    // A task named inside what reads as a rights request (maybe to leave it) is asked about, not started.
    if (guessed?.kind === 'right' && score >= UNSURE) return { sure: false, options: [guessed, task] };
    return sure(task);
  }
  if (!guessed || score < UNSURE || (negated && guessed.kind === 'journey')) return undefined;
  const options: Intent[] = [guessed];
  const second = guess?.runnerUp;
  const alt =
    second && second.score >= UNSURE / 2 ? intentOfLabel(map, texts, lng, text, second.intent) : undefined;
  if (alt && labelOf(alt) !== labelOf(guessed) && !(negated && alt.kind === 'journey')) options.push(alt);
  return { sure: false, options };
}

/** A short, stable name of an intent (tests measure recognition by it). */
export function labelOf(intent: Intent): string {
  if (intent.kind === 'journey') return `journey:${intent.journey}`;
  if (intent.kind === 'command') return `command:${intent.command}`;
  const r = intent.request;
  return r.kind === 'withdraw-journey' ? `withdraw-journey:${r.journey}` : r.kind;
}
