/**
 * The turn as a pure reducer: `step(state, input, facts, ctx) → { state, replies, effects }`.
 * It asks the planner what to do, words the replies and returns what must be stored as data
 * (ledger records, item changes, analytics counts, the pending ask, the conversation reference,
 * rights to carry out). No I/O, no clock, no botbuilder: the runtime loads the facts and carries
 * out the effects. Table-tested in test/unit/journey/step.test.ts.
 */
import { createHash } from 'node:crypto';
import { pendingKeyOf } from '../storage/index.ts';
import { actedOn, actRequestOf, answersOf } from './act-step.ts';
import { createAsking } from './asking.ts';
import type { ConversationState, Intent, Reply, RightRequest, Run } from './conversation-state.ts';
import { liftButtons } from './buttons.ts';
import { nextStep } from './next-step.ts';
import { nameIn } from '../map/index.ts';
import { needWords } from './phrasing.ts';
import { createInitiative, isTaskNeed } from './initiative.ts';
import { recognizeIntent } from './intents.ts';
import { createInterruptions } from './interruptions.ts';
import { isCommand, matchNeverAsk, normalize } from './recognize.ts';
import { CONFIRM_BUTTONS } from './rights-consent.ts';
import { createRightsDialog } from './rights-dialog.ts';
import { rightsKitOf } from './rights-kit.ts';
import {
  createTurnKit,
  type StepDeps,
  type StepFacts,
  type StepResult,
  type Turn,
  type TurnContext,
  type TurnInput,
} from './turn-kit.ts';

type TextInput = Extract<TurnInput, { kind: 'text' }>;

export type Step = (
  state: ConversationState,
  input: TurnInput,
  facts: StepFacts,
  ctx: TurnContext,
) => StepResult;

/**
 * A reply as kept for a redelivered activity: without attachments, so the export of "send me my
 * data" (every value in clear) is never stored; a redelivery answers with its text alone.
 */
const withoutAttachments = ({ attachments: _a, ...reply }: Reply): Reply => reply;

/** Thrown inside the step (and caught at its top) when a `guessLater` text's reading is needed. */
const NEEDS_GUESS = Symbol('needs the intent guess');

/** The intent model's reading of the text; stops the step when it is to be made later. */
function guessOf(input: TextInput): TextInput['guess'] {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a signal caught by the step itself
  if (input.guessLater && input.guess === undefined) throw NEEDS_GUESS;
  return input.guess;
}

/**
 * A short fingerprint of a conversation reference and the day: the reference is saved again when
 * it changes, and at most once a day besides, so its time shows the conversation is alive.
 */
export const referenceHash = (ref: Record<string, unknown>, now: Date): string =>
  createHash('sha256')
    .update(`${now.toISOString().slice(0, 10)}\u0000${JSON.stringify(ref)}`)
    .digest('base64url')
    .slice(0, 22);

export function createStep(deps: StepDeps): Step {
  const kit = createTurnKit(deps);
  const { tr, say, heldView, maskedOf, needOf, journeyOf, menu, guardOf, event, settle, sayStep } = kit;
  const asking = createAsking(deps, kit);
  const { ask, choose, answerChoice, neverAsk, answerAsk } = asking;
  const dialog = deps.rights ? createRightsDialog({ map: deps.map, texts: deps.texts }) : undefined;
  const words = (t: Turn, need: Parameters<typeof needWords>[3]) =>
    needWords(deps.texts(), t.ctx.locale, deps.map().catalog, need);
  const flow = { act, reask };
  const talk = createInterruptions(deps, kit, flow);
  const { askAnyway, givesDeclined } = createInitiative(deps, kit, asking, flow);

  /** Runs the planner until it needs the customer (a choice or an ask) or the journey ends. */
  function proceed(t: Turn): void {
    for (let guard = 0; t.run && !t.run.pending && !t.act && guard < 100; guard++) {
      const run: Run = t.run;
      const d = nextStep(journeyOf(run), run, heldView(t.held), t.facts.now, guardOf(t));
      switch (d.kind) {
        case 'skip':
          if (isTaskNeed(deps.map(), run, d.need)) {
            askAnyway(t, run, d);
            break;
          }
          if (d.reason !== 'budget') say(t, tr(t, `skip.${d.reason}`, words(t, d.need)));
          event(t, 'suppressed', d.need, d.reason);
          t.run = settle(run, d.need, 'declined');
          break;
        case 'choose':
          choose(t, run);
          break;
        case 'ask':
        case 'ask-reuse':
          ask(t, run, d);
          break;
        case 'use':
          t.effects.push({ kind: 'touch', item: d.need.item, purpose: d.need.purpose });
          say(t, tr(t, 'use.held', { ...words(t, d.need), masked: maskedOf(t, d.need.item) }));
          t.run = settle(run, d.need, 'used');
          break;
        case 'act':
          t.act = actRequestOf(deps.map(), run, d.action);
          break;
        case 'advance':
          if (d.say) sayStep(t, run, d.say);
          t.run = {
            journey: run.journey,
            step: d.to,
            outcomes: {},
            vars: run.vars,
            ...answersOf(run),
            ...(run.initiative ? { initiative: run.initiative } : {}),
          };
          break;
        case 'done':
          if (d.say) sayStep(t, run, d.say);
          t.run = undefined;
          t.ended = true;
          break;
        case 'stop': {
          const title = deps.texts().t(t.ctx.locale, `journeys.${run.journey}.title`, {}, 'map');
          say(t, tr(t, 'journey.stopped', { ...words(t, d.need), journey: title }), { suggestions: menu(t) });
          t.run = undefined;
          t.ended = true;
          break;
        }
      }
    }
  }

  function start(t: Turn, journey: string, initiative?: 'customer'): void {
    const j = deps.map().journeys.get(journey);
    if (!j) return say(t, tr(t, 'journey.unknown'), { suggestions: menu(t) });
    if (initiative && talk.takeUp(t, journey)) return;
    // A value typed later belongs to the task it was declined in, not to any task after it.
    t.declinedNeed = undefined;
    t.run = { journey, step: j.start, outcomes: {}, vars: {}, ...(initiative ? { initiative } : {}) };
    proceed(t);
  }

  /** Asks the open question of the task in progress again (after `lead`), or carries on with it. */
  function reask(t: Turn, lead?: string): void {
    const run = t.run;
    if (lead) say(t, lead);
    if (!run) return;
    if (!run.pending) return proceed(t);
    const { pending: _p, ...rest } = run;
    t.run = rest;
    if (run.pending.kind === 'choose') return choose(t, rest);
    const need = needOf(run, run.pending.item, run.pending.purpose);
    // A confirmation or an offer interrupted is put as the plain question again (an offer is re-made).
    const kind = run.pending.kind === 'ask-reuse' ? 'ask-reuse' : 'ask';
    if (need) ask(t, rest, { kind, step: run.step, need, heldFor: [] }, { record: false });
  }

  /** Re-asks the journey's open question after a rights request interrupted it. */
  function resume(t: Turn): void {
    if (!t.run?.pending || t.rights) return;
    reask(t, tr(t, 'rights.resume'));
  }

  /** A rights request: handled, then the open question (if any) is asked again. */
  function exercise(t: Turn, request: RightRequest): void {
    if (!dialog) return say(t, tr(t, 'help.unknown'), { suggestions: menu(t) });
    const before = t.run;
    dialog.handle(rightsKitOf(deps, kit, t), request);
    if (before && !t.run) t.ended = true;
    resume(t);
  }

  /** Does what the customer asked for. */
  function act(t: Turn, intent: Intent): void {
    if (intent.kind === 'journey') return start(t, intent.journey, 'customer');
    if (intent.kind === 'right') return exercise(t, intent.request);
    if (intent.command === 'cancel' && t.run) return talk.confirm(t, { kind: 'cancel' });
    say(t, tr(t, 'help.text'), { suggestions: menu(t) });
  }

  /** The customer's words while a question of a task is open. */
  function onAnswer(t: Turn, run: Run, input: TextInput): void {
    const { text } = input;
    const texts = deps.texts();
    const lng = t.ctx.locale;
    const pending = run.pending;
    if (!pending) return;
    if (isCommand(texts, lng, text, 'cancel')) return talk.confirm(t, { kind: 'cancel' });
    if (pending.kind === 'choose') {
      if (asking.picksOption(t, run, text)) {
        answerChoice(t, run, text);
        return proceed(t);
      }
      if (isCommand(texts, lng, text, 'later')) return talk.pause(t, run);
      if (interruptedBy(t, run, input)) return;
      answerChoice(t, run, text);
      return;
    }
    const need = needOf(run, pending.item, pending.purpose);
    if (need?.required && isCommand(texts, lng, text, 'later')) return talk.pause(t, run);
    if (need && asking.answersItself(t, pending, need, text)) {
      answerAsk(t, run, pending, text);
      return proceed(t);
    }
    if (givesDeclined(t, text)) return;
    if (interruptedBy(t, run, input)) return;
    answerAsk(t, run, pending, text);
    proceed(t);
  }

  /** Another task, a right or a command asked for in the middle of a question; true when it was one. */
  function interruptedBy(t: Turn, run: Run, input: TextInput): boolean {
    const r = recognizeIntent(deps.map(), deps.texts(), t.ctx.locale, input.text, guessOf(input));
    if (!r) return false;
    // Unsure readings mid-question are answers to it: "not an email" is a wrong e-mail, not a request.
    if (!r.sure) return false;
    const i = r.intent;
    if (i.kind === 'right') exercise(t, i.request);
    else if (i.kind === 'command' && i.command === 'help') reask(t, tr(t, 'help.text'));
    else if (i.kind === 'command') talk.confirm(t, { kind: 'cancel' });
    else if (i.journey === run.journey) reask(t);
    else talk.confirm(t, { kind: 'switch', to: i });
    return true;
  }

  /**
   * Whether the customer leaves a rights question (confirm, new value) for something else: "cancel",
   * or another request read with confidence. Yes/no words, the question's buttons and a valid new
   * value answer it; a purpose picked from the list always does.
   */
  function leavesRightsQuestion(t: Turn, input: TextInput): Intent | 'cancel' | undefined {
    const pending = t.rights;
    const texts = deps.texts();
    const lng = t.ctx.locale;
    if (!pending || pending.kind === 'pick-purpose') return undefined;
    const answers = ['yes', 'no', 'decline'] as const;
    if (answers.some((c) => isCommand(texts, lng, input.text, c))) return undefined;
    const said = normalize(input.text);
    if ([...CONFIRM_BUTTONS, 'buttons.keep'].some((k) => normalize(tr(t, k)) === said)) return undefined;
    if (isCommand(texts, lng, input.text, 'cancel')) return 'cancel';
    if (pending.kind === 'change') {
      const need = { item: pending.item, purpose: '', required: false };
      if (asking.isValid(t, need, input.text)) return undefined;
    }
    const r = recognizeIntent(deps.map(), texts, lng, input.text, guessOf(input));
    return r?.sure ? r.intent : undefined;
  }

  function onText(t: Turn, input: TextInput): void {
    const { text } = input;
    const texts = deps.texts();
    const lng = t.ctx.locale;
    if (talk.answer(t, text) || talk.answerClarify(t, text)) return;
    if (t.rights && dialog) {
      const other = leavesRightsQuestion(t, input);
      if (!other) {
        dialog.answer(rightsKitOf(deps, kit, t), t.rights, text);
        return resume(t);
      }
      t.rights = undefined;
      say(t, tr(t, 'rights.kept'));
      return other === 'cancel' ? resume(t) : act(t, other);
    }
    const never = matchNeverAsk(deps.map(), texts, lng, text) ?? asking.neverButton(t, text);
    const neverAgain = !never && t.lastDeclined && isCommand(texts, lng, text, 'never-again');
    if (never ?? neverAgain) {
      const item = never ?? t.lastDeclined ?? '';
      neverAsk(t, item);
      const open = t.run?.pending;
      if (open && open.kind !== 'choose' && open.item !== item) return reask(t);
      return proceed(t);
    }
    const run = t.run;
    if (run?.pending) return onAnswer(t, run, input);
    if (givesDeclined(t, text)) return;
    if (isCommand(texts, lng, text, 'help')) return say(t, tr(t, 'help.text'), { suggestions: menu(t) });
    const r = recognizeIntent(deps.map(), texts, lng, text, guessOf(input));
    if (r?.sure) return act(t, r.intent);
    if (r) return talk.clarify(t, r.options);
    say(t, tr(t, isCommand(texts, lng, text, 'help') ? 'help.text' : 'help.unknown'), {
      suggestions: menu(t),
    });
  }

  function handle(t: Turn, input: TurnInput): void {
    if (input.kind === 'acted') {
      actedOn(t, input.result, { journeyOf, tr, say });
      proceed(t);
    } else if (input.kind === 'welcome') {
      say(t, tr(t, 'welcome', { controller: nameIn(deps.map().catalog.controller.name, t.ctx.locale) }), {
        suggestions: menu(t),
      });
    } else if (input.kind === 'start') start(t, input.journey);
    else onText(t, input);
    talk.offerResume(t);
  }

  /** The waiting ask of the conversation, mirrored for abandonment counts while one waits. */
  function trackPending(t: Turn, before: ConversationState): void {
    if (!deps.analytics) return;
    const waiting = (r: Run | undefined) =>
      r?.pending && r.pending.kind !== 'choose' ? r.pending : undefined;
    const after = waiting(t.run);
    if (!waiting(before.run) && !after) return;
    const { subject, channel, locale } = t.ctx;
    const key = pendingKeyOf(subject, channel);
    const run = t.run;
    if (!after || !run) return void t.effects.push({ kind: 'pending-ask', key });
    const { item, purpose } = after;
    const ask = {
      key,
      item,
      purpose,
      journey: run.journey,
      step: run.step,
      locale,
      channel,
      since: t.facts.now,
    };
    t.effects.push({ kind: 'pending-ask', key, ask });
  }

  return (state, input, facts, ctx) => {
    if (input.kind !== 'acted' && ctx.activityId && state.lastActivityId === ctx.activityId) {
      return { state, replies: state.lastReplies ?? [], effects: [], stored: [], erased: false };
    }
    const t: Turn = {
      ...(state.run ? { run: state.run } : {}),
      ...(state.lastDeclined ? { lastDeclined: state.lastDeclined } : {}),
      ...(state.rights ? { rights: state.rights } : {}),
      ...(state.clarify ? { clarify: state.clarify } : {}),
      ...(state.interrupt ? { interrupt: state.interrupt } : {}),
      ...(state.suspended ? { suspended: state.suspended } : {}),
      ...(state.declinedNeed ? { declinedNeed: state.declinedNeed } : {}),
      held: [...facts.held],
      summary: facts.summary,
      given: new Map(),
      replies: [],
      effects: [],
      stored: [],
      erased: false,
      facts,
      ctx,
    };
    try {
      handle(t, input);
    } catch (e) {
      if (e !== NEEDS_GUESS) throw e;
      return { state, replies: [], effects: [], stored: [], erased: false, needsGuess: true };
    }
    liftButtons(t.replies);
    trackPending(t, state);
    const refHash = ctx.reference && !t.erased ? referenceHash(ctx.reference, facts.now) : state.refHash;
    if (ctx.reference && !t.erased && refHash !== state.refHash)
      t.effects.push({ kind: 'ref', ref: ctx.reference });
    const next: ConversationState = {
      ...(t.run ? { run: t.run } : {}),
      ...(t.lastDeclined ? { lastDeclined: t.lastDeclined } : {}),
      ...(t.rights ? { rights: t.rights } : {}),
      ...(t.clarify ? { clarify: t.clarify } : {}),
      ...(t.interrupt ? { interrupt: t.interrupt } : {}),
      ...(t.suspended && !t.erased ? { suspended: t.suspended } : {}),
      ...(t.declinedNeed && !t.erased ? { declinedNeed: t.declinedNeed } : {}),
      ...(refHash ? { refHash } : {}),
      ...(ctx.activityId
        ? { lastActivityId: ctx.activityId, lastReplies: t.replies.map(withoutAttachments) }
        : {}),
    };
    const { replies, effects, stored, erased, notSaved, act } = t;
    return {
      state: next,
      replies,
      effects,
      stored,
      erased,
      ...(notSaved ? { notSaved } : {}),
      ...(act ? { act } : {}),
    };
  };
}
