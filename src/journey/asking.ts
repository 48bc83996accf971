/**
 * Asking: putting a question to the customer (a choice, an item, a reuse) and taking the
 * answer: "Why?", "No thanks", "Ask me later", "never ask me", or a value to validate and store.
 * Part of the pure step: what it stores or records is an effect on the turn.
 */
import { textHash, type Need } from '../map/index.ts';
import type { Run } from './conversation-state.ts';
import type { Decision } from './next-step.ts';
import { linkTo } from './links.ts';
import { askReuseText, askText, needWords, whyText } from './phrasing.ts';
import { answerPrompt, askMeta, DEFAULT_MAX_ATTEMPTS } from './prompt.ts';
import { isCommand, normalize } from './recognize.ts';
import type { StepDeps, Turn, TurnKit } from './turn-kit.ts';

export type Asking = ReturnType<typeof createAsking>;

export function createAsking(deps: StepDeps, kit: TurnKit) {
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const { tr, say, maskedOf, journeyOf, needOf, buttonsOf, event, record, settle } = kit;

  function ask(
    t: Turn,
    run: Run,
    d: Extract<Decision, { kind: 'ask' | 'ask-reuse' }>,
    opts: { record: boolean } = { record: true },
  ): void {
    const { catalog } = deps.map();
    const texts = deps.texts();
    const text =
      d.kind === 'ask'
        ? askText(texts, t.ctx.locale, catalog, d.need)
        : askReuseText(texts, t.ctx.locale, catalog, d.need, maskedOf(t, d.need.item) ?? '');
    if (opts.record) {
      record(t, d.need, 'asked', textHash(text));
      event(t, d.kind === 'ask' ? 'asked' : 'asked-reuse', d.need);
    }
    const { item, purpose, required } = d.need;
    say(t, text, { suggestions: buttonsOf(t, d.kind, required), justask: askMeta(d.kind, run, d.need) });
    t.run = { ...run, pending: { kind: d.kind, item, purpose, attempts: 0 } };
  }

  function choose(t: Turn, run: Run): void {
    const choice = journeyOf(run).steps[run.step]?.choice;
    if (!choice) return;
    const texts = deps.texts();
    const suggestions = choice.options.map((o) => {
      const title = texts.t(t.ctx.locale, o.label, {}, 'map');
      return { title, value: title };
    });
    say(t, texts.t(t.ctx.locale, choice.prompt, run.vars, 'map'), { suggestions });
    t.run = { ...run, pending: { kind: 'choose' } };
  }

  function optionOf(t: Turn, run: Run, text: string) {
    const choice = journeyOf(run).steps[run.step]?.choice;
    const texts = deps.texts();
    const said = normalize(text);
    const labelOf = (key: string) => normalize(texts.t(t.ctx.locale, key, {}, 'map'));
    const options = choice?.options ?? [];
    return (
      options.find((o, i) => said === String(i + 1) || said === o.id || said === labelOf(o.label)) ??
      (said.length >= 3 ? options.find((o) => said.startsWith(labelOf(o.label))) : undefined)
    );
  }

  function answerChoice(t: Turn, run: Run, text: string): boolean {
    const texts = deps.texts();
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
      vars: { ...run.vars, [run.step]: texts.t(t.ctx.locale, picked.label, {}, 'map') },
    };
    return true;
  }

  /** The "Never ask for my <item>" button: it names the item, as it may end up under another question. */
  const neverTitle = (t: Turn, item: string) =>
    tr(t, 'asking.never-item', { item: deps.texts().t(t.ctx.locale, `items.${item}.name`, {}, 'map') });

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
    const name = deps.texts().t(t.ctx.locale, `items.${item}.name`, {}, 'map');
    say(t, tr(t, 'never.ok', { item: name }));
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
    if (isCommand(texts, lng, text, 'why')) {
      const notice = linkTo(t.ctx.channel, `${deps.noticeUrl}?lang=${lng}`);
      event(t, 'why', need);
      say(t, whyText(texts, lng, deps.map().catalog, need, notice));
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
    if (isCommand(texts, lng, text, 'decline')) return decline(t, run, need);
    if (pending.kind === 'ask' && isYesToValue(t, need, text)) {
      return say(t, tr(t, 'asking.nudge', needWords(texts, lng, deps.map().catalog, need)), {
        suggestions: buttonsOf(t, 'ask', need.required),
        justask: askMeta('ask', run, need),
      });
    }
    if (!need.required && isCommand(texts, lng, text, 'later')) return defer(t, run, need);
    if (pending.kind === 'ask-reuse') return answerReuse(t, run, need, text);
    provide(t, run, pending, need, text);
  }

  function answerReuse(t: Turn, run: Run, need: Need, text: string): void {
    const texts = deps.texts();
    const lng = t.ctx.locale;
    if (!isCommand(texts, lng, text, 'yes'))
      return say(t, tr(t, 'reuse.unclear'), { suggestions: buttonsOf(t, 'ask-reuse', need.required) });
    if (!kit.addGrant(t, need)) return void (t.run = { ...run, pending: undefined });
    record(t, need, 'reused');
    event(t, 'reused', need);
    t.run = settle(run, need, 'reused');
    say(t, tr(t, 'reuse.ok', needWords(texts, lng, deps.map().catalog, need)));
  }

  const promptOf = (t: Turn) => ({
    texts: deps.texts(),
    lng: t.ctx.locale,
    now: t.facts.now,
    maxAttempts,
    ...(t.ctx.localeTag ? { localeTag: t.ctx.localeTag } : {}),
  });

  /** Whether `text` is a valid value for the need's item (nothing counted, nothing said). */
  function isValid(t: Turn, need: Need, text: string): boolean {
    const item = deps.map().catalog.items[need.item];
    return item !== undefined && answerPrompt(promptOf(t), item, 0, text).kind === 'value';
  }

  /** "Yes" to "what's your X?": a nudge for the value, not an invalid answer (unless X is a yes/no). */
  function isYesToValue(t: Turn, need: Need, text: string): boolean {
    const item = deps.map().catalog.items[need.item];
    return item?.type !== 'boolean' && isCommand(deps.texts(), t.ctx.locale, text, 'yes');
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
    const type = deps.map().catalog.items[need.item]?.type;
    return pending.kind === 'ask' && type !== 'text' && isValid(t, need, text);
  }

  /** Stores a value the customer gave for a need outside its question; false when invalid. */
  function store(t: Turn, run: Run, need: Need, text: string): boolean {
    const item = deps.map().catalog.items[need.item];
    const outcome = item ? answerPrompt(promptOf(t), item, 0, text) : undefined;
    if (outcome?.kind !== 'value') return false;
    kit.put(t, run, need, outcome.value);
    record(t, need, 'granted');
    event(t, 'granted', need);
    const w = needWords(deps.texts(), t.ctx.locale, deps.map().catalog, need);
    say(t, tr(t, 'provide.ok', { ...w, masked: maskedOf(t, need.item) }));
    return true;
  }

  /** Whether the text picks one of the open choice's options. */
  function pickOption(t: Turn, run: Run, text: string): boolean {
    return optionOf(t, run, text) !== undefined;
  }

  function provide(t: Turn, run: Run, pending: { attempts: number }, need: Need, text: string): void {
    const item = deps.map().catalog.items[need.item];
    if (!item) return;
    const texts = deps.texts();
    const lng = t.ctx.locale;
    const outcome = answerPrompt(promptOf(t), item, pending.attempts, text);
    const w = needWords(texts, lng, deps.map().catalog, need);
    if (outcome.kind !== 'value') event(t, 'invalid', need);
    if (outcome.kind === 'give-up') {
      say(t, tr(t, 'invalid.give-up', w));
      t.run = settle(run, need, 'declined');
      return;
    }
    if (outcome.kind === 'retry') {
      say(t, `${outcome.reason} ${tr(t, 'invalid.retry', w)}`, {
        suggestions: buttonsOf(t, 'ask', need.required),
        justask: askMeta('ask', run, need),
      });
      const { item: id, purpose } = need;
      t.run = { ...run, pending: { kind: 'ask', item: id, purpose, attempts: outcome.attempts } };
      return;
    }
    // Should the store refuse the turn, this is the answer instead, and the question stays open.
    t.notSaved = { text: tr(t, 'error.not-saved'), suggestions: buttonsOf(t, 'ask', need.required) };
    kit.put(t, run, need, outcome.value);
    record(t, need, 'granted');
    event(t, 'granted', need);
    say(t, tr(t, 'provide.ok', { ...w, masked: maskedOf(t, need.item) }));
    t.run = settle(run, need, 'provided');
  }

  return {
    ask,
    choose,
    answerChoice,
    pickOption,
    neverAsk,
    neverButton,
    answerAsk,
    answersItself,
    isValid,
    freeText,
    store,
  };
}
