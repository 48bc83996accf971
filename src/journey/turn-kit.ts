/**
 * What every part of a turn shares: the turn's working set, and helpers to word, record and
 * look things up. The runtime and the asking module are built on it.
 */
import { maskValue, type ConsentContext, type ConsentService, type Rights } from '../consent/index.ts';
import type { DialogueMap, Locale, Need, Texts } from '../map/index.ts';
import type { Clock } from '../shared/clock.ts';
import type { HeldItem } from '../storage/index.ts';
import type { AskEventSink, AskEventType } from '../analytics/index.ts';
import type { AskHistory } from './ask-history.ts';
import type { ConversationState, Reply, RightsPending, Run } from './conversation-state.ts';
import { needKey, type AskGuard, type HeldView, type Outcome } from './next-step.ts';
import { button } from './phrasing.ts';

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
export interface Turn {
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

export type TurnKit = ReturnType<typeof createTurnKit>;

/** The shared helpers of one runtime. */
export function createTurnKit(deps: RuntimeDeps) {
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

  const settle = (run: Run, need: Pick<Need, 'item' | 'purpose'>, outcome: Outcome): Run => {
    const { pending: _pending, ...rest } = run;
    return { ...rest, outcomes: { ...run.outcomes, [needKey(need)]: outcome } };
  };

  const sayStep = (t: Turn, run: Run, key: string) => {
    const masked = Object.fromEntries(t.held.map((h) => [h.item, maskedOf(t, h.item) ?? '']));
    say(t, deps.texts().t(t.ctx.locale, key, { ...masked, ...run.vars }, 'map'));
  };

  return {
    tr,
    say,
    consentCtx,
    heldView,
    maskedOf,
    journeyOf,
    needOf,
    menu,
    askButtons,
    guardOf,
    event,
    settle,
    sayStep,
  };
}
