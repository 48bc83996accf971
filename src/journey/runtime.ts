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
import type { Clock } from '../shared/clock.ts';
import { StateNotSavedError, StoreUnavailableError, type StateWrite } from '../storage/index.ts';
import type { ConversationState, Reply } from './conversation-state.ts';
import type { IntentModel } from './intent-model.ts';
import { EXPORT_ATTACHMENT } from './rights-kit.ts';
import { createStep } from './step.ts';
import type { StepResult, TurnContext, TurnInput } from './turn-kit.ts';

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
}

/** One customer turn: state and input in, replies and the next state out, effects saved. */
export interface Runtime {
  turn(state: ConversationState, input: TurnInput, ctx: TurnContext, opts?: TurnOptions): Promise<TurnResult>;
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

  /** The text input with the intent model's reading of it (the step stays pure: it gets the guess). */
  async function withGuess(input: TurnInput, ctx: TurnContext): Promise<TurnInput> {
    if (input.kind !== 'text' || !deps.intents || input.text.trim() === '') return input;
    return { ...input, guess: await deps.intents.classify(ctx.locale, input.text.slice(0, 500)) };
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
      const [loaded, read] = await Promise.all([deps.consent.facts(ctx.subject), withGuess(input, ctx)]);
      facts = loaded;
      out = step(state, read, { ...facts, reveal: deps.consent.reveal, now: deps.clock.now() }, ctx);
    } catch (e) {
      throw new TurnFailedError(e, []);
    }
    return carryOut(state, ctx, out, facts, opts);
  }

  return { turn };
}
