/** The business's systems: signed actions, the events outbox worker, the pull API's scopes. */
export { createActionCaller, type ActionCallerDeps } from './action-caller.ts';
export { postSigned, type PostResult } from './post-signed.ts';
