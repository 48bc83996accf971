/** Conversation tests designers write in `dialogs/tests/*.yaml`: format, loading, running, reports. */
export {
  Conversation,
  ConversationFile,
  conversationsJsonSchema,
  patternOf,
  ScriptedAnswer,
  type ExpectedAsk,
  type Turn,
} from './format.ts';
export { loadConversationTests, type LoadedConversation, type LoadedTests } from './load.ts';
export {
  diffLines,
  matches,
  runConversation,
  type BotReply,
  type ConversationResult,
  type Failure,
  type TestBot,
} from './run.ts';
export { formatResult, formatSummary } from './report.ts';
export { scriptedActions, type ScriptedActions } from './scripted-actions.ts';
