/**
 * The journey runtime: one customer turn in, replies and the new conversation state out.
 * It asks the planner what to do, talks to the consent service, and words the replies.
 * It knows nothing of botbuilder: channels/ maps activities to turns and replies to activities.
 */
import { maskValue, type ConsentContext, type ConsentService, type Rights } from '../consent/index.ts';
import { textHash, type DialogueMap, type Locale, type Need, type Texts } from '../map/index.ts';
import type { Clock } from '../shared/clock.ts';
import { StoreUnavailableError, type HeldItem } from '../storage/index.ts';
import type { ConversationState, Reply, RightsPending, Run } from './conversation-state.ts';
import { nextStep, needKey, type AskGuard, type Decision, type HeldView, type Outcome } from './next-step.ts';
import { askReuseText, askText, button, needWords, whyText } from './phrasing.ts';
import { isCommand, matchNeverAsk, matchTrigger, normalize } from './recognize.ts';
import { validateAnswer } from './validate-answer.ts';
import { createRightsDialog, recognizeRight, type RightsKit } from './rights-dialog.ts';
import { askHistoryOf, emptyHistory, type AskHistory } from './ask-history.ts';
import type { AskEventSink, AskEventType } from '../analytics/index.ts';

export type TurnInput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'start'; readonly journey: string }
  | { readonly kind: 'welcome' };

export interface TurnContext {
  readonly subject: string;
  readonly channel: string;
  readonly locale: Locale;
  /** The activity's own locale tag (`nl-BE`), for the phone region. */
  readonly localeTag?: string;
  readonly activityId?: string;
}

export interface RuntimeDeps {
  readonly map: () => DialogueMap;
  readonly texts: () => Texts;
  readonly consent: ConsentService;
  readonly clock: Clock;
  /** The customer's rights (what we hold, export, change, delete, withdraw); off when absent. */
  readonly rights?: Rights;
  /** Where ask events go for opt-in analytics (optional). */
  readonly events?: AskEventSink;
  /** Where customers read the privacy notice (linked from "Why?"). */
  readonly noticeUrl: string;
  /** Invalid answers allowed before the bot stops asking for that item in this run. */
  readonly maxAttempts?: number;
}

export interface TurnResult {
  readonly state: ConversationState;
  readonly replies: Reply[];
  /** Items durably stored during this turn (ids only), so an error later can say what was saved. */
  readonly stored: readonly string[];
  /** The customer was forgotten in this turn: keep no reference or state of the conversation. */
  readonly erased?: boolean;
}

/** A turn that failed part-way; `stored` lists what had been saved before it failed. */
export class TurnFailedError extends Error {
  override readonly name = 'TurnFailedError';
  constructor(
    cause: unknown,
    readonly stored: readonly string[],
  ) {
    super(`the turn failed: ${(cause as Error | undefined)?.message ?? String(cause)}`, { cause });
  }
}

/** One turn's working set: the state being changed and the replies being collected. */
interface Turn {
  run?: Run;
  held: HeldItem[];
  history: AskHistory;
  /** The history needs re-reading from the ledger before the planner runs again. */
  historyStale: boolean;
  /** The item of the customer's latest "no thanks", for a "never ask again" that follows it. */
  lastDeclined?: string;
  rights?: RightsPending;
  readonly replies: Reply[];
  readonly stored: string[];
  erased: boolean;
  readonly ctx: TurnContext;
}

export type Runtime = ReturnType<typeof createRuntime>;

export function createRuntime(deps: RuntimeDeps) {
  const maxAttempts = deps.maxAttempts ?? 3;
  const tr = (t: Turn, key: string, vars?: Record<string, unknown>) =>
    deps.texts().t(t.ctx.locale, key, vars);
  const say = (t: Turn, text: string, extra: Omit<Reply, 'text'> = {}) =>
    void t.replies.push({ text, ...extra });
  const consentCtx = (t: Turn, run: Run): ConsentContext => ({
    subject: t.ctx.subject,
    channel: t.ctx.channel,
    locale: t.ctx.locale,
    journey: run.journey,
    step: run.step,
    ...(t.ctx.activityId ? { activityId: t.ctx.activityId } : {}),
  });
  const heldView = (held: readonly HeldItem[]): HeldView => new Map(held.map((h) => [h.item, h.grants]));
  const maskedOf = (t: Turn, item: string): string | undefined => {
    const h = t.held.find((x) => x.item === item);
    const def = deps.map().catalog.items[item];
    return h && def ? maskValue(def.type, deps.consent.reveal(h)) : undefined;
  };
  const journeyOf = (run: Run) => {
    const j = deps.map().journeys.get(run.journey);
    if (!j) throw new Error(`journey ${run.journey} is no longer in the map`);
    return j;
  };
  const needOf = (run: Run, item: string, purpose: string): Need | undefined =>
    journeyOf(run).steps[run.step]?.needs.find((n) => n.item === item && n.purpose === purpose);

  /** The journeys, and (with rights on) "What do you know about me?". */
  const menu = (t: Turn) => [
    ...[...deps.map().journeys.keys()].map((id) => {
      const title = deps.texts().t(t.ctx.locale, `journeys.${id}.title`, {}, 'map');
      return { title, value: title };
    }),
    ...(deps.rights ? [button(deps.texts(), t.ctx.locale, 'my-data')] : []),
  ];

  const askButtons = (t: Turn, kind: 'ask' | 'ask-reuse', required: boolean) => {
    const b = (key: string) => button(deps.texts(), t.ctx.locale, key);
    const later = required ? [] : [b('later')];
    return kind === 'ask' ? [b('why'), b('decline'), ...later] : [b('yes'), b('decline'), ...later, b('why')];
  };

  const guardOf = (t: Turn): AskGuard => {
    const { catalog } = deps.map();
    return {
      history: t.history,
      askAgainAfter: (p) => catalog.purposes[p]?.askAgainAfter ?? 'P90D',
      askLaterAfter: (p) => catalog.purposes[p]?.askLaterAfter ?? 'P7D',
      ...(catalog.policy.questionBudget ? { budget: catalog.policy.questionBudget } : {}),
    };
  };

  const event = (t: Turn, type: AskEventType, need: Pick<Need, 'item' | 'purpose'>, reason?: string) =>
    deps.events?.record({
      type,
      item: need.item,
      purpose: need.purpose,
      journey: t.run?.journey ?? '',
      step: t.run?.step ?? '',
      locale: t.ctx.locale,
      channel: t.ctx.channel,
      at: deps.clock.now(),
      ...(reason ? { reason } : {}),
    });

  async function ask(
    t: Turn,
    run: Run,
    d: Extract<Decision, { kind: 'ask' | 'ask-reuse' }>,
    opts: { record: boolean } = { record: true },
  ): Promise<void> {
    const { catalog } = deps.map();
    const texts = deps.texts();
    const text =
      d.kind === 'ask'
        ? askText(texts, t.ctx.locale, catalog, d.need)
        : askReuseText(texts, t.ctx.locale, catalog, d.need, maskedOf(t, d.need.item) ?? '');
    if (opts.record) {
      await deps.consent.asked(consentCtx(t, run), d.need, textHash(text));
      t.historyStale = true;
      await event(t, d.kind === 'ask' ? 'asked' : 'asked-reuse', d.need);
    }
    const { item, purpose, required } = d.need;
    say(t, text, {
      suggestions: askButtons(t, d.kind, required),
      justask: { kind: d.kind, journey: run.journey, step: run.step, item, purpose, required },
    });
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

  const settle = (run: Run, need: Pick<Need, 'item' | 'purpose'>, outcome: Outcome): Run => {
    const { pending: _pending, ...rest } = run;
    return { ...rest, outcomes: { ...run.outcomes, [needKey(need)]: outcome } };
  };

  const sayStep = (t: Turn, run: Run, key: string) => {
    const masked = Object.fromEntries(t.held.map((h) => [h.item, maskedOf(t, h.item) ?? '']));
    say(t, deps.texts().t(t.ctx.locale, key, { ...masked, ...run.vars }, 'map'));
  };

  /** Runs the planner until it needs the customer (a choice or an ask) or the journey ends. */
  async function proceed(t: Turn): Promise<void> {
    for (let guard = 0; t.run && !t.run.pending && guard < 100; guard++) {
      const run: Run = t.run;
      if (t.historyStale) {
        t.history = askHistoryOf(await deps.consent.ledger(t.ctx.subject));
        t.historyStale = false;
      }
      const d = nextStep(journeyOf(run), run, heldView(t.held), deps.clock.now(), guardOf(t));
      switch (d.kind) {
        case 'skip':
          if (d.reason !== 'budget') {
            say(
              t,
              tr(t, `skip.${d.reason}`, needWords(deps.texts(), t.ctx.locale, deps.map().catalog, d.need)),
            );
          }
          await event(t, 'suppressed', d.need, d.reason);
          t.run = settle(run, d.need, 'declined');
          break;
        case 'choose':
          choose(t, run);
          break;
        case 'ask':
        case 'ask-reuse':
          await ask(t, run, d);
          break;
        case 'use': {
          await deps.consent.used(t.ctx.subject, d.need);
          const w = needWords(deps.texts(), t.ctx.locale, deps.map().catalog, d.need);
          say(t, tr(t, 'use.held', { ...w, masked: maskedOf(t, d.need.item) }));
          t.run = settle(run, d.need, 'used');
          break;
        }
        case 'advance':
          if (d.say) sayStep(t, run, d.say);
          t.run = { journey: run.journey, step: d.to, outcomes: {}, vars: run.vars };
          break;
        case 'done':
          if (d.say) sayStep(t, run, d.say);
          t.run = undefined;
          break;
        case 'stop': {
          const w = needWords(deps.texts(), t.ctx.locale, deps.map().catalog, d.need);
          const title = deps.texts().t(t.ctx.locale, `journeys.${run.journey}.title`, {}, 'map');
          say(t, tr(t, 'journey.stopped', { ...w, journey: title }), { suggestions: menu(t) });
          t.run = undefined;
          break;
        }
      }
    }
  }

  async function start(t: Turn, journey: string): Promise<void> {
    const j = deps.map().journeys.get(journey);
    if (!j) {
      say(t, tr(t, 'journey.unknown'), { suggestions: menu(t) });
      return;
    }
    t.run = { journey, step: j.start, outcomes: {}, vars: {} };
    await proceed(t);
  }

  function answerChoice(t: Turn, run: Run, text: string): boolean {
    const choice = journeyOf(run).steps[run.step]?.choice;
    const texts = deps.texts();
    const said = normalize(text);
    const labelOf = (key: string) => normalize(texts.t(t.ctx.locale, key, {}, 'map'));
    const options = choice?.options ?? [];
    const picked =
      options.find((o, i) => said === String(i + 1) || said === o.id || said === labelOf(o.label)) ??
      (said.length >= 3 ? options.find((o) => said.startsWith(labelOf(o.label))) : undefined);
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

  async function decline(t: Turn, run: Run, need: Need): Promise<void> {
    await deps.consent.declined(consentCtx(t, run), need);
    await event(t, 'declined', need);
    say(t, tr(t, 'decline.ok'), { suggestions: [button(deps.texts(), t.ctx.locale, 'never')] });
    t.run = settle(run, need, 'declined');
    t.lastDeclined = need.item;
    t.historyStale = true;
  }

  async function defer(t: Turn, run: Run, need: Need): Promise<void> {
    await deps.consent.deferred(consentCtx(t, run), need);
    await event(t, 'deferred', need);
    say(t, tr(t, 'later.ok'));
    t.run = settle(run, need, 'declined');
    t.historyStale = true;
  }

  /** "Never ask me for my <item>": a permanent refusal, until the customer gives it themselves. */
  async function neverAsk(t: Turn, item: string): Promise<void> {
    const run = t.run;
    const pending = run?.pending;
    const journey = run?.journey ?? '';
    const step = run?.step ?? '';
    await deps.consent.neverAsk({ ...consentCtx(t, { journey, step, outcomes: {}, vars: {} }) }, item);
    await event(t, 'never-ask', { item, purpose: '*' });
    const name = deps.texts().t(t.ctx.locale, `items.${item}.name`, {}, 'map');
    say(t, tr(t, 'never.ok', { item: name }));
    if (run && pending && pending.kind !== 'choose' && pending.item === item) {
      t.run = settle(run, pending, 'declined');
    }
    t.historyStale = true;
  }

  /** An answer to an ask: why / no thanks / a value to validate and store. */
  async function answerAsk(
    t: Turn,
    run: Run,
    pending: Extract<Run['pending'], { item: string }>,
    text: string,
  ) {
    const need = needOf(run, pending.item, pending.purpose);
    if (!need) return void (t.run = undefined);
    const texts = deps.texts();
    const lng = t.ctx.locale;
    if (isCommand(texts, lng, text, 'why')) {
      const why = whyText(texts, lng, deps.map().catalog, need, deps.noticeUrl);
      await event(t, 'why', need);
      return say(t, why, {
        suggestions: askButtons(t, pending.kind, need.required).filter(
          (b) => b.title !== texts.t(lng, 'buttons.why'),
        ),
      });
    }
    if (isCommand(texts, lng, text, 'decline')) return decline(t, run, need);
    if (!need.required && isCommand(texts, lng, text, 'later')) return defer(t, run, need);
    if (pending.kind === 'ask-reuse') {
      if (!isCommand(texts, lng, text, 'yes'))
        return say(t, tr(t, 'reuse.unclear'), { suggestions: askButtons(t, 'ask-reuse', need.required) });
      const ok = await deps.consent.reuse(consentCtx(t, run), need);
      if (ok) t.stored.push(need.item);
      if (ok) await event(t, 'reused', need);
      t.run = ok ? settle(run, need, 'reused') : { ...run, pending: undefined };
      if (ok) say(t, tr(t, 'reuse.ok', needWords(texts, lng, deps.map().catalog, need)));
      return;
    }
    await provide(t, run, pending, need, text);
  }

  async function provide(
    t: Turn,
    run: Run,
    pending: { attempts: number; kind: 'ask' | 'ask-reuse' },
    need: Need,
    text: string,
  ) {
    const texts = deps.texts();
    const lng = t.ctx.locale;
    const item = deps.map().catalog.items[need.item];
    if (!item) return;
    const result = validateAnswer(text, item, {
      locale: lng,
      ...(t.ctx.localeTag ? { localeTag: t.ctx.localeTag } : {}),
      now: deps.clock.now(),
      yes: texts.list(lng, 'commands.yes').map((w) => w.toLowerCase()),
      no: texts.list(lng, 'commands.no').map((w) => w.toLowerCase()),
    });
    const w = needWords(texts, lng, deps.map().catalog, need);
    if (!result.ok) {
      await event(t, 'invalid', need);
      const attempts = pending.attempts + 1;
      if (attempts >= maxAttempts) {
        say(t, tr(t, 'invalid.give-up', w));
        t.run = settle(run, need, 'declined');
        return;
      }
      say(t, `${tr(t, result.reason, result.vars)} ${tr(t, 'invalid.retry', w)}`, {
        suggestions: askButtons(t, 'ask', need.required),
        justask: {
          kind: 'ask',
          journey: run.journey,
          step: run.step,
          item: need.item,
          purpose: need.purpose,
          required: need.required,
        },
      });
      t.run = { ...run, pending: { kind: 'ask', item: need.item, purpose: need.purpose, attempts } };
      return;
    }
    try {
      await deps.consent.provide(consentCtx(t, run), need, result.value);
    } catch (e) {
      if (!(e instanceof StoreUnavailableError)) throw e;
      say(t, tr(t, 'error.not-saved'), { suggestions: askButtons(t, 'ask', need.required) });
      return;
    }
    t.stored.push(need.item);
    await event(t, 'granted', need);
    t.held = await deps.consent.held(t.ctx.subject);
    say(t, tr(t, 'provide.ok', { ...w, masked: maskedOf(t, need.item) }));
    t.run = settle(run, need, 'provided');
  }

  const dialog = deps.rights
    ? createRightsDialog({ map: deps.map, texts: deps.texts, consent: deps.consent, rights: deps.rights })
    : undefined;

  const kitOf = (t: Turn): RightsKit => ({
    lng: t.ctx.locale,
    ...(t.ctx.localeTag ? { localeTag: t.ctx.localeTag } : {}),
    now: deps.clock.now(),
    held: t.held,
    history: t.history,
    ctx: consentCtx(t, t.run ?? { journey: '', step: '', outcomes: {}, vars: {} }),
    say: (text, extra) => say(t, text, extra),
    setPending: (p) => void (t.rights = p),
    refresh: async () => {
      t.held = await deps.consent.held(t.ctx.subject);
      t.historyStale = true;
    },
  });

  /** Re-asks the journey's open question after a rights request interrupted it. */
  async function resume(t: Turn): Promise<void> {
    const run = t.run;
    if (!run?.pending || t.rights) return;
    const { pending: _p, ...rest } = run;
    say(t, tr(t, 'rights.resume'));
    t.run = rest;
    if (run.pending.kind === 'choose') return choose(t, rest);
    const need = needOf(run, run.pending.item, run.pending.purpose);
    if (need)
      await ask(t, rest, { kind: run.pending.kind, step: run.step, need, heldFor: [] }, { record: false });
  }

  /** A rights request or the answer to one; true when the text was handled here. */
  async function onRights(t: Turn, text: string): Promise<boolean> {
    if (!dialog) return false;
    if (t.historyStale) {
      t.history = askHistoryOf(await deps.consent.ledger(t.ctx.subject));
      t.historyStale = false;
    }
    const pending = t.rights;
    const request = pending ? undefined : recognizeRight(deps.map(), deps.texts(), t.ctx.locale, text);
    if (!pending && !request) return false;
    if (pending) await dialog.answer(kitOf(t), pending, text);
    else if (request) await dialog.handle(kitOf(t), request);
    if (request?.kind === 'forget' || t.held.length === 0) t.lastDeclined = undefined;
    if (pending?.kind === 'confirm-forget' && t.held.length === 0 && !t.rights) {
      t.run = undefined;
      t.erased = true;
    }
    await resume(t);
    return true;
  }

  async function onText(t: Turn, text: string): Promise<void> {
    const run = t.run;
    const texts = deps.texts();
    if (run && isCommand(texts, t.ctx.locale, text, 'cancel')) {
      t.run = undefined;
      return say(t, tr(t, 'journey.cancelled'), { suggestions: menu(t) });
    }
    if (await onRights(t, text)) return;
    const never = matchNeverAsk(deps.map(), texts, t.ctx.locale, text);
    const neverAgain = !never && t.lastDeclined && isCommand(texts, t.ctx.locale, text, 'never-again');
    if (never ?? neverAgain) {
      await neverAsk(t, never ?? t.lastDeclined ?? '');
      return proceed(t);
    }
    const pending = run?.pending;
    if (run && pending) {
      if (pending.kind === 'choose') {
        if (answerChoice(t, run, text)) await proceed(t);
        return;
      }
      await answerAsk(t, run, pending, text);
      return proceed(t);
    }
    const trigger = matchTrigger(deps.map(), texts, t.ctx.locale, text);
    if (trigger) return start(t, trigger);
    say(t, tr(t, isCommand(texts, t.ctx.locale, text, 'help') ? 'help.text' : 'help.unknown'), {
      suggestions: menu(t),
    });
  }

  /** Handles one customer turn. */
  async function turn(state: ConversationState, input: TurnInput, ctx: TurnContext): Promise<TurnResult> {
    if (ctx.activityId && state.lastActivityId === ctx.activityId) {
      return { state, replies: state.lastReplies ?? [], stored: [], erased: false };
    }
    const t: Turn = {
      ...(state.run ? { run: state.run } : {}),
      ...(state.lastDeclined ? { lastDeclined: state.lastDeclined } : {}),
      ...(state.rights ? { rights: state.rights } : {}),
      held: [],
      history: emptyHistory,
      historyStale: true,
      replies: [],
      stored: [],
      erased: false,
      ctx,
    };
    try {
      await handle(t, input);
    } catch (e) {
      throw new TurnFailedError(e, t.stored);
    }
    const next: ConversationState = {
      ...(t.run ? { run: t.run } : {}),
      ...(t.lastDeclined ? { lastDeclined: t.lastDeclined } : {}),
      ...(t.rights ? { rights: t.rights } : {}),
      ...(ctx.activityId ? { lastActivityId: ctx.activityId, lastReplies: t.replies } : {}),
    };
    return { state: next, replies: t.replies, stored: t.stored, erased: t.erased };
  }

  async function handle(t: Turn, input: TurnInput): Promise<void> {
    t.held = await deps.consent.held(t.ctx.subject);
    if (input.kind === 'welcome') {
      say(t, tr(t, 'welcome', { controller: deps.map().catalog.controller.name }), { suggestions: menu(t) });
    } else if (input.kind === 'start') {
      await start(t, input.journey);
    } else {
      await onText(t, input.text);
    }
  }

  return { turn };
}
