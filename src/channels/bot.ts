/**
 * The bot: maps a Bot Framework turn to a journey-runtime turn and its replies to activities.
 * State is read once and written once per turn with real eTags; turns of one conversation run one
 * at a time. The runtime saves the turn's effects (and the conversation reference, when it
 * changed) before the state is written, and nothing is sent before both are durable.
 */
import { ActivityTypes, MessageFactory, TurnContext, type Activity, type CardAction } from 'botbuilder';
import type { Logger } from 'pino';
import type { ConversationState, Runtime, TurnInput, Reply } from '../journey/index.ts';
import { TurnFailedError } from '../journey/index.ts';
import { toLocale, type Texts } from '../map/index.ts';
import { JourneyStartValue } from './activity.ts';
import { createKeyedQueue } from './keyed-queue.ts';
import type { ConversationStates } from './state-storage.ts';

export interface BotDeps {
  readonly runtime: Runtime;
  readonly states: ConversationStates;
  readonly texts: () => Texts;
  readonly subjectOf: (channelId: string, userId: string) => string;
  readonly now: () => Date;
  readonly log: Logger;
}

/** What the runtime should do with an activity, or nothing for activities it ignores. */
function inputOf(activity: Activity): TurnInput | undefined {
  switch (activity.type as ActivityTypes) {
    case ActivityTypes.Message:
      return { kind: 'text', text: typeof activity.text === 'string' ? activity.text : '' };
    case ActivityTypes.Event: {
      if (activity.name !== 'journey.start') return undefined;
      const v = JourneyStartValue.safeParse(activity.value);
      return { kind: 'start', journey: v.success ? v.data.journey : '' };
    }
    case ActivityTypes.ConversationUpdate: {
      const added = activity.membersAdded ?? [];
      return added.some((m) => m.id !== activity.recipient?.id) ? { kind: 'welcome' } : undefined;
    }
    default:
      return undefined;
  }
}

/** A runtime reply as a message activity, with buttons and `channelData.justask`. */
export function toActivity(reply: Reply): Partial<Activity> {
  const actions: CardAction[] = (reply.suggestions ?? []).map((s) => ({
    type: 'imBack',
    title: s.title,
    value: s.value,
  }));
  const msg =
    actions.length > 0
      ? MessageFactory.suggestedActions(actions, reply.text)
      : MessageFactory.text(reply.text);
  if (reply.justask) msg.channelData = { justask: reply.justask };
  if (reply.attachments) msg.attachments = reply.attachments.map((a) => ({ ...a }));
  return msg;
}

/** Builds the bot's turn handler (the `logic` CloudAdapter.process calls). */
export function createBot(deps: BotDeps) {
  const queue = createKeyedQueue();

  async function handle(context: TurnContext): Promise<void> {
    const a = context.activity;
    const input = inputOf(a);
    if (!input) return;
    const subject = deps.subjectOf(a.channelId, a.from.id);
    // The turn's facts are read while the state is: one round trip for both.
    const facts = deps.runtime.prefetch(subject);
    const loaded = await deps.states.load(a.channelId, a.conversation.id);
    const locale = toLocale(a.locale);
    // The reference without the activity id: unchanged between turns, it is not written again.
    const { activityId: _id, ...reference } = TurnContext.getConversationReference(a);
    const ctx = {
      subject,
      channel: a.channelId,
      locale,
      reference: { ...reference, locale },
      ...(a.locale ? { localeTag: a.locale } : {}),
      ...(a.id ? { activityId: a.id } : {}),
    };
    // The next state is written with the turn's effects: one write per turn.
    const saveState = (next: ConversationState) => deps.states.sealed(loaded, next, subject);
    const result = await deps.runtime.turn(loaded.state, input, ctx, { saveState, facts });
    try {
      if (result.erased) await deps.states.drop(loaded);
      else if (!result.stateSaved) await deps.states.save(loaded, result.state, subject);
    } catch (e) {
      throw new TurnFailedError(e, result.stored);
    }
    deps.log.debug(
      { subject, kind: input.kind, replies: result.replies.length, journey: result.state.run?.journey },
      'turn',
    );
    try {
      for (const r of result.replies) await context.sendActivity(toActivity(r));
    } catch (e) {
      // Saved, but not all said: the apology says what was stored.
      throw new TurnFailedError(e, result.stored);
    }
  }

  return (context: TurnContext): Promise<void> =>
    queue(`${context.activity.conversation?.id}`, () => handle(context));
}
