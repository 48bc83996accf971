/**
 * The bot: maps a Bot Framework turn to a journey-runtime turn and its replies to activities.
 * State is read once and written once per turn with real eTags; turns of one conversation run one
 * at a time. The runtime saves the turn's effects (and the conversation reference, when it
 * changed) before the state is written, and nothing is sent before both are durable.
 */
import { ActivityTypes, Channels, TurnContext, type Activity } from 'botbuilder';
import type { Logger } from 'pino';
import type { ConversationState, Runtime, TurnInput, Reply } from '../journey/index.ts';
import { TurnFailedError } from '../journey/index.ts';
import { toLocale, type Locale, type Texts } from '../map/index.ts';
import { JourneyStartValue } from './activity.ts';
import { createKeyedQueue } from './keyed-queue.ts';
import { renderReply } from './render.ts';
import type { ConversationStates } from './state-storage.ts';

export interface BotDeps {
  readonly runtime: Runtime;
  readonly states: ConversationStates;
  readonly texts: () => Texts;
  readonly subjectOf: (channelId: string, userId: string) => string;
  readonly now: () => Date;
  readonly log: Logger;
  /** Channel ids to treat as text-only besides SMS (TEXT_ONLY_CHANNELS): options numbered in the text. */
  readonly textOnlyChannels?: readonly string[];
}

/** Channels whose sender id is the customer's phone number, vouched for by the channel. */
const PHONE_CHANNELS: readonly string[] = [Channels.Sms, Channels.Twilio, 'whatsapp'];

/** The sender's number where the channel vouches for it (E.164, a `whatsapp:` prefix allowed). */
export function knownPhoneOf(channelId: string, fromId: string): string | undefined {
  if (!PHONE_CHANNELS.includes(channelId)) return undefined;
  return /^(?:whatsapp:)?(\+[1-9]\d{6,14})$/.exec(fromId)?.[1];
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

/** A runtime reply as a message activity for the channel, with its options and `channelData.justask`. */
export function toActivity(
  reply: Reply,
  o: { channelId: string; lng: Locale; texts: Texts; textOnly?: readonly string[] },
): Partial<Activity> {
  return renderReply(reply, o);
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
    const phone = knownPhoneOf(a.channelId, a.from.id);
    // The reference without the activity id: unchanged between turns, it is not written again.
    const { activityId: _id, ...reference } = TurnContext.getConversationReference(a);
    const ctx = {
      subject,
      channel: a.channelId,
      locale,
      reference: { ...reference, locale },
      ...(a.locale ? { localeTag: a.locale } : {}),
      ...(a.id ? { activityId: a.id } : {}),
      ...(phone ? { known: { phone } } : {}),
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
      const render = {
        channelId: a.channelId,
        lng: locale,
        texts: deps.texts(),
        ...(deps.textOnlyChannels ? { textOnly: deps.textOnlyChannels } : {}),
      };
      for (const r of result.replies) await context.sendActivity(toActivity(r, render));
    } catch (e) {
      // Saved, but not all said: the apology says what was stored.
      throw new TurnFailedError(e, result.stored);
    }
  }

  return (context: TurnContext): Promise<void> =>
    queue(`${context.activity.conversation?.id}`, () => handle(context));
}
