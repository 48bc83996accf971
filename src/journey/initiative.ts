/**
 * The customer's initiative wins over the bot's restraint. A cooldown after "no thanks", a "later"
 * and the question budget hold back the bot's own asks; when the customer asks for a task
 * themselves, the data that task is for is asked for (a "never ask" is lifted, and said so). And a
 * value typed for an item the customer declined is taken, for the purpose it was declined for.
 */
import type { DialogueMap, Need } from '../map/index.ts';
import type { Asking } from './asking.ts';
import type { Run } from './conversation-state.ts';
import type { Flow } from './interruptions.ts';
import { decideNeed, type Decision } from './next-step.ts';
import { needWords } from './phrasing.ts';
import type { StepDeps, Turn, TurnKit } from './turn-kit.ts';

/**
 * Whether `need` is what the customer's task is for: a need the task cannot do without, or the
 * data of a task that collects for one purpose only (the newsletter's e-mail address). An optional
 * extra of a task (a text confirmation of a delivery) stays the bot's own ask.
 */
export function isTaskNeed(map: DialogueMap, run: Run, need: Need): boolean {
  if (run.initiative !== 'customer') return false;
  if (need.required) return true;
  const steps = Object.values(map.journeys.get(run.journey)?.steps ?? {});
  return new Set(steps.flatMap((s) => s.needs.map((n) => n.purpose))).size === 1;
}

export function createInitiative(deps: StepDeps, kit: TurnKit, asking: Asking, flow: Pick<Flow, 'reask'>) {
  const { tr, say, record, heldView, settle } = kit;
  const words = (t: Turn, need: Pick<Need, 'item' | 'purpose'>) =>
    needWords(deps.texts(), t.ctx.locale, deps.map().catalog, need);

  /** A need the planner would hold back that the customer's own task is for: lift and ask. */
  function askAnyway(t: Turn, run: Run, d: Extract<Decision, { kind: 'skip' }>): void {
    if (d.reason === 'never-ask') {
      record(t, { item: d.need.item, purpose: '*' }, 'never-ask-cleared');
      say(t, tr(t, 'initiative.never-lifted', words(t, d.need)));
    }
    const again = decideNeed(d.step, d.need, heldView(t.held), t.facts.now);
    if (again.kind === 'ask' || again.kind === 'ask-reuse') return asking.ask(t, run, again);
    t.run = settle(run, d.need, 'declined');
  }

  /** A value the customer types for an item they declined: theirs to give, for what they declined. */
  function givesDeclined(t: Turn, text: string): boolean {
    const d = t.declinedNeed;
    const item = d ? deps.map().catalog.items[d.item] : undefined;
    if (!d || !item || item.type === 'text' || item.type === 'choice' || item.type === 'boolean')
      return false;
    const need = deps
      .map()
      .journeys.get(d.journey)
      ?.steps[d.step]?.needs.find((n) => n.purpose === d.purpose);
    if (!need || need.item !== d.item || !asking.isValid(t, need, text)) return false;
    t.declinedNeed = undefined;
    if (kit.history(t).neverAsk.has(d.item)) {
      record(t, { item: d.item, purpose: '*' }, 'never-ask-cleared');
      say(t, tr(t, 'initiative.value-lifted', words(t, need)));
    }
    asking.store(t, { journey: d.journey, step: d.step, outcomes: {}, vars: {} }, need, text);
    if (t.run?.pending) flow.reask(t);
    return true;
  }

  return { askAnyway, givesDeclined };
}
