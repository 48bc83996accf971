/**
 * The customer's initiative wins over the bot's restraint. A cooldown after "no thanks", a "later"
 * and the question budget hold back the bot's own asks; when the customer asks for a task
 * themselves, the data that task is for is asked for (a "never ask" is lifted, and said so). And a
 * value typed for an item the customer declined is taken, for the purpose it was declined for.
 */
import type { DialogueMap, Need } from '../map/index.ts';
import type { Run } from './conversation-state.ts';

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
