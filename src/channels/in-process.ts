/**
 * An in-process channel: the real bot (createBot, its state storage and turn-error sink) driven
 * through botbuilder's TestAdapter, with no HTTP and no Bot Framework service. The terminal
 * simulator (`justask chat`), designers' conversation tests and transcript tests talk to it.
 */
import { randomUUID } from 'node:crypto';
import { TestAdapter, type Activity } from 'botbuilder';
import type { JustAskMeta } from '../journey/index.ts';
import { turnErrorHandler } from './adapter.ts';
import { createBot, type BotDeps } from './bot.ts';

/** A bot reply as a person sees it: its text, its buttons and the ask it carries, if any. */
export interface ChannelReply {
  readonly text: string;
  readonly buttons: readonly string[];
  readonly justask?: JustAskMeta;
}

/** One customer's conversation with the in-process bot. */
export interface InProcessConversation {
  readonly adapter: TestAdapter;
  /** Sends any activity; resolves with the activities the bot sent back. */
  send(activity: Partial<Activity>): Promise<Partial<Activity>[]>;
  /** The customer types `text`. */
  say(text: string): Promise<ChannelReply[]>;
  /** A `journey.start` event, as a web page's button would send. */
  start(journey: string): Promise<ChannelReply[]>;
  /** The customer joins the conversation (the bot's welcome). */
  join(): Promise<ChannelReply[]>;
}

export interface InProcessOptions {
  readonly channelId?: string;
}

/** Reads an activity as a `ChannelReply`. */
export function toReply(a: Partial<Activity>): ChannelReply {
  const justask = (a.channelData as { justask?: JustAskMeta } | undefined)?.justask;
  return {
    text: a.text ?? '',
    buttons: (a.suggestedActions?.actions ?? []).map((x) => x.title),
    ...(justask ? { justask } : {}),
  };
}

/** Builds the bot from `deps` and opens conversations with it. */
export function createInProcessChannel(deps: BotDeps, opts: InProcessOptions = {}) {
  const bot = createBot(deps);
  const channelId = opts.channelId ?? 'test';
  // Activity ids are the ledger's idempotency keys: unique across runs on a kept store.
  const run = randomUUID().slice(0, 8);
  let seq = 0;

  /** A conversation of `user` in `locale` (a tag such as `nl-BE`). */
  function conversation(
    user = 'user-1',
    locale = 'en-GB',
    conversationId = `conv-${user}-${locale}`,
  ): InProcessConversation {
    const adapter = new TestAdapter(bot, {
      channelId,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: 'c' },
      from: { id: user, name: user },
      recipient: { id: 'bot', name: 'bot' },
      locale,
    });
    adapter.onTurnError = turnErrorHandler(deps.texts, deps.log);
    const send = async (activity: Partial<Activity>): Promise<Partial<Activity>[]> => {
      await adapter.processActivity({ id: `${run}-${++seq}`, locale, ...activity });
      return adapter.activeQueue.splice(0);
    };
    const replies = async (activity: Partial<Activity>) => (await send(activity)).map(toReply);
    return {
      adapter,
      send,
      say: (text) => replies({ type: 'message', text }),
      start: (journey) => replies({ type: 'event', name: 'journey.start', value: { journey } }),
      join: () => replies({ type: 'conversationUpdate', membersAdded: [{ id: user, name: user }] }),
    };
  }

  return { conversation };
}

export type InProcessChannel = ReturnType<typeof createInProcessChannel>;
