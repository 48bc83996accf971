/**
 * The journey runtime: one customer turn in, replies and the new conversation state out.
 * It asks the planner what to do, talks to the consent service, and words the replies.
 * It knows nothing of botbuilder: channels/ maps activities to turns and replies to activities.
 */
import { createRightsDialog, recognizeRight, type RightsKit } from './rights-dialog.ts';
import { askHistoryOf, emptyHistory } from './ask-history.ts';
import { createAsking } from './asking.ts';
import type { ConversationState, Reply, Run } from './conversation-state.ts';
import { nextStep } from './next-step.ts';
import { needWords } from './phrasing.ts';
import { isCommand, matchNeverAsk, matchTrigger } from './recognize.ts';
import {
  createTurnKit,
  TurnFailedError,
  type RuntimeDeps,
  type Turn,
  type TurnContext,
  type TurnInput,
  type TurnResult,
} from './turn-kit.ts';

export {
  TurnFailedError,
  type RuntimeDeps,
  type TurnContext,
  type TurnInput,
  type TurnResult,
} from './turn-kit.ts';

export type Runtime = ReturnType<typeof createRuntime>;

/**
 * A reply as kept for a redelivered activity: without attachments, so the export of "send me my
 * data" (every value in clear) is never stored; a redelivery answers with its text alone.
 */
const withoutAttachments = ({ attachments: _a, ...reply }: Reply): Reply => reply;

export function createRuntime(deps: RuntimeDeps) {
  const kit = createTurnKit(deps);
  const {
    tr,
    say,
    consentCtx,
    heldView,
    maskedOf,
    needOf,
    journeyOf,
    menu,
    guardOf,
    event,
    settle,
    sayStep,
  } = kit;
  const { ask, choose, answerChoice, neverAsk, answerAsk } = createAsking(deps, kit);

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
    endJourney: (journey) => {
      if (t.run?.journey === journey) t.run = undefined;
    },
    forgotten: () => {
      t.run = undefined;
      t.erased = true;
      t.lastDeclined = undefined;
    },
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
      ...(ctx.activityId
        ? { lastActivityId: ctx.activityId, lastReplies: t.replies.map(withoutAttachments) }
        : {}),
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
