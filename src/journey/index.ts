/** Journeys: the pure planner, answer validation and the turn runtime. */
export {
  nextStep,
  decideNeed,
  needKey,
  type Decision,
  type Cursor,
  type HeldView,
  type GrantView,
  type Outcome,
} from './next-step.ts';
export { validateAnswer, regionFor, type AnswerResult } from './validate-answer.ts';
export {
  createRuntime,
  TurnFailedError,
  type Runtime,
  type RuntimeDeps,
  type TurnInput,
  type TurnContext,
  type TurnResult,
  type TurnOptions,
} from './runtime.ts';
export {
  parseConversationState,
  openedState,
  sealableState,
  type ConversationState,
  type Reply,
  type JustAskMeta,
} from './conversation-state.ts';
export { formatDuration } from './phrasing.ts';
export { createStep, referenceHash, type Step } from './step.ts';
export type { StepDeps, StepFacts, StepResult } from './turn-kit.ts';
export { answerPrompt, askButtons, askMeta, yesNoWords, type PromptOutcome } from './prompt.ts';
export {
  ActionAnswer,
  ActionBody,
  actionBodyOf,
  noActions,
  type ActionCaller,
  type ActFailure,
  type ActRequest,
  type ActResult,
  type CallOutcome,
  type ItemUse,
} from './actions.ts';
export { createIntentModel, type IntentGuess, type IntentModel } from './intent-model.ts';
export { recognizeIntent, labelOf, SURE, UNSURE, type Recognition } from './intents.ts';
