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
import type { ConversationState, Reply, Run } from './conversation-state.ts';
import { nextStep } from './next-step.ts';
import { nameIn } from '../map/index.ts';
import { needWords } from './phrasing.ts';
import { isCommand, matchNeverAsk, matchTrigger } from './recognize.ts';
import { createRightsDialog, recognizeRight } from './rights-dialog.ts';
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
  const { ask, choose, answerChoice, neverAsk, answerAsk } = createAsking(deps, kit);
  const dialog = deps.rights ? createRightsDialog({ map: deps.map, texts: deps.texts }) : undefined;
  const words = (t: Turn, need: Parameters<typeof needWords>[3]) =>
    needWords(deps.texts(), t.ctx.locale, deps.map().catalog, need);

  /** Runs the planner until it needs the customer (a choice or an ask) or the journey ends. */
  function proceed(t: Turn): void {
    for (let guard = 0; t.run && !t.run.pending && !t.act && guard < 100; guard++) {
      const run: Run = t.run;
      const d = nextStep(journeyOf(run), run, heldView(t.held), t.facts.now, guardOf(t));
      switch (d.kind) {
        case 'skip':
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
          t.run = { journey: run.journey, step: d.to, outcomes: {}, vars: run.vars, ...answersOf(run) };
          break;
        case 'done':
          if (d.say) sayStep(t, run, d.say);
          t.run = undefined;
          break;
        case 'stop': {
          const title = deps.texts().t(t.ctx.locale, `journeys.${run.journey}.title`, {}, 'map');
          say(t, tr(t, 'journey.stopped', { ...words(t, d.need), journey: title }), { suggestions: menu(t) });
          t.run = undefined;
          break;
        }
      }
    }
  }

  function start(t: Turn, journey: string): void {
    const j = deps.map().journeys.get(journey);
    if (!j) return say(t, tr(t, 'journey.unknown'), { suggestions: menu(t) });
    t.run = { journey, step: j.start, outcomes: {}, vars: {} };
    proceed(t);
  }

  /** Re-asks the journey's open question after a rights request interrupted it. */
  function resume(t: Turn): void {
    const run = t.run;
    if (!run?.pending || t.rights) return;
    const { pending: _p, ...rest } = run;
    say(t, tr(t, 'rights.resume'));
    t.run = rest;
    if (run.pending.kind === 'choose') return choose(t, rest);
    const need = needOf(run, run.pending.item, run.pending.purpose);
    // A confirmation or an offer interrupted is put as the plain question again (an offer is re-made).
    const kind = run.pending.kind === 'ask-reuse' ? 'ask-reuse' : 'ask';
    if (need) ask(t, rest, { kind, step: run.step, need, heldFor: [] }, { record: false });
  }

  /** A rights request or the answer to one; true when the text was handled here. */
  function onRights(t: Turn, text: string): boolean {
    if (!dialog) return false;
    const pending = t.rights;
    const request = pending ? undefined : recognizeRight(deps.map(), deps.texts(), t.ctx.locale, text);
    if (!pending && !request) return false;
    const k = rightsKitOf(deps, kit, t);
    if (pending) dialog.answer(k, pending, text);
    else if (request) dialog.handle(k, request);
    resume(t);
    return true;
  }

  function onText(t: Turn, text: string): void {
    const run = t.run;
    const texts = deps.texts();
    if (run && isCommand(texts, t.ctx.locale, text, 'cancel')) {
      t.run = undefined;
      return say(t, tr(t, 'journey.cancelled'), { suggestions: menu(t) });
    }
    if (onRights(t, text)) return;
    const never = matchNeverAsk(deps.map(), texts, t.ctx.locale, text);
    const neverAgain = !never && t.lastDeclined && isCommand(texts, t.ctx.locale, text, 'never-again');
    if (never ?? neverAgain) {
      neverAsk(t, never ?? t.lastDeclined ?? '');
      return proceed(t);
    }
    const pending = run?.pending;
    if (run && pending) {
      if (pending.kind === 'choose') {
        if (answerChoice(t, run, text)) proceed(t);
        return;
      }
      answerAsk(t, run, pending, text);
      return proceed(t);
    }
    const trigger = matchTrigger(deps.map(), texts, t.ctx.locale, text);
    if (trigger) return start(t, trigger);
    say(t, tr(t, isCommand(texts, t.ctx.locale, text, 'help') ? 'help.text' : 'help.unknown'), {
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
    else onText(t, input.text);
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
    handle(t, input);
    trackPending(t, state);
    const refHash = ctx.reference && !t.erased ? referenceHash(ctx.reference, facts.now) : state.refHash;
    if (ctx.reference && !t.erased && refHash !== state.refHash)
      t.effects.push({ kind: 'ref', ref: ctx.reference });
    const next: ConversationState = {
      ...(t.run ? { run: t.run } : {}),
      ...(t.lastDeclined ? { lastDeclined: t.lastDeclined } : {}),
      ...(t.rights ? { rights: t.rights } : {}),
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
