/**
 * The action caller: posts a step's action to `<url>/actions/<name>` of its system, signed, within
 * the system's timeout, and reads the answer `{ outcome?, vars? }`. Logs the system, the action
 * and what went wrong — never a value.
 */
import type { Logger } from 'pino';
import { ActionAnswer, type ActionCaller, type CallOutcome } from '../journey/index.ts';
import type { ResolvedSystem } from '../map/index.ts';
import type { Clock } from '../shared/clock.ts';
import { postSigned } from './post-signed.ts';

export interface ActionCallerDeps {
  /** The systems as the environment sets them up now. */
  readonly systems: () => ReadonlyMap<string, ResolvedSystem>;
  /** The wall clock the signature's timestamp is read from (receivers check it against theirs). */
  readonly clock: Clock;
  readonly log: Logger;
}

export function createActionCaller(deps: ActionCallerDeps): ActionCaller {
  return {
    async call(system, action, id, body, maxMs): Promise<CallOutcome> {
      const s = deps.systems().get(system);
      const started = Date.now();
      const r = await postSigned(
        s,
        `/actions/${action}`,
        id,
        body,
        deps.clock.now(),
        Math.min(s?.timeoutMs ?? 5000, maxMs ?? Infinity),
      );
      const ctx = { system, action, webhookId: id, ms: Date.now() - started };
      if (r.kind === 'answered') {
        const answer = ActionAnswer.safeParse(r.json);
        if (answer.success)
          return {
            ok: true,
            vars: answer.data.vars ?? {},
            ...(answer.data.outcome ? { outcome: answer.data.outcome } : {}),
          };
        deps.log.warn(
          { ...ctx, status: r.status },
          'action answered with a body that is not { outcome?, vars? }',
        );
        return { ok: false, reason: 'bad-answer', sent: true };
      }
      if (r.kind === 'not-configured') {
        deps.log.warn(ctx, 'action not sent: the system has no url or secret (see the catalog and .env)');
        return { ok: false, reason: 'not-configured', sent: false };
      }
      deps.log.warn({ ...ctx, ...r }, 'action failed');
      if (r.kind === 'status') return { ok: false, reason: 'status', sent: true };
      if (r.kind === 'timeout') return { ok: false, reason: 'timeout', sent: true };
      return { ok: false, reason: 'unreachable', sent: false };
    },
  };
}
