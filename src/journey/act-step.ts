/**
 * The step's side of actions: the request a step with `do:` makes once its needs are settled,
 * and where the journey goes with what came of it — the answer's outcome, the step's own `say`
 * and `next`, or on failure its `onError` step or a sorry that says nothing was done.
 */
import type { Action, DialogueMap, Journey } from '../map/index.ts';
import type { ActRequest, ActResult } from './actions.ts';
import type { Run } from './conversation-state.ts';
import { needKey } from './next-step.ts';
import type { Turn } from './turn-kit.ts';

/** The run's chosen option ids, with the current step's, as a run carries them to its next step. */
export function answersOf(run: Run): { answers?: Record<string, string> } {
  const answers = { ...run.answers, ...(run.chosen ? { [run.step]: run.chosen } : {}) };
  return Object.keys(answers).length > 0 ? { answers } : {};
}

/** What a step asks its system: the step's settled needs whose purpose the system receives. */
export function actRequestOf(map: DialogueMap, run: Run, action: Action): ActRequest {
  const step = map.journeys.get(run.journey)?.steps[run.step];
  const settled = (step?.needs ?? []).filter((n) => {
    const o = run.outcomes[needKey(n)];
    return o !== undefined && o !== 'declined';
  });
  const items = settled
    .filter((n) => map.catalog.purposes[n.purpose]?.recipients.includes(action.system))
    .map((n) => ({ item: n.item, purpose: n.purpose }));
  return {
    system: action.system,
    action: action.action,
    journey: run.journey,
    step: run.step,
    answers: answersOf(run).answers ?? {},
    items,
  };
}

interface ActedKit {
  readonly journeyOf: (run: Run) => Journey;
  readonly tr: (t: Turn, key: string, vars?: Record<string, unknown>) => string;
  readonly say: (t: Turn, text: string) => void;
}

/**
 * Takes what came of the action into the run: every item sent is a use of its grant; an outcome
 * the step routes leads to its step, no outcome lets the step finish (its say, its next); a
 * failure, or an outcome the step does not know, goes to `onError` or ends with a sorry.
 */
export function actedOn(t: Turn, result: ActResult, kit: ActedKit): void {
  for (const use of result.sent) t.effects.push({ kind: 'touch', item: use.item, purpose: use.purpose });
  const run = t.run;
  if (!run) return;
  const step = kit.journeyOf(run).steps[run.step];
  const base = { journey: run.journey, outcomes: {}, ...answersOf(run) };
  const to = result.ok && result.outcome ? step?.do?.outcomes[result.outcome] : undefined;
  if (result.ok && (to || !result.outcome)) {
    const vars = { ...run.vars, ...result.vars };
    t.run = to ? { ...base, step: to, vars } : { ...run, vars, acted: true };
    return;
  }
  if (step?.onError) {
    t.run = { ...base, step: step.onError, vars: run.vars };
    return;
  }
  kit.say(t, kit.tr(t, 'actions.failed'));
  t.run = undefined;
}
