/** Channels: the only place that imports botbuilder. */
export {
  createAdapter,
  EdgeAdapter,
  turnErrorHandler,
  type BotFrameworkConfig,
  type TurnOutcome,
} from './adapter.ts';
export { createBot, toActivity, type BotDeps } from './bot.ts';
export {
  createConversationStates,
  conversationKey,
  type ConversationStates,
  type LoadedState,
} from './state-storage.ts';
export { createStateExpiry, type StateExpiry, type StateExpiryReport } from './state-expiry.ts';
export { IncomingActivity } from './activity.ts';
export { createMessagesHandler, type MessagesHandler, type MessagesOutcome } from './messages.ts';
export {
  createInProcessChannel,
  toReply,
  type ChannelReply,
  type InProcessChannel,
  type InProcessConversation,
} from './in-process.ts';
export * from './directline/index.ts';
export { createProactiveNotifier, UntrustedServiceUrlError } from './proactive.ts';
export {
  BOT_FRAMEWORK_HOSTS,
  SERVICE_URL_PATTERN,
  createServiceUrlPolicy,
  type ServiceUrlPolicy,
} from './service-urls.ts';
