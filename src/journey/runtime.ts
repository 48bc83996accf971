/**
 * The journey runtime: one customer turn in, replies and the new conversation state out. It
 * loads the turn's facts in one read, computes the pure step, and carries out its effects: the
 * batch in one store write (SQLite: one transaction), then any rights exercised, in order.
 * Nothing is answered before the effects are durable. It knows nothing of botbuilder.
 */
import {
  isRightsEffect,
  type ConsentService,
  type RightsEffect,
  type TurnEffect,
  type Rights,
  type TurnStartFacts,
} from '../consent/index.ts';
import type { DialogueMap, Texts } from '../map/index.ts';
import { randomUUID, createHash } from 'node:crypto';
import type { Clock } from '../shared/clock.ts';
import {
  foldAskSummary,
  StateNotSavedError,
  StoreUnavailableError,
  type HeldItem,
  type StateWrite,
} from '../storage/index.ts';
import { actionBodyOf, noActions, type ActionCaller, type ActRequest, type ActResult } from './actions.ts';
import type { ConversationState, Reply } from './conversation-state.ts';
import type { IntentModel } from './intent-model.ts';
import { EXPORT_ATTACHMENT } from './rights-kit.ts';
import { createStep } from './step.ts';
import type { StepFacts, StepResult, TurnContext, TurnInput } from './turn-kit.ts';

export type { TurnContext, TurnInput } from './turn-kit.ts';

export interface RuntimeDeps {
  readonly map: () => DialogueMap;
  readonly texts: () => Texts;
  readonly consent: ConsentService;
  readonly clock: Clock;
  /** The customer's rights (what we hold, export, change, delete, withdraw); off when absent. */
  readonly rights?: Rights;
  /** Opt-in analytics on: ask counts and waiting asks are written with each turn. */
  readonly analytics?: boolean;
  /** Where customers read the privacy notice (linked from "Why?"). */
  readonly noticeUrl: string;
  /** Invalid answers allowed before the bot stops asking for that item in this run. */
  readonly maxAttempts?: number;
  /** Reads what a customer's message asks for; without it, listed phrases alone are understood. */
  readonly intents?: IntentModel;
  /** Carries out steps' actions on the business's systems; without it every action fails visibly. */
  readonly actions?: ActionCaller;
}

/** Actions one turn may post one after another; a step asking for more fails as timed out. */
const MAX_ACTIONS_PER_TURN = 2;
/**
 * Time a turn's actions may take in all: a channel gives the bot 15 s per request. An action
 * gets what is left (at most its system's timeout); none left, it fails without being sent.
 */
export const ACTION_BUDGET_MS = 12_000;
/** Less time than this left: the action is not sent at all. */
const MIN_ACTION_MS = 500;
/** Steps a turn may take through actions at all (an onError path that acts again, and again). */
const MAX_ACT_STEPS = 10;

/**
 * The `webhook-id` of an action: the same for a redelivered activity, so a system can tell a
 * retry of the same booking from a new one.
 */
function actionIdOf(ctx: TurnContext, act: ActRequest): string {
  if (!ctx.activityId) return `act_${randomUUID()}`;
  const key = [ctx.subject, ctx.channel, ctx.activityId, act.journey, act.step, act.action].join('\u0000');
  return `act_${createHash('sha256').update(key).digest('base64url').slice(0, 24)}`;
}

/** A turn's results one after another: the later state, every reply, the later effects. */
function joined(first: StepResult, second: StepResult): StepResult {
  const replies = [...first.replies, ...second.replies];
  const state = second.state.lastActivityId
    ? { ...second.state, lastReplies: replies.map(({ attachments: _a, ...r }) => r) }
    : second.state;
  return {
    ...second,
    state,
    replies,
    effects: [...first.effects.filter(isRightsEffect), ...second.effects],
    stored: [...first.stored, ...second.stored],
    erased: first.erased || second.erased,
  };
}

export interface TurnResult {
  readonly state: ConversationState;
  readonly replies: Reply[];
  /** Items durably stored during this turn (ids only), so an error later can say what was saved. */
  readonly stored: readonly string[];
  /** The customer was forgotten in this turn: keep no reference or state of the conversation. */
  readonly erased?: boolean;
  /** The next state was saved with the turn (`TurnOptions.saveState`); otherwise the caller saves it. */
  readonly stateSaved?: boolean;
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

/** How the caller keeps the conversation state: the write of a next state, saved with the turn's batch. */
export interface TurnOptions {
  readonly saveState?: (next: ConversationState) => StateWrite;
  /** The turn's facts, read ahead by `prefetch` while the caller loaded the state (one round trip for both). */
  readonly facts?: Promise<TurnStartFacts>;
}

/** One customer turn: state and input in, replies and the next state out, effects saved. */
export interface Runtime {
  turn(state: ConversationState, input: TurnInput, ctx: TurnContext, opts?: TurnOptions): Promise<TurnResult>;
  /**
   * Starts reading a subject's turn facts, to run alongside the caller's state read; pass the
   * promise as `TurnOptions.facts`. A rejection is left for the turn to see (none goes unhandled).
   */
  prefetch(subject: string): Promise<TurnStartFacts>;
}

export function createRuntime(deps: RuntimeDeps): Runtime {
  const step = createStep({
    map: deps.map,
    texts: deps.texts,
    noticeUrl: deps.noticeUrl,
    rights: deps.rights !== undefined,
    analytics: deps.analytics ?? false,
    ...(deps.maxAttempts !== undefined ? { maxAttempts: deps.maxAttempts } : {}),
  });

  /** Carries out the rights a turn exercised, after its batch; fills in an export's attachment. */
  async function exercise(ctx: TurnContext, effects: readonly RightsEffect[], replies: Reply[]) {
    const rights = deps.rights;
    if (!rights) return;
    const where = { subject: ctx.subject, channel: ctx.channel, locale: ctx.locale };
    const act = { ...where, ...(ctx.activityId ? { activityId: ctx.activityId } : {}) };
    for (const e of effects) {
      if (e.kind === 'export') {
        const data = await rights.exportData(ctx.subject);
        const json = Buffer.from(JSON.stringify(data, null, 2)).toString('base64');
        const reply = replies.find((r) => r.attachments?.[0]?.name === EXPORT_ATTACHMENT.name);
        const attachment = { ...EXPORT_ATTACHMENT, contentUrl: `data:application/json;base64,${json}` };
        if (reply) reply.attachments = [attachment];
        continue;
      }
      const c = { ...act, journey: e.journey, step: e.step };
      if (e.kind === 'withdraw') await rights.withdraw(c, e.item, e.purpose);
      else if (e.kind === 'erase-item') await rights.eraseItem(c, e.item);
      else if (e.kind === 'erase-subject') await rights.eraseSubject(c);
      else await rights.change(c, e.item, e.value);
    }
  }

  /** Writes the step's effects; a value that could not be saved is said so, the question kept open. */
  async function carryOut(
    state: ConversationState,
    ctx: TurnContext,
    out: StepResult,
    facts: TurnStartFacts | undefined,
    opts: TurnOptions,
  ): Promise<TurnResult> {
    const where = { subject: ctx.subject, channel: ctx.channel, locale: ctx.locale };
    const batchEffects: TurnEffect[] = out.effects.filter((e) => !isRightsEffect(e));
    // The state goes with the batch, unless the turn exercised a right (carried out after the batch:
    // the caller writes the state once they are done) or erased the customer (it is dropped then).
    const later = out.erased || out.effects.some(isRightsEffect);
    const stateWrite = later || !opts.saveState ? undefined : opts.saveState(out.state);
    try {
      await deps.consent.commit(
        { ...where, ...(ctx.activityId ? { activityId: ctx.activityId } : {}) },
        batchEffects,
        facts,
        stateWrite,
      );
    } catch (e) {
      if (e instanceof StateNotSavedError) throw new TurnFailedError(e.cause, out.stored);
      if (!(e instanceof StoreUnavailableError) || !out.notSaved) throw new TurnFailedError(e, []);
      return { state, replies: [out.notSaved], stored: [], erased: false };
    }
    try {
      await exercise(ctx, out.effects.filter(isRightsEffect), out.replies);
    } catch (e) {
      throw new TurnFailedError(e, out.stored);
    }
    const { replies, stored, erased } = out;
    return { state: out.state, replies, stored, erased, stateSaved: stateWrite !== undefined };
  }

  /** Whether the intent model can read the input (a text with words in it). */
  const guessable = (input: TurnInput): input is Extract<TurnInput, { kind: 'text' }> =>
    input.kind === 'text' && deps.intents !== undefined && input.text.trim() !== '';

  /** The text input with the intent model's reading of it (the step stays pure: it gets the guess). */
  async function withGuess(input: TurnInput, ctx: TurnContext): Promise<TurnInput> {
    if (!guessable(input) || !deps.intents) return input;
    return { ...input, guess: await deps.intents.classify(ctx.locale, input.text.slice(0, 500)) };
  }

  /** The step on the input; the intent model reads the text only when the step asks for it. */
  async function stepOn(
    state: ConversationState,
    input: TurnInput,
    facts: StepFacts,
    ctx: TurnContext,
  ): Promise<StepResult> {
    const first = step(state, guessable(input) ? { ...input, guessLater: true } : input, facts, ctx);
    return first.needsGuess ? step(state, await withGuess(input, ctx), facts, ctx) : first;
  }

  /** Handles one customer turn. */
  async function turn(
    state: ConversationState,
    input: TurnInput,
    ctx: TurnContext,
    opts: TurnOptions = {},
  ): Promise<TurnResult> {
    if (ctx.activityId && state.lastActivityId === ctx.activityId) {
      return { state, replies: state.lastReplies ?? [], stored: [], erased: false };
    }
    let facts: TurnStartFacts;
    let out: StepResult;
    try {
      facts = await (opts.facts ?? deps.consent.facts(ctx.subject));
      out = await stepOn(state, input, { ...facts, reveal: deps.consent.reveal, now: deps.clock.now() }, ctx);
    } catch (e) {
      throw new TurnFailedError(e, []);
    }
    const started = performance.now();
    for (let n = 0; out.act && n < MAX_ACT_STEPS; n++) {
      const left = n < MAX_ACTIONS_PER_TURN ? ACTION_BUDGET_MS - (performance.now() - started) : 0;
      const r = await act(state, ctx, out, facts, Math.floor(left));
      if ('done' in r) return r.done;
      facts = r.facts;
      out = r.out;
    }
    return carryOut(state, ctx, out, facts, opts);
  }

  function prefetch(subject: string): Promise<TurnStartFacts> {
    const facts = deps.consent.facts(subject);
    // Awaited by the turn; a turn that never gets there (a replay, a failed state read) must not
    // leave the rejection unhandled.
    facts.catch(() => undefined);
    return facts;
  }

  /**
   * Carries out the action a step asked for: its effects so far are made durable first (a grant
   * is stored before its value leaves), the action is posted with what is held now, and the step
   * goes on with what came of it. The bot state is written once, with the turn's last batch.
   */
  async function act(
    state: ConversationState,
    ctx: TurnContext,
    first: StepResult,
    facts: TurnStartFacts,
    budgetMs: number,
  ): Promise<{ out: StepResult; facts: TurnStartFacts } | { done: TurnResult }> {
    const req = first.act;
    if (!req) return { out: first, facts };
    const where = { subject: ctx.subject, channel: ctx.channel, locale: ctx.locale };
    try {
      await deps.consent.commit(
        { ...where, ...(ctx.activityId ? { activityId: ctx.activityId } : {}) },
        first.effects.filter((e) => !isRightsEffect(e)),
        facts,
      );
    } catch (e) {
      // Nothing of this turn was stored: say so and keep the question open, as any turn would.
      if (!(e instanceof StoreUnavailableError) || !first.notSaved) throw new TurnFailedError(e, []);
      return { done: { state, replies: [first.notSaved], stored: [], erased: false } };
    }
    // What the first batch stored is known in clear: the action and the next step need not decrypt it.
    const stored = new Map(
      first.effects.flatMap((e) => (e.kind === 'put' ? [[e.item, e.value] as const] : [])),
    );
    const reveal = (h: HeldItem): string => stored.get(h.item) ?? deps.consent.reveal(h);
    let now: Date;
    let body: ReturnType<typeof actionBodyOf>;
    let after: TurnStartFacts;
    try {
      // Held items as the first batch left them (one read); the summary as the step folded it.
      const records = first.effects.flatMap((e) =>
        e.kind === 'record'
          ? [{ event: e.event, item: e.item, purpose: e.purpose, at: deps.clock.now(), required: e.required }]
          : [],
      );
      after = {
        held: await deps.consent.held(ctx.subject),
        summary: foldAskSummary(facts.summary, records),
      };
      now = deps.clock.now();
      body = actionBodyOf(deps.map(), req, ctx, after.held, reveal, now);
    } catch (e) {
      throw new TurnFailedError(e, first.stored);
    }
    const called =
      budgetMs < MIN_ACTION_MS
        ? ({ ok: false, reason: 'timeout', sent: false } as const)
        : await (deps.actions ?? noActions).call(
            req.system,
            req.action,
            actionIdOf(ctx, req),
            body.body,
            budgetMs,
          );
    const result: ActResult = called.ok
      ? { ...called, sent: body.sent }
      : { ok: false, reason: called.reason, sent: called.sent ? body.sent : [] };
    const second = step(first.state, { kind: 'acted', result }, { ...after, reveal, now }, ctx);
    return { out: joined({ ...first, effects: first.effects.filter(isRightsEffect) }, second), facts: after };
  }

  return { turn, prefetch };
}
