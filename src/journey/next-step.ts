/**
 * The planner: given a journey, where the conversation is in it, what is held for the
 * customer and the time, decide what happens next. Pure: no I/O, no botbuilder, no clock.
 */
import type { Action, Journey, Need, QuestionBudget } from '../map/index.ts';
import { addDuration } from '../shared/duration.ts';
import type { AskHistory } from './ask-history.ts';

/** A purpose grant on a held item, as the planner sees it (no value). */
export interface GrantView {
  readonly purpose: string;
  readonly expiresAt: Date;
  /** The purpose's terms changed materially since this grant (new item, other basis, longer retention). */
  readonly termsChanged?: boolean;
  /** The customer restricted its use (Art. 18): held, but not used until they consent again. */
  readonly restrictedAt?: Date;
}

/** What is held for the customer: item id → its grants. Values never reach the planner. */
export type HeldView = ReadonlyMap<string, readonly GrantView[]>;

/** How a need of the current step was settled in this run of the journey. */
export type Outcome = 'provided' | 'reused' | 'used' | 'declined';

export interface Cursor {
  readonly journey: string;
  readonly step: string;
  /** The option chosen at this step, when the step offers a choice. */
  readonly chosen?: string;
  /** Outcomes of this step's needs, keyed by `needKey`. */
  readonly outcomes: Readonly<Record<string, Outcome>>;
  /** The step's action (`do:`) was carried out and answered without an outcome of its own. */
  readonly acted?: boolean;
}

export type Decision =
  | { readonly kind: 'choose'; readonly step: string }
  | { readonly kind: 'ask'; readonly step: string; readonly need: Need }
  | {
      readonly kind: 'ask-reuse';
      readonly step: string;
      readonly need: Need;
      readonly heldFor: readonly string[];
    }
  | { readonly kind: 'use'; readonly step: string; readonly need: Need }
  | { readonly kind: 'act'; readonly step: string; readonly action: Action }
  | { readonly kind: 'skip'; readonly step: string; readonly need: Need; readonly reason: SkipReason }
  | { readonly kind: 'advance'; readonly step: string; readonly to: string; readonly say?: string }
  | { readonly kind: 'done'; readonly step: string; readonly say?: string }
  | {
      readonly kind: 'stop';
      readonly step: string;
      readonly reason: 'required-declined';
      readonly need: Need;
    };

export const needKey = (n: Pick<Need, 'item' | 'purpose'>): string => `${n.item}:${n.purpose}`;

/** Why the planner did not ask for a need it could have asked for. */
export type SkipReason = 'never-ask' | 'cooldown' | 'deferred' | 'budget';

/** What the customer said about being asked before, and the catalog's rules for it. */
export interface AskGuard {
  readonly history: AskHistory;
  /** ISO 8601 durations per purpose: quiet time after a decline and after "ask me later". */
  readonly askAgainAfter: (purpose: string) => string;
  readonly askLaterAfter: (purpose: string) => string;
  readonly budget?: QuestionBudget;
}

/** Why not to ask for `need` now, or undefined when asking is fine. */
export function skipReason(need: Need, guard: AskGuard | undefined, now: Date): SkipReason | undefined {
  if (!guard) return undefined;
  const { history } = guard;
  if (history.neverAsk.has(need.item)) return 'never-ask';
  const refusal = history.refusals.get(needKey(need));
  if (refusal) {
    const quiet =
      refusal.event === 'declined' ? guard.askAgainAfter(need.purpose) : guard.askLaterAfter(need.purpose);
    if (addDuration(refusal.at, quiet) > now) return refusal.event === 'declined' ? 'cooldown' : 'deferred';
  }
  const budget = guard.budget;
  if (!need.required && budget) {
    const recent = history.optionalAsks.filter((at) => addDuration(at, budget.window) > now).length;
    if (recent >= budget.max) return 'budget';
  }
  return undefined;
}

const active = (grants: readonly GrantView[], now: Date) => grants.filter((g) => g.expiresAt > now);

/**
 * What to do about one unsettled need: use what is held, ask to reuse it, or ask for it. A grant
 * whose purpose terms changed materially, or whose use the customer restricted, is not used: its
 * value is held, so it is asked to reuse (a "yes" is a fresh consent and lifts the restriction).
 */
export function decideNeed(step: string, need: Need, held: HeldView, now: Date, guard?: AskGuard): Decision {
  const grants = active(held.get(need.item) ?? [], now);
  if (grants.some((g) => g.purpose === need.purpose && !g.termsChanged && !g.restrictedAt))
    return { kind: 'use', step, need };
  const reason = skipReason(need, guard, now);
  if (reason) return { kind: 'skip', step, need, reason };
  if (grants.length > 0) {
    return { kind: 'ask-reuse', step, need, heldFor: [...new Set(grants.map((g) => g.purpose))] };
  }
  return { kind: 'ask', step, need };
}

/** Decides the next thing to do in `journey` from `cursor`. */
export function nextStep(
  journey: Journey,
  cursor: Cursor,
  held: HeldView,
  now: Date,
  guard?: AskGuard,
): Decision {
  const step = journey.steps[cursor.step];
  if (!step) throw new Error(`journey ${journey.id} has no step ${cursor.step}`);
  if (step.choice && !cursor.chosen) return { kind: 'choose', step: cursor.step };
  const open = step.needs.find((n) => cursor.outcomes[needKey(n)] === undefined);
  if (open) return decideNeed(cursor.step, open, held, now, guard);
  const declined = step.needs.filter((n) => cursor.outcomes[needKey(n)] === 'declined');
  if (declined.length > 0 && step.onDecline)
    return { kind: 'advance', step: cursor.step, to: step.onDecline };
  const blocking = declined.find((n) => n.required);
  if (blocking) return { kind: 'stop', step: cursor.step, reason: 'required-declined', need: blocking };
  if (step.do && !cursor.acted) return { kind: 'act', step: cursor.step, action: step.do };
  const chosenNext = step.choice?.options.find((o) => o.id === cursor.chosen)?.next;
  const to = chosenNext ?? step.next;
  const say = step.say;
  if (to)
    return say ? { kind: 'advance', step: cursor.step, to, say } : { kind: 'advance', step: cursor.step, to };
  return say ? { kind: 'done', step: cursor.step, say } : { kind: 'done', step: cursor.step };
}
