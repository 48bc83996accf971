/**
 * The systems as a conversation test scripts them: each `<system>/<action>` answers what the
 * test file says (`actions:`), per customer; an action the test does not script fails as a
 * system that is not set up would. Designers test journeys without the back ends running.
 */
import type { ActionCaller, CallOutcome } from '../journey/index.ts';
import type { ScriptedAnswer } from './format.ts';

export interface ScriptedActions extends ActionCaller {
  /** Sets how the systems answer the actions of one subject's conversations. */
  script(subject: string, answers: Readonly<Record<string, ScriptedAnswer>>): void;
}

export function scriptedActions(): ScriptedActions {
  const bySubject = new Map<string, Readonly<Record<string, ScriptedAnswer>>>();
  return {
    script: (subject, answers) => void bySubject.set(subject, answers),
    call(system, action, _id, body): Promise<CallOutcome> {
      const a = bySubject.get(body.subject)?.[`${system}/${action}`];
      if (!a) return Promise.resolve({ ok: false, reason: 'not-configured', sent: false });
      if (a.fail) return Promise.resolve({ ok: false, reason: 'status', sent: true });
      return Promise.resolve({ ok: true, vars: a.vars ?? {}, ...(a.outcome ? { outcome: a.outcome } : {}) });
    },
  };
}
