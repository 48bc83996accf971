/**
 * Asking: putting a question to the customer (a choice, an item, a reuse) and taking the
 * answer: "Why?", "No thanks", "Ask me later", "never ask me", or a value to validate and store.
 * Part of the pure step: what it stores or records is an effect on the turn.
 */
import { itemWords, optionLabel, PLACEHOLDERS, textHash, type Need } from '../map/index.ts';
import type { Run } from './conversation-state.ts';
import type { Decision } from './next-step.ts';
import { createOffers } from './offers.ts';
import { linkTo } from './links.ts';
import { askReuseText, askText, needWords, whyText } from './phrasing.ts';
import {
  answerPrompt,
  askMeta,
  DEFAULT_MAX_ATTEMPTS,
  optionSuggestions,
  pickOption,
  yesNo,
  type PromptContext,
  type SeenAnswer,
} from './prompt.ts';
import { fold, isCommand, normalize } from './recognize.ts';
import { anotherWordsOf } from './answer-words.ts';
import type { StepDeps, Turn, TurnKit } from './turn-kit.ts';

export type Asking = ReturnType<typeof createAsking>;

export function createAsking(deps: StepDeps, kit: TurnKit) {
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const { tr, say, maskedOf, journeyOf, needOf, buttonsOf, event, record, settle } = kit;
  const offers = createOffers(deps, kit);

  /** The buttons of an ask: the item's own options (a choice's, yes/no) first, then Why? / No thanks… */
  function askSuggestions(t: Turn, kind: 'ask' | 'ask-reuse', need: Need) {
    const item = deps.map().catalog.items[need.item];
    const texts = deps.texts();
    const own =
      kind !== 'ask'
        ? []
        : item?.type === 'choice'
          ? optionSuggestions(
              (item.constraints.options ?? []).map((o) => optionLabel(texts, t.ctx.locale, need.item, o)),
            )
          : item?.type === 'boolean'
            ? optionSuggestions([
                texts.t(t.ctx.locale, 'values.buttons.yes'),
                texts.t(t.ctx.locale, 'values.buttons.no'),
              ])
            : [];
    return [...own, ...buttonsOf(t, kind, need.required)];
  }

  function ask(
    t: Turn,
    run: Run,
    d: Extract<Decision, { kind: 'ask' | 'ask-reuse' }>,
    opts: { record: boolean } = { record: true },
  ): void {
    const known = d.kind === 'ask' ? offers.knownValue(t, d.need) : undefined;
    if (known) return offers.offerKnown(t, run, d.need, known, opts);
    const { catalog } = deps.map();
    const texts = deps.texts();
    const text =
      d.kind === 'ask'
        ? askText(texts, t.ctx.locale, catalog, d.need)
        : askReuseText(texts, t.ctx.locale, catalog, d.need, maskedOf(t, d.need.item) ?? '');
    // An ask to reuse shows a masked value: its hash is of the archived wording, placeholder kept
    // (notice-archive.ts), so it can be verified against the archive and holds nothing of the value.
    const archived =
      d.kind === 'ask' ? text : askReuseText(texts, t.ctx.locale, catalog, d.need, PLACEHOLDERS.masked);
    if (opts.record) {
      record(t, d.need, 'asked', textHash(archived));
      event(t, d.kind === 'ask' ? 'asked' : 'asked-reuse', d.need);
    }
    const { item, purpose } = d.need;
    say(t, text, { suggestions: askSuggestions(t, d.kind, d.need), justask: askMeta(d.kind, run, d.need) });
    t.run = { ...run, pending: { kind: d.kind, item, purpose, attempts: 0 } };
  }

  function choose(t: Turn, run: Run): void {
    const choice = journeyOf(run).steps[run.step]?.choice;
    if (!choice) return;
    const texts = deps.texts();
    const suggestions = optionSuggestions(
      choice.options.map((o) => texts.t(t.ctx.locale, o.label, {}, 'map')),
    );
    say(t, texts.t(t.ctx.locale, choice.prompt, kit.choiceWords(t, run), 'map'), { suggestions });
    t.run = { ...run, pending: { kind: 'choose' } };
  }

  function optionOf(t: Turn, run: Run, text: string) {
    const choice = journeyOf(run).steps[run.step]?.choice;
    const texts = deps.texts();
    const lng = t.ctx.locale;
    const options = choice?.options ?? [];
    // Each option by its label (the customer's language and en), its id and the label's synonyms.
    const names = options.map((o) => [
      texts.t(lng, o.label, {}, 'map'),
      texts.t('en', o.label, {}, 'map'),
      o.id,
      ...texts.list(lng, `${o.label}-synonyms`, 'map'),
    ]);
    const index = pickOption(texts, lng, names, text);
    return index === undefined ? undefined : options[index];
  }

  function answerChoice(t: Turn, run: Run, text: string): boolean {
    const picked = optionOf(t, run, text);
    if (!picked) {
      say(t, tr(t, 'choice.invalid'));
      choose(t, run);
      return false;
    }
    const { pending: _p, ...rest } = run;
    t.run = {
      ...rest,
      chosen: picked.id,
      vars: { ...run.vars, [run.step]: picked.id },
    };
    return true;
  }

  /** The "Never ask for my <item>" button: it names the item, as it may end up under another question. */
  const neverTitle = (t: Turn, item: string) =>
    tr(t, 'asking.never-item', { item: itemWords(deps.texts(), t.ctx.locale, item) });

  /** The item a tapped "Never ask for my <item>" button names (the latest declined one). */
  function neverButton(t: Turn, text: string): string | undefined {
    const item = t.lastDeclined;
    return item && normalize(text) === normalize(neverTitle(t, item)) ? item : undefined;
  }

  function decline(t: Turn, run: Run, need: Need): void {
    record(t, need, 'declined');
    event(t, 'declined', need);
    const never = neverTitle(t, need.item);
    say(t, tr(t, 'decline.ok'), { suggestions: [{ title: never, value: never }] });
    t.run = settle(run, need, 'declined');
    t.lastDeclined = need.item;
    t.declinedNeed = { item: need.item, purpose: need.purpose, journey: run.journey, step: run.step };
  }

  function defer(t: Turn, run: Run, need: Need): void {
    record(t, need, 'deferred');
    event(t, 'deferred', need);
    say(t, tr(t, 'later.ok'));
    t.run = settle(run, need, 'declined');
  }

  /** "Never ask me for my <item>": a permanent refusal, until the customer gives it themselves. */
  function neverAsk(t: Turn, item: string): void {
    const run = t.run;
    const pending = run?.pending;
    record(t, { item, purpose: '*' }, 'never-ask');
    event(t, 'never-ask', { item, purpose: '*' });
    say(t, tr(t, 'never.ok', { item: itemWords(deps.texts(), t.ctx.locale, item) }));
    if (run && pending && pending.kind !== 'choose' && pending.item === item) {
      t.run = settle(run, pending, 'declined');
    }
  }

  /** An answer to an ask: why / no thanks / a value to validate and store. */
  function answerAsk(t: Turn, run: Run, pending: Extract<Run['pending'], { item: string }>, text: string) {
    const need = needOf(run, pending.item, pending.purpose);
    if (!need) return void (t.run = undefined);
    const texts = deps.texts();
    const lng = t.ctx.locale;
    if (pending.kind === 'ask-confirm') {
      const reask = () => ask(t, run, { kind: 'ask', step: run.step, need }, { record: false });
      return offers.answerConfirm(t, run, pending, need, text, reask);
    }
    if (isCommand(texts, lng, text, 'why')) {
      const notice = linkTo(t.ctx.channel, `${deps.noticeUrl}?lang=${lng}`);
      event(t, 'why', need);
      say(t, whyText(texts, lng, deps.map().catalog, need, notice));
      // An offered number is offered again, masked as before.
      if (pending.kind === 'ask-known') return offers.offerAgain(t, run, pending, need);
      return say(
        t,
        tr(
          t,
          pending.kind === 'ask' ? 'asking.again' : 'reuse.unclear',
          needWords(texts, lng, deps.map().catalog, need),
        ),
        {
          suggestions: buttonsOf(t, pending.kind, need.required).filter(
            (b) => b.title !== texts.t(lng, 'buttons.why'),
          ),
          justask: askMeta(pending.kind, run, need),
        },
      );
    }
    const isBoolean = deps.map().catalog.items[need.item]?.type === 'boolean';
    const said = yesNo(texts, lng, text);
    // A "no" declines (a boolean item's "no" is its answer); an offer or reuse takes "yes" below.
    if (isCommand(texts, lng, text, 'decline') && !(isBoolean && said)) return decline(t, run, need);
    if (said === 'no' && !isBoolean) return decline(t, run, need);
    // "Yes" to "what's your mobile number?" is willingness, not the number: ask for the value.
    if (pending.kind === 'ask' && isYesToValue(t, need, text)) {
      return say(t, tr(t, 'asking.nudge', needWords(texts, lng, deps.map().catalog, need)), {
        suggestions: buttonsOf(t, 'ask', need.required),
        justask: askMeta('ask', run, need),
      });
    }
    if (!need.required && isCommand(texts, lng, text, 'later')) return defer(t, run, need);
    if (pending.kind === 'ask-reuse') return answerReuse(t, run, need, text);
    if (pending.kind === 'ask-known') {
      if (offers.answerKnown(t, run, pending, need, text)) return;
      if (!/\d/.test(text)) return offers.offerAgain(t, run, pending, need);
    }
    provide(t, run, pending, need, text);
  }

  function answerReuse(t: Turn, run: Run, need: Need, text: string): void {
    const texts = deps.texts();
    const lng = t.ctx.locale;
    if (yesNo(texts, lng, text) !== 'yes')
      return say(t, tr(t, 'reuse.unclear', needWords(texts, lng, deps.map().catalog, need)), {
        suggestions: buttonsOf(t, 'ask-reuse', need.required),
      });
    if (!kit.addGrant(t, need)) return void (t.run = { ...run, pending: undefined });
    const asked = kit.askedOf(t, need);
    record(t, need, 'reused', asked?.textHash, asked?.id);
    event(t, 'reused', need);
    t.run = settle(run, need, 'reused');
    say(t, tr(t, 'reuse.ok', needWords(texts, lng, deps.map().catalog, need)));
  }

  /** Per turn: what the turn's answer validated to (it is read to route the turn, then to store it). */
  const seenIn = new WeakMap<Turn, SeenAnswer>();
  const seenOf = (t: Turn): SeenAnswer => {
    let seen = seenIn.get(t);
    if (!seen) seenIn.set(t, (seen = {}));
    return seen;
  };

  const promptOf = (t: Turn): PromptContext => ({
    texts: deps.texts(),
    lng: t.ctx.locale,
    now: t.facts.now,
    maxAttempts,
    ...(t.ctx.localeTag ? { localeTag: t.ctx.localeTag } : {}),
    seen: seenOf(t),
    optionNames: (item, option) => {
      const { items } = deps.map().catalog;
      const id = Object.keys(items).find((k) => items[k] === item);
      return id ? [optionLabel(deps.texts(), t.ctx.locale, id, option)] : [];
    },
  });

  /** Whether `text` is a valid value for the need's item (nothing counted, nothing said). */
  function isValid(t: Turn, need: Need, text: string): boolean {
    const item = deps.map().catalog.items[need.item];
    return item !== undefined && answerPrompt(promptOf(t), item, 0, text).kind === 'value';
  }

  /** "Yes" to "what's your X?": a nudge for the value, not an invalid answer (unless X is a yes/no). */
  function isYesToValue(t: Turn, need: Need, text: string): boolean {
    const item = deps.map().catalog.items[need.item];
    return item?.type !== 'boolean' && yesNo(deps.texts(), t.ctx.locale, text) === 'yes';
  }

  /** Whether the open question's item takes any text (then intents are read only when sure). */
  const freeText = (run: Run): boolean => {
    const p = run.pending;
    return p?.kind === 'ask' && deps.map().catalog.items[p.item]?.type === 'text';
  };

  /**
   * Whether the text answers the open question itself: Why? / No thanks / Later / Yes, or a valid
   * value of an item with a shape of its own (a phone number, a date) — read before any intent, so
   * "newsletter@example.org" is an e-mail address, not a request for the newsletter.
   */
  function answersItself(t: Turn, pending: { kind: string }, need: Need, text: string): boolean {
    const texts = deps.texts();
    const lng = t.ctx.locale;
    const commands = ['why', 'decline', 'later', 'yes'] as const;
    if (commands.some((c) => isCommand(texts, lng, text, c))) return true;
    // Yes and no as people say them, and "another number" to an offered one, answer the question.
    if (yesNo(texts, lng, text) !== undefined) return true;
    if (pending.kind === 'ask-known' && anotherWordsOf(texts, lng).has(fold(text).join(' '))) return true;
    const type = deps.map().catalog.items[need.item]?.type;
    return pending.kind === 'ask' && type !== 'text' && isValid(t, need, text);
  }

  /** Stores a value the customer gave for a need outside its question; false when invalid. */
  function store(t: Turn, run: Run, need: Need, text: string): boolean {
    const item = deps.map().catalog.items[need.item];
    const outcome = item ? answerPrompt(promptOf(t), item, 0, text) : undefined;
    if (outcome?.kind !== 'value') return false;
    offers.keep(t, run, need, outcome.value);
    return true;
  }

  /** Whether the text picks one of the open choice's options. */
  function picksOption(t: Turn, run: Run, text: string): boolean {
    return optionOf(t, run, text) !== undefined;
  }

  function provide(t: Turn, run: Run, pending: { attempts: number }, need: Need, text: string): void {
    const item = deps.map().catalog.items[need.item];
    if (!item) return;
    const texts = deps.texts();
    const lng = t.ctx.locale;
    const outcome = answerPrompt(promptOf(t), item, pending.attempts, text);
    const w = needWords(texts, lng, deps.map().catalog, need);
    if (outcome.kind === 'retry' || outcome.kind === 'give-up') event(t, 'invalid', need);
    if (outcome.kind === 'give-up') {
      say(t, tr(t, 'invalid.give-up', w));
      t.run = settle(run, need, 'declined');
      return;
    }
    if (outcome.kind === 'retry') {
      say(t, `${outcome.reason} ${tr(t, 'invalid.retry', w)}`, {
        suggestions: askSuggestions(t, 'ask', need),
        justask: askMeta('ask', run, need),
      });
      const { item: id, purpose } = need;
      t.run = { ...run, pending: { kind: 'ask', item: id, purpose, attempts: outcome.attempts } };
      return;
    }
    if (outcome.kind === 'confirm')
      return offers.confirm(t, run, need, { ...outcome, attempts: pending.attempts });
    offers.store(t, run, need, outcome.value);
  }

  return {
    ask,
    choose,
    answerChoice,
    picksOption,
    neverAsk,
    neverButton,
    answerAsk,
    answersItself,
    isValid,
    freeText,
    store,
  };
}
