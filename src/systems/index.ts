/** The business's systems: signed actions, the events outbox worker, the pull API's scopes. */
export { createActionCaller, type ActionCallerDeps } from './action-caller.ts';
export { postSigned, type PostResult } from './post-signed.ts';
export {
  createOutboxWorker,
  RETRY_SCHEDULE_MS,
  type EventBody,
  type OutboxRun,
  type OutboxWorker,
  type OutboxWorkerDeps,
} from './outbox-worker.ts';
